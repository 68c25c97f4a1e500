// Package githubtest is an in-memory GitHub REST API for tests: open pull requests listed with
// ETags (a matching If-None-Match answers 304 and costs no rate limit), Link-header pagination,
// rate-limit headers, issue comments, token checks and injected failures.
package githubtest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// PR is one pull request of the fake.
type PR struct {
	Number      int
	Title       string
	Body        string
	Author      string
	Association string // OWNER, MEMBER, CONTRIBUTOR, ...
	HeadSHA     string
	HeadRef     string
	HeadRepo    string // "" = same repository; another name = a fork
	Closed      bool   // closed or merged: no longer listed, still readable by number
}

// Comment is an issue comment on the fake.
type Comment struct {
	ID     int64
	Repo   string
	Number int
	Body   string
	Edits  int // PATCHes it received
}

// Fault is an injected failure: the next Times requests whose "METHOD path" starts with Match
// answer Status with Header and a GitHub-style message.
type Fault struct {
	Match   string
	Status  int
	Message string
	Header  map[string]string
	Times   int
}

// Server is the fake. Its counters say what a client cost.
type Server struct {
	*httptest.Server
	Token    string // required as "Bearer <Token>" when set
	PageSize int    // pull requests per page (GitHub's per_page); default 100

	mu        sync.Mutex
	pulls     map[string][]PR // by repo
	comments  []*Comment
	nextID    int64
	faults    []*Fault
	listCalls int // GET .../pulls, every page
	notMod    int // 304 answers
	charged   int // requests that count against the rate limit (everything but 304)
	remaining int
}

// New starts a fake that is closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{pulls: map[string][]PR{}, nextID: 1000, remaining: 5000, PageSize: 100}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// SetPulls replaces a repository's open pull requests.
func (s *Server) SetPulls(repo string, prs ...PR) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pulls[repo] = append([]PR(nil), prs...)
}

// Push gives an open pull request a new head SHA.
func (s *Server) Push(repo string, number int, sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.pulls[repo] {
		if s.pulls[repo][i].Number == number {
			s.pulls[repo][i].HeadSHA = sha
		}
	}
}

// ClosePull closes a pull request: lists leave it out, reading it by number says "closed".
func (s *Server) ClosePull(repo string, number int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.pulls[repo] {
		if s.pulls[repo][i].Number == number {
			s.pulls[repo][i].Closed = true
		}
	}
}

// Fail injects a failure.
func (s *Server) Fail(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// Comments returns a copy of every comment.
func (s *Server) Comments() []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Comment, 0, len(s.comments))
	for _, c := range s.comments {
		out = append(out, *c)
	}
	return out
}

// Counts returns the list calls, the 304 answers and the requests charged to the rate limit.
func (s *Server) Counts() (lists, notModified, charged int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.listCalls, s.notMod, s.charged
}

var (
	pullsRe    = regexp.MustCompile(`^/repos/([^/]+/[^/]+)/pulls$`)
	pullRe     = regexp.MustCompile(`^/repos/([^/]+/[^/]+)/pulls/(\d+)$`)
	commentsRe = regexp.MustCompile(`^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$`)
	commentRe  = regexp.MustCompile(`^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$`)
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := r.Method + " " + r.URL.Path
	for _, f := range s.faults {
		if f.Times > 0 && strings.HasPrefix(key, f.Match) {
			f.Times--
			for k, v := range f.Header {
				w.Header().Set(k, v)
			}
			s.charged++
			writeJSON(w, f.Status, map[string]string{"message": f.Message})
			return
		}
	}
	if s.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials"})
		return
	}
	if m := pullsRe.FindStringSubmatch(r.URL.Path); m != nil && r.Method == http.MethodGet {
		s.listPulls(w, r, m[1])
		return
	}
	s.charged++
	s.remaining--
	w.Header().Set("X-Ratelimit-Remaining", strconv.Itoa(s.remaining))
	w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10))
	var in struct {
		Body string `json:"body"`
	}
	if m := pullRe.FindStringSubmatch(r.URL.Path); m != nil && r.Method == http.MethodGet {
		n, _ := strconv.Atoi(m[2])
		for _, p := range s.pulls[m[1]] {
			if p.Number == n {
				writeJSON(w, http.StatusOK, s.pullJSON(m[1], p))
				return
			}
		}
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return
	}
	switch m := commentsRe.FindStringSubmatch(r.URL.Path); {
	case m != nil && r.Method == http.MethodGet:
		n, _ := strconv.Atoi(m[2])
		list := []map[string]any{}
		for _, c := range s.comments {
			if c.Repo == m[1] && c.Number == n {
				list = append(list, s.commentJSON(c))
			}
		}
		writeJSON(w, http.StatusOK, list)
	case m != nil && r.Method == http.MethodPost:
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Validation Failed"})
			return
		}
		n, _ := strconv.Atoi(m[2])
		s.nextID++
		c := &Comment{ID: s.nextID, Repo: m[1], Number: n, Body: in.Body}
		s.comments = append(s.comments, c)
		writeJSON(w, http.StatusCreated, s.commentJSON(c))
	default:
		m := commentRe.FindStringSubmatch(r.URL.Path)
		if m == nil || r.Method != http.MethodPatch {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
			return
		}
		id, _ := strconv.ParseInt(m[2], 10, 64)
		for _, c := range s.comments {
			if c.ID == id && c.Repo == m[1] {
				if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
					writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Validation Failed"})
					return
				}
				c.Body = in.Body
				c.Edits++
				writeJSON(w, http.StatusOK, s.commentJSON(c))
				return
			}
		}
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
	}
}

func (s *Server) listPulls(w http.ResponseWriter, r *http.Request, repo string) {
	s.listCalls++
	prs, ok := s.pulls[repo]
	if !ok {
		s.charged++
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
		return
	}
	sorted := make([]PR, 0, len(prs))
	for _, p := range prs {
		if !p.Closed {
			sorted = append(sorted, p)
		}
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Number > sorted[j].Number })
	all := make([]map[string]any, 0, len(sorted))
	for _, p := range sorted {
		all = append(all, s.pullJSON(repo, p))
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	size := max(s.PageSize, 1)
	lo, hi := min((page-1)*size, len(all)), min(page*size, len(all))
	body, _ := json.Marshal(all[lo:hi])
	sum := sha256.Sum256(body)
	etag := `W/"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		s.notMod++
		w.Header().Set("X-Ratelimit-Remaining", strconv.Itoa(s.remaining))
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.charged++
	s.remaining--
	w.Header().Set("X-Ratelimit-Remaining", strconv.Itoa(s.remaining))
	if hi < len(all) {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(page+1))
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?%s>; rel="next"`, s.URL, r.URL.Path, q.Encode()))
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func (s *Server) pullJSON(repo string, p PR) map[string]any {
	headRepo := repo
	if p.HeadRepo != "" {
		headRepo = p.HeadRepo
	}
	state := "open"
	if p.Closed {
		state = "closed"
	}
	return map[string]any{
		"number": p.Number, "title": p.Title, "body": p.Body, "state": state, "draft": false,
		"html_url":           "https://github.com/" + repo + "/pull/" + strconv.Itoa(p.Number),
		"author_association": p.Association, "user": map[string]any{"login": p.Author},
		"head": map[string]any{"ref": p.HeadRef, "sha": p.HeadSHA,
			"repo": map[string]any{"full_name": headRepo, "fork": headRepo != repo, "html_url": "https://github.com/" + headRepo}},
		"base": map[string]any{"ref": "main", "sha": "base0000",
			"repo": map[string]any{"full_name": repo, "fork": false, "html_url": "https://github.com/" + repo}},
	}
}

func (s *Server) commentJSON(c *Comment) map[string]any {
	return map[string]any{"id": c.ID, "body": c.Body,
		"html_url": fmt.Sprintf("https://github.com/%s/pull/%d#issuecomment-%d", c.Repo, c.Number, c.ID)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

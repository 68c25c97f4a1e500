package github

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// PullRequest is what a review needs of an open pull request.
type PullRequest struct {
	Number            int    `json:"number"`
	Title             string `json:"title"`
	Body              string `json:"body"`
	HTMLURL           string `json:"html_url"`
	Draft             bool   `json:"draft"`
	State             string `json:"state"`
	AuthorAssociation string `json:"author_association"`
	User              struct {
		Login string `json:"login"`
	} `json:"user"`
	Head Ref `json:"head"`
	Base Ref `json:"base"`
}

// Ref is one side of a pull request. Repo is nil when the head's fork was deleted.
type Ref struct {
	Ref  string `json:"ref"`
	SHA  string `json:"sha"`
	Repo *struct {
		FullName string `json:"full_name"`
		HTMLURL  string `json:"html_url"`
		Fork     bool   `json:"fork"`
	} `json:"repo"`
}

// FromFork reports whether the head branch lives in another repository than the base: such a PR's
// code comes from someone who may have no rights on the repository.
func (p PullRequest) FromFork() bool {
	if p.Head.Repo == nil || p.Base.Repo == nil {
		return true
	}
	return !strings.EqualFold(p.Head.Repo.FullName, p.Base.Repo.FullName)
}

// PullsPage is the answer of ListOpenPulls.
type PullsPage struct {
	Pulls       []PullRequest
	ETag        string // of the first page; send it back to ask "anything new?"
	NotModified bool   // the list did not change since ETag: nothing was read, no rate limit spent
}

// repoRe is owner/repo as GitHub allows them.
var repoRe = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)

// ValidRepo reports whether s is an owner/repo name.
func ValidRepo(s string) bool { return repoRe.MatchString(s) }

// maxPages bounds the pages one poll follows (100 PRs each).
const maxPages = 30

// ListOpenPulls lists a repository's open pull requests, following Link pagination. etag is the
// first page's ETag from the previous call: when the list is unchanged GitHub answers 304, which
// costs no rate limit, and NotModified is set.
func (c *Client) ListOpenPulls(ctx context.Context, repo, etag string) (PullsPage, error) {
	if !ValidRepo(repo) {
		return PullsPage{}, fmt.Errorf("%q is not owner/repo", repo)
	}
	next := "/repos/" + repo + "/pulls?state=open&per_page=100&sort=updated&direction=desc"
	var page PullsPage
	for i := 0; next != "" && i < maxPages; i++ {
		cond := ""
		if i == 0 {
			cond = etag
		}
		resp, err := c.do(ctx, "GET", next, nil, cond)
		if err != nil {
			return PullsPage{}, err
		}
		if resp.notModified {
			return PullsPage{ETag: etag, NotModified: true}, nil
		}
		if i == 0 {
			page.ETag = resp.header.Get("ETag")
		}
		var pulls []PullRequest
		if err := json.Unmarshal(resp.body, &pulls); err != nil {
			return PullsPage{}, fmt.Errorf("read pull requests of %s: %w", repo, err)
		}
		page.Pulls = append(page.Pulls, pulls...)
		next = nextLink(resp.header.Get("Link"), c.base)
	}
	return page, nil
}

// GetPull reads one pull request, open or not: State says which ("open" or "closed") and Head
// its current head.
func (c *Client) GetPull(ctx context.Context, repo string, number int) (PullRequest, error) {
	if !ValidRepo(repo) {
		return PullRequest{}, fmt.Errorf("%q is not owner/repo", repo)
	}
	if number <= 0 {
		return PullRequest{}, fmt.Errorf("pull request number %d is not positive", number)
	}
	resp, err := c.do(ctx, "GET", fmt.Sprintf("/repos/%s/pulls/%d", repo, number), nil, "")
	if err != nil {
		return PullRequest{}, err
	}
	var pr PullRequest
	if err := json.Unmarshal(resp.body, &pr); err != nil {
		return PullRequest{}, fmt.Errorf("read pull request %s#%d: %w", repo, number, err)
	}
	return pr, nil
}

// nextLink returns the rel="next" URL of a Link header, or "" when there is none or it points
// away from the API root (a token must never be sent elsewhere).
func nextLink(header, base string) string {
	for _, part := range strings.Split(header, ",") {
		segs := strings.Split(part, ";")
		if len(segs) < 2 {
			continue
		}
		target := strings.Trim(strings.TrimSpace(segs[0]), "<>")
		for _, p := range segs[1:] {
			if strings.ReplaceAll(strings.TrimSpace(p), " ", "") == `rel="next"` {
				if sameOrigin(target, base) {
					return target
				}
				return ""
			}
		}
	}
	return ""
}

func sameOrigin(target, base string) bool {
	t, err1 := url.Parse(target)
	b, err2 := url.Parse(base)
	return err1 == nil && err2 == nil && t.Scheme == b.Scheme && strings.EqualFold(t.Host, b.Host)
}

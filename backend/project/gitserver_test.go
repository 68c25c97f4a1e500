package project

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fixtureCommits is the size of the repository the clone tests and the benchmark use.
const fixtureCommits = 2000

// fixtureRoot holds src.git, a bare repository of fixtureCommits commits, built once for the
// package by TestMain.
var fixtureRoot string

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "agented-project-git-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		if err := buildFixture(filepath.Join(dir, "src.git"), fixtureCommits); err != nil {
			fmt.Fprintln(os.Stderr, "build the git fixture:", err)
			return 1
		}
		fixtureRoot = dir
		return m.Run()
	}()
	os.Exit(code)
}

// buildFixture makes a bare repository of n commits on main with git fast-import, each commit
// changing three ~2 KB Markdown files (a few seconds; git commit in a loop would take minutes).
func buildFixture(bare string, n int) error {
	if out, err := exec.Command("git", "init", "--quiet", "--bare", "--initial-branch=main", bare).CombinedOutput(); err != nil {
		return fmt.Errorf("git init: %v: %s", err, out)
	}
	cmd := exec.Command("git", "-C", bare, "fast-import", "--quiet")
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	w := bufio.NewWriterSize(in, 1<<20)
	para := strings.Repeat("Agented clones this repository in its tests. ", 40) // ~1.8 KB
	for i := 1; i <= n; i++ {
		msg := fmt.Sprintf("commit %d\n", i)
		fmt.Fprintf(w, "commit refs/heads/main\nmark :%d\ncommitter Test <test@example.com> %d +0000\ndata %d\n%s", i, 1700000000+i*60, len(msg), msg)
		if i > 1 {
			fmt.Fprintf(w, "from :%d\n", i-1)
		}
		for f := 0; f < 3; f++ {
			body := fmt.Sprintf("# File %d\n\nRevision %d of file %d.\n\n%s\n", (i+f)%50, i, f, para)
			fmt.Fprintf(w, "M 100644 inline docs/file-%02d.md\ndata %d\n%s\n", (i*3+f)%50, len(body), body)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("fast-import: %v: %s", err, stderr.String())
	}
	return nil
}

// gitServer serves the repositories under root over HTTP with git http-backend. With a password
// it asks for basic auth; stall > 0 makes every response stop after that many bytes until the
// client goes away (a clone that hangs mid-download, for cancel tests), closing stalled once.
type gitServer struct {
	*httptest.Server
	stalled chan struct{}
}

func newGitServer(t testing.TB, root, password string, stall int) *gitServer {
	t.Helper()
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Fatalf("git --exec-path: %v", err)
	}
	backend := &cgi.Handler{
		Path: filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend"),
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	gs := &gitServer{stalled: make(chan struct{})}
	var once sync.Once
	gs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if password != "" {
			if _, p, ok := r.BasicAuth(); !ok || p != password {
				w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
		}
		if stall > 0 && strings.HasSuffix(r.URL.Path, "/git-upload-pack") {
			w = &stallWriter{ResponseWriter: w, left: stall, ctx: r.Context(), reached: func() { once.Do(func() { close(gs.stalled) }) }}
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(gs.Close)
	return gs
}

// stallWriter passes left bytes, then blocks until the request ends.
type stallWriter struct {
	http.ResponseWriter
	left    int
	ctx     context.Context
	reached func()
}

func (w *stallWriter) Write(p []byte) (int, error) {
	if w.left <= 0 {
		w.reached()
		<-w.ctx.Done()
		return 0, w.ctx.Err()
	}
	n := min(len(p), w.left)
	written, err := w.ResponseWriter.Write(p[:n])
	w.left -= written
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
	if err != nil || n == len(p) {
		return written, err
	}
	more, err := w.Write(p[n:])
	return written + more, err
}

// smallBare gives a test its own small bare repository (three commits), which it may push to.
func smallBare(t testing.TB) string {
	t.Helper()
	bare := filepath.Join(t.TempDir(), "small.git")
	if err := buildFixture(bare, 3); err != nil {
		t.Fatal(err)
	}
	return bare
}

// gitRun runs git in dir with a fixed identity and fails the test on error.
func gitRun(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// pushCommit adds a commit changing file to the bare repository's main branch.
func pushCommit(t testing.TB, bare, file, content string) string {
	t.Helper()
	work := filepath.Join(t.TempDir(), "w")
	gitRun(t, "", "clone", "--quiet", bare, work)
	if err := os.WriteFile(filepath.Join(work, file), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	gitRun(t, work, "add", file)
	gitRun(t, work, "commit", "--quiet", "-m", "change "+file)
	gitRun(t, work, "push", "--quiet", "origin", "main")
	return gitRun(t, work, "rev-parse", "HEAD")
}

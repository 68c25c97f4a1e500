package worktree

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// gitIn runs git in dir with an identity given by the environment, as a user's would be.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// newRepo makes a repository with one commit (a.txt, b.txt, sub/c.txt) and a committer identity
// in its own config, so commits made by the package succeed.
func newRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "one\ntwo\nthree\n")
	write(t, filepath.Join(dir, "b.txt"), "b\n")
	write(t, filepath.Join(dir, "sub", "c.txt"), "c\n")
	write(t, filepath.Join(dir, ".gitignore"), "*.log\n")
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "config", "user.name", "Repo User")
	gitIn(t, dir, "config", "user.email", "repo@example.com")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-qm", "init")
	return dir
}

func TestCreateIsolatesTheRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	repo := newRepo(t)
	root := filepath.Join(t.TempDir(), "worktrees")
	m := New()
	w, err := m.Create(ctx, repo, root, "exec-1")
	if err != nil {
		t.Fatal(err)
	}
	if w.Branch != "agented/exec-1" || w.Path != filepath.Join(root, "exec-1") || w.RunDir != w.Path || len(w.Base) != 40 {
		t.Fatalf("worktree = %+v", w)
	}
	// The run edits, adds and deletes, and commits one change itself.
	write(t, filepath.Join(w.RunDir, "a.txt"), "one\n2\nthree\nfour\n")
	write(t, filepath.Join(w.RunDir, "new.txt"), "n1\nn2\n")
	write(t, filepath.Join(w.RunDir, "build.log"), "ignored\n")
	if err := os.Remove(filepath.Join(w.RunDir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(w.RunDir, "sub", "c.txt"), "c\nmore\n")
	gitIn(t, w.RunDir, "commit", "-qam", "run's own commit")

	if got := gitIn(t, repo, "status", "--porcelain"); got != "" {
		t.Fatalf("main clone changed: %q", got)
	}
	if got := read(t, filepath.Join(repo, "a.txt")); got != "one\ntwo\nthree\n" {
		t.Fatalf("main clone's a.txt = %q", got)
	}
	if got := gitIn(t, repo, "rev-parse", "--abbrev-ref", "HEAD"); got != "main" {
		t.Fatalf("main clone is on %q", got)
	}

	st, err := Stat(ctx, Ref{Repo: w.Repo, Path: w.Path, Branch: w.Branch, Base: w.Base})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{"a.txt": {2, 1}, "b.txt": {0, 1}, "new.txt": {2, 0}, "sub/c.txt": {1, 0}}
	if st.FilesChanged != 4 || st.Insertions != 5 || st.Deletions != 2 || len(st.Files) != 4 {
		t.Fatalf("stat = %+v", st)
	}
	for _, f := range st.Files {
		if w, ok := want[f.Path]; !ok || w != [2]int{f.Insertions, f.Deletions} {
			t.Fatalf("file %+v, want %v", f, want[f.Path])
		}
	}
	text, cut, err := DiffText(ctx, Ref{Repo: w.Repo, Path: w.Path, Branch: w.Branch, Base: w.Base})
	if err != nil || cut {
		t.Fatalf("diff: %v, truncated %v", err, cut)
	}
	for _, s := range []string{"+++ b/new.txt", "+n1", "-two", "+2", "--- a/b.txt"} {
		if !strings.Contains(text, s) {
			t.Fatalf("diff lacks %q:\n%s", s, text)
		}
	}
	// The diff used a temporary index: new.txt is still untracked in the worktree.
	if got := gitIn(t, w.Path, "status", "--porcelain", "--", "new.txt"); got != "?? new.txt" {
		t.Fatalf("worktree index changed by the diff: %q", got)
	}
}

func TestCreateFromSubdirectory(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	w, err := New().Create(context.Background(), filepath.Join(repo, "sub"), t.TempDir(), "exec-sub")
	if err != nil {
		t.Fatal(err)
	}
	if w.RunDir != filepath.Join(w.Path, "sub") || read(t, filepath.Join(w.RunDir, "c.txt")) != "c\n" {
		t.Fatalf("run dir %s", w.RunDir)
	}
}

func TestCreateRefuses(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	gitIn(t, empty, "init", "-q")
	tests := []struct {
		name string
		dir  string
		want error
		text string
	}{
		{"not a repository", t.TempDir(), ErrNotRepo, "is not inside a git repository"},
		{"no commit yet", empty, ErrNoCommits, "no commit"},
		{"directory missing", filepath.Join(t.TempDir(), "gone"), ErrNotRepo, "gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := New().Create(context.Background(), tt.dir, t.TempDir(), "x")
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("err = %v, want %v mentioning %q", err, tt.want, tt.text)
			}
		})
	}
}

func TestConcurrentRunsGetTheirOwnWorktrees(t *testing.T) {
	t.Parallel()
	repo := newRepo(t)
	root := t.TempDir()
	m := New()
	const n = 4
	trees := make([]Worktree, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			trees[i], errs[i] = m.Create(context.Background(), repo, root, "run-"+string(rune('a'+i)))
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, w := range trees {
		if errs[i] != nil {
			t.Fatalf("run %d: %v", i, errs[i])
		}
		if seen[w.Path] {
			t.Fatalf("two runs share %s", w.Path)
		}
		seen[w.Path] = true
		write(t, filepath.Join(w.Path, "a.txt"), w.Branch+"\n")
	}
	for _, w := range trees {
		if got := read(t, filepath.Join(w.Path, "a.txt")); got != w.Branch+"\n" {
			t.Fatalf("%s holds %q", w.Path, got)
		}
	}
}

func TestRemoveSavesUncommittedChangesAsACommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	repo := newRepo(t)
	m := New()
	w, err := m.Create(ctx, repo, t.TempDir(), "exec-save")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(w.Path, "a.txt"), "changed\n")
	write(t, filepath.Join(w.Path, "fresh.txt"), "fresh\n")
	write(t, filepath.Join(w.Path, "x.log"), "ignored\n")
	ref := Ref{Repo: w.Repo, Path: w.Path, Branch: w.Branch, Base: w.Base}
	saved, err := m.Remove(ctx, ref, filepath.Join(t.TempDir(), "p.patch"))
	if err != nil {
		t.Fatal(err)
	}
	if saved.Commit == "" || saved.Patch != "" || !strings.Contains(saved.Note, "commit") || !strings.Contains(saved.Note, "1 ignored file") {
		t.Fatalf("saved = %+v", saved)
	}
	if _, err := os.Stat(w.Path); !os.IsNotExist(err) {
		t.Fatalf("worktree still there: %v", err)
	}
	// The branch is kept and holds the work.
	if got := gitIn(t, repo, "log", "-1", "--format=%s", w.Branch); got != SaveMessage {
		t.Fatalf("branch tip message %q", got)
	}
	if got := gitIn(t, repo, "show", w.Branch+":fresh.txt"); got != "fresh" {
		t.Fatalf("fresh.txt on the branch = %q", got)
	}
	if got := gitIn(t, repo, "rev-parse", w.Branch); got != saved.Commit {
		t.Fatalf("branch at %s, saved %s", got, saved.Commit)
	}
	// Once removed, the summary comes from the branch.
	st, err := Stat(ctx, ref)
	if err != nil || st.FilesChanged != 2 {
		t.Fatalf("stat after removal = %+v, %v", st, err)
	}
}

func TestRemoveCleanWorktreeAndOneAlreadyGone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	repo := newRepo(t)
	m := New()
	root := t.TempDir()
	clean, err := m.Create(ctx, repo, root, "clean")
	if err != nil {
		t.Fatal(err)
	}
	saved, err := m.Remove(ctx, Ref{Repo: repo, Path: clean.Path, Branch: clean.Branch, Base: clean.Base}, filepath.Join(root, "p"))
	if err != nil || saved.Commit != "" || saved.Patch != "" || !strings.Contains(saved.Note, "no uncommitted changes") {
		t.Fatalf("clean removal = %+v, %v", saved, err)
	}
	gone, err := m.Create(ctx, repo, root, "gone")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(gone.Path); err != nil {
		t.Fatal(err)
	}
	saved, err = m.Remove(ctx, Ref{Repo: repo, Path: gone.Path, Branch: gone.Branch, Base: gone.Base}, filepath.Join(root, "p"))
	if err != nil || !strings.Contains(saved.Note, "already gone") {
		t.Fatalf("removal of a missing worktree = %+v, %v", saved, err)
	}
	if out := gitIn(t, repo, "branch", "--list", "agented/*"); !strings.Contains(out, "agented/clean") || !strings.Contains(out, "agented/gone") {
		t.Fatalf("branches not kept: %q", out)
	}
}

// TestRemoveFallsBackToAPatch: with no committer identity anywhere (a global config that is
// empty, and user.useConfigOnly so git does not make one up from the host name), the commit
// fails and the changes land in a patch that applies on the branch.
func TestRemoveFallsBackToAPatch(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, "empty-gitconfig"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	repo := newRepo(t)
	gitIn(t, repo, "config", "--unset", "user.email")
	gitIn(t, repo, "config", "--unset", "user.name")
	gitIn(t, repo, "config", "user.useConfigOnly", "true")
	m := New()
	w, err := m.Create(ctx, repo, t.TempDir(), "exec-patch")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(w.Path, "a.txt"), "patched\n")
	write(t, filepath.Join(w.Path, "brand-new.txt"), "new\n")
	patch := filepath.Join(t.TempDir(), "saved", "exec-patch.patch")
	saved, err := m.Remove(ctx, Ref{Repo: repo, Path: w.Path, Branch: w.Branch, Base: w.Base}, patch)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Commit != "" || saved.Patch != patch || !strings.Contains(saved.Note, "patch "+patch) {
		t.Fatalf("saved = %+v", saved)
	}
	if _, err := os.Stat(w.Path); !os.IsNotExist(err) {
		t.Fatalf("worktree still there: %v", err)
	}
	// The patch restores the work on its branch.
	check := filepath.Join(t.TempDir(), "check")
	gitIn(t, repo, "worktree", "add", "-q", check, w.Branch)
	gitIn(t, check, "apply", patch)
	if read(t, filepath.Join(check, "a.txt")) != "patched\n" || read(t, filepath.Join(check, "brand-new.txt")) != "new\n" {
		t.Fatal("the patch does not restore the changes")
	}
}

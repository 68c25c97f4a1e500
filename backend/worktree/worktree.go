// Package worktree gives a run its own git worktree on branch agented/<run id>, made from the
// repository its directory belongs to, so runs never edit the user's checkout or each other's
// files; it summarises what a run changed against the commit it started from, and removes a
// worktree only after its uncommitted changes are saved (a commit on its branch, else a patch
// file). It uses the git CLI: go-git has no worktree support.
package worktree

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// BranchPrefix starts the branch of every run's worktree.
const BranchPrefix = "agented/"

// Worktree is one run's isolated checkout.
type Worktree struct {
	Repo   string // top of the repository it was made from
	Path   string // the worktree's directory
	RunDir string // where the run works: Path, or the same subdirectory the trigger linked
	Branch string // agented/<run id>
	Base   string // the commit it was made from
}

// Manager creates and removes worktrees. Git refuses concurrent changes to one repository's
// worktree list (it locks its files), so changes to a repository are serialised here.
type Manager struct {
	mu    sync.Mutex
	repos map[string]*sync.Mutex
}

// New returns a Manager.
func New() *Manager { return &Manager{repos: map[string]*sync.Mutex{}} }

func (m *Manager) lock(repo string) func() {
	m.mu.Lock()
	l, ok := m.repos[repo]
	if !ok {
		l = &sync.Mutex{}
		m.repos[repo] = l
	}
	m.mu.Unlock()
	l.Lock()
	return l.Unlock
}

// RepoOf returns the top of the git work tree dir belongs to, or ErrNotRepo saying so.
func RepoOf(ctx context.Context, dir string) (string, error) {
	top, err := gitLine(ctx, dir, "rev-parse", "--show-toplevel")
	if errors.Is(err, ErrGitMissing) {
		return "", err
	}
	if err != nil || top == "" {
		return "", fmt.Errorf("%w: %s is not inside a git repository (link a cloned project or a directory under git, or set isolation to none)", ErrNotRepo, dir)
	}
	return top, nil
}

// Create makes the worktree of run id from the HEAD of the repository dir belongs to, at
// <root>/<id>, on a new branch agented/<id>.
func (m *Manager) Create(ctx context.Context, dir, root, id string) (Worktree, error) {
	repo, err := RepoOf(ctx, dir)
	if err != nil {
		return Worktree{}, err
	}
	base, err := gitLine(ctx, repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	if err != nil || base == "" {
		return Worktree{}, fmt.Errorf("%w: %s", ErrNoCommits, repo)
	}
	w := Worktree{Repo: repo, Path: filepath.Join(root, id), Branch: BranchPrefix + id, Base: base}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return Worktree{}, fmt.Errorf("create the worktree directory: %w", err)
	}
	unlock := m.lock(repo)
	_, err = git(ctx, repo, nil, "worktree", "add", "--quiet", "-b", w.Branch, w.Path, base)
	unlock()
	if err != nil {
		return Worktree{}, fmt.Errorf("create worktree for %s: %w", repo, err)
	}
	w.RunDir = w.Path
	if rel, ok := within(repo, dir); ok && rel != "." {
		w.RunDir = filepath.Join(w.Path, rel)
		if err := os.MkdirAll(w.RunDir, 0o700); err != nil { // an untracked subdirectory is not checked out
			return w, fmt.Errorf("create %s in the worktree: %w", rel, err)
		}
	}
	return w, nil
}

// within says where dir lies below repo (both with symlinks resolved).
func within(repo, dir string) (string, bool) {
	r, err1 := filepath.EvalSymlinks(repo)
	d, err2 := filepath.EvalSymlinks(dir)
	if err1 != nil || err2 != nil {
		return "", false
	}
	rel, err := filepath.Rel(r, d)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

package worktree

import "errors"

// Sentinel errors; the wrapped text says which directory and why.
var (
	// ErrNotRepo: the directory a run would branch from is not inside a git work tree.
	ErrNotRepo = errors.New("worktree isolation needs a git repository")
	// ErrNoCommits: the repository has no commit to branch from.
	ErrNoCommits = errors.New("the repository has no commit to branch from")
	// ErrGitMissing: the git command is not installed.
	ErrGitMissing = errors.New("git is not installed")
)

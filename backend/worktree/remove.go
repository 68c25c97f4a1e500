package worktree

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SaveMessage is the message of the commit that keeps a worktree's uncommitted changes.
const SaveMessage = "agented: uncommitted changes saved before removing the worktree"

// Saved says where a removed worktree's uncommitted changes went: a commit on its branch, a
// patch file, or nowhere because there were none (Note says which, for a person).
type Saved struct {
	Commit string `json:"commit"`
	Patch  string `json:"patch"`
	Note   string `json:"note"`
}

// Remove removes the worktree at r.Path, keeping its branch. Uncommitted changes are first
// committed on the branch; when git cannot commit (no identity configured, a broken index), they
// are written to patchFile instead. If neither works the worktree stays and the error says why:
// no change is ever dropped here.
func (m *Manager) Remove(ctx context.Context, r Ref, patchFile string) (Saved, error) {
	unlock := m.lock(r.Repo)
	defer unlock()
	if !present(r.Path) {
		// Deleted by hand: git's record of it is stale, and nothing is left to save.
		_, _ = git(ctx, r.Repo, nil, "worktree", "prune")
		return Saved{Note: fmt.Sprintf("the worktree directory was already gone; branch %s is kept", r.Branch)}, nil
	}
	status, err := git(ctx, r.Path, nil, "status", "--porcelain", "-z", "--untracked-files=all")
	if err != nil {
		return Saved{}, fmt.Errorf("read the worktree's status (nothing was removed): %w", err)
	}
	var saved Saved
	if status != "" {
		saved, err = save(ctx, r, patchFile)
		if err != nil {
			return Saved{}, err
		}
	} else {
		saved.Note = fmt.Sprintf("no uncommitted changes; branch %s is kept", r.Branch)
	}
	if n := ignoredCount(ctx, r.Path); n > 0 {
		saved.Note += fmt.Sprintf("; %d ignored file(s) (build output, dependencies: what .gitignore excludes) were not kept", n)
	}
	// --force: a worktree whose changes went to a patch still looks dirty to git.
	if _, err := git(ctx, r.Repo, nil, "worktree", "remove", "--force", r.Path); err != nil {
		return saved, fmt.Errorf("remove the worktree (its changes are saved: %s): %w", saved.Note, err)
	}
	return saved, nil
}

// save commits everything in the worktree on its branch, or writes it to patchFile.
func save(ctx context.Context, r Ref, patchFile string) (Saved, error) {
	_, addErr := git(ctx, r.Path, nil, "add", "-A", "--", ".")
	var commitErr error
	if addErr == nil {
		// --no-verify: a hook that rejects work in progress must not stand between it and safety.
		_, commitErr = git(ctx, r.Path, nil, "commit", "--quiet", "--no-verify", "-m", SaveMessage)
		if commitErr == nil {
			sha, err := gitLine(ctx, r.Path, "rev-parse", "HEAD")
			if err == nil {
				return Saved{Commit: sha, Note: fmt.Sprintf("uncommitted changes saved as commit %s on branch %s", short(sha), r.Branch)}, nil
			}
			commitErr = err
		}
	} else {
		commitErr = addErr
	}
	patch, err := patchOf(ctx, r.Path)
	if err != nil {
		return Saved{}, fmt.Errorf("could not commit (%v) nor make a patch of the uncommitted changes (%w); the worktree was kept", commitErr, err)
	}
	if err := os.MkdirAll(filepath.Dir(patchFile), 0o700); err != nil {
		return Saved{}, fmt.Errorf("could not commit (%v) nor write the patch: %w; the worktree was kept", commitErr, err)
	}
	if err := os.WriteFile(patchFile, []byte(patch), 0o600); err != nil {
		return Saved{}, fmt.Errorf("could not commit (%v) nor write the patch: %w; the worktree was kept", commitErr, err)
	}
	return Saved{Patch: patchFile, Note: fmt.Sprintf("could not commit (%s); uncommitted changes saved as patch %s (apply with git apply on branch %s)",
		firstLine(commitErr.Error()), patchFile, r.Branch)}, nil
}

// patchOf is a binary-safe patch of every uncommitted change in the worktree at dir, new files
// included, made through a temporary index.
func patchOf(ctx context.Context, dir string) (string, error) {
	env, done, err := fullIndex(ctx, dir)
	if err != nil {
		return "", err
	}
	defer done()
	return git(ctx, dir, env, "diff", "--cached", "--binary", "--no-color", "--no-ext-diff", "HEAD", "--")
}

// ignoredCount counts what .gitignore hides in the worktree: removing it deletes those files,
// and the user is told how many.
func ignoredCount(ctx context.Context, dir string) int {
	out, err := git(ctx, dir, nil, "status", "--porcelain", "-z", "--ignored", "--untracked-files=normal")
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range strings.Split(out, "\x00") {
		if strings.HasPrefix(e, "!! ") {
			n++
		}
	}
	return n
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

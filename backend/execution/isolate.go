package execution

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/gitstate"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/worktree"
)

// worktreeRoot is where runs' worktrees go: <root>/<run id>, outside every repository.
func (e *Engine) worktreeRoot(ctx context.Context) string {
	if e.d.WorktreeRoot != nil {
		if root := e.d.WorktreeRoot(ctx); root != "" {
			return root
		}
	}
	return filepath.Join(filepath.Dir(e.d.DefaultDir), "worktrees")
}

// worktrees is set once in NewEngine: runs call this concurrently, so it is never written here.
func (e *Engine) worktrees() *worktree.Manager { return e.d.Worktrees }

// isolate puts a run of a trigger with worktree isolation in its own worktree, made from the
// repository of its working directory, and returns the directories it works in then. A run back
// from waiting for a reset goes on in the worktree it already has.
func (e *Engine) isolate(ctx context.Context, ex *Execution, t trigger.Trigger, dir string, dirs []string) (string, []string, error) {
	g, err := e.d.Store.Git(ctx, ex.ID)
	if err != nil {
		return "", nil, err
	}
	ex.GitRecord = g
	if t.Isolation != trigger.IsolationWorktree {
		ex.Isolation = trigger.IsolationNone
		return dir, dirs, nil
	}
	runDir := ""
	if ex.WorktreePath != "" && ex.WorktreeRemovedAt == "" && isDir(ex.WorktreePath) {
		runDir = ex.WorktreePath
		if strings.HasPrefix(ex.WorkingDir, ex.WorktreePath+string(filepath.Separator)) && isDir(ex.WorkingDir) {
			runDir = ex.WorkingDir
		}
	} else {
		w, err := e.worktrees().Create(ctx, dir, e.worktreeRoot(ctx), ex.ID)
		if err != nil {
			return "", nil, fmt.Errorf("worktree isolation: %w", err)
		}
		ex.Isolation, ex.RepoDir, ex.WorktreePath, ex.Branch, ex.BaseCommit = trigger.IsolationWorktree, w.Repo, w.Path, w.Branch, w.Base
		ex.WorktreeRemovedAt = ""
		runDir = w.RunDir
		if err := e.d.Store.SaveGit(ctx, ex.ID, ex.GitRecord); err != nil {
			e.log.Error("save worktree record", "execution_id", ex.ID, "err", err)
		}
	}
	out := append([]string{runDir}, dirs[1:]...)
	return runDir, out, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// recordBefore keeps the state of the run's directory before its first attempt.
func (e *Engine) recordBefore(ctx context.Context, ex *Execution, before fingerprinted) {
	if ex.GitBefore != nil || before.err != nil {
		return
	}
	st := before.state
	ex.GitBefore = &st
	if err := e.d.Store.SaveGit(ctx, ex.ID, ex.GitRecord); err != nil {
		e.log.Error("save git state", "execution_id", ex.ID, "err", err)
	}
}

// recordAfter takes the state of the run's directory after an attempt (and, in a worktree, what
// the run changed so far) and returns it for the router's "did it change anything" question.
func (e *Engine) recordAfter(ctx context.Context, ex *Execution, dir string) (gitstate.State, error) {
	after, err := gitstate.Take(ctx, dir)
	if err == nil {
		ex.GitAfter = &after
	}
	if ex.Isolation == trigger.IsolationWorktree && ex.WorktreePath != "" {
		if st, serr := worktree.Stat(ctx, refOf(ex.GitRecord)); serr == nil {
			ex.DiffStat = &st
		} else {
			e.log.Warn("diff summary", "execution_id", ex.ID, "err", serr)
		}
	}
	if ex.Isolation != "" {
		if serr := e.d.Store.SaveGit(ctx, ex.ID, ex.GitRecord); serr != nil {
			e.log.Error("save git state", "execution_id", ex.ID, "err", serr)
		}
	}
	return after, err
}

func refOf(g GitRecord) worktree.Ref {
	path := g.WorktreePath
	if g.WorktreeRemovedAt != "" {
		path = ""
	}
	return worktree.Ref{Repo: g.RepoDir, Path: path, Branch: g.Branch, Base: g.BaseCommit}
}

// Diff returns a worktree run's changes against its base commit: the worktree's files while it
// exists, its branch once removed.
func (e *Engine) Diff(ctx context.Context, id string) (Diff, error) {
	g, err := e.worktreeRecord(ctx, id)
	if err != nil {
		return Diff{}, err
	}
	ref := refOf(g)
	st, err := worktree.Stat(ctx, ref)
	if err != nil {
		return Diff{}, fmt.Errorf("diff summary: %w", err)
	}
	text, cut, err := worktree.DiffText(ctx, ref)
	if err != nil {
		return Diff{}, fmt.Errorf("diff: %w", err)
	}
	return Diff{ExecutionID: id, Branch: g.Branch, BaseCommit: g.BaseCommit, Stat: st, Text: text, Truncated: cut}, nil
}

// RemoveWorktree removes a finished run's worktree after saving its uncommitted changes (a
// commit on its branch, else a patch file next to the worktrees) and records where they went.
// The branch stays. Removing an already removed worktree returns the record as it is.
func (e *Engine) RemoveWorktree(ctx context.Context, id string) (Execution, error) {
	ex, err := e.d.Store.Get(ctx, id)
	if err != nil {
		return ex, err
	}
	if ex.Isolation != trigger.IsolationWorktree || ex.WorktreePath == "" {
		return ex, fmt.Errorf("%w: %s", ErrNoWorktree, id)
	}
	if ex.Status == StatusQueued || ex.Status == StatusRunning {
		return ex, fmt.Errorf("%w: cancel it or wait for it to end before removing its worktree", ErrRunActive)
	}
	if ex.WorktreeRemovedAt != "" {
		return ex, nil
	}
	if st, err := worktree.Stat(ctx, refOf(ex.GitRecord)); err == nil { // the summary as it is at removal
		ex.DiffStat = &st
		if err := e.d.Store.SaveGit(ctx, id, ex.GitRecord); err != nil {
			return ex, err
		}
	}
	patch := filepath.Join(filepath.Dir(ex.WorktreePath), "saved", id+".patch")
	saved, err := e.worktrees().Remove(ctx, refOf(ex.GitRecord), patch)
	if err != nil {
		return ex, fmt.Errorf("%w: %w", ErrWorktreeNotRemoved, err)
	}
	at := db.Now()
	if err := e.d.Store.RemovedWorktree(ctx, id, at, saved); err != nil {
		// The worktree is gone and the work saved; only the record failed. Say where it is.
		return ex, fmt.Errorf("%w: it is gone, but %w (%s)", ErrWorktreeNotRemoved, err, saved.Note)
	}
	e.log.Info("worktree removed", "execution_id", id, "branch", ex.Branch, "saved_commit", saved.Commit, "saved_patch", saved.Patch)
	return e.d.Store.Get(ctx, id)
}

func (e *Engine) worktreeRecord(ctx context.Context, id string) (GitRecord, error) {
	if _, err := e.d.Store.Summary(ctx, id); err != nil {
		return GitRecord{}, err
	}
	g, err := e.d.Store.Git(ctx, id)
	if err != nil {
		return g, err
	}
	if g.Isolation != trigger.IsolationWorktree || g.WorktreePath == "" {
		return g, fmt.Errorf("%w: %s", ErrNoWorktree, id)
	}
	return g, nil
}

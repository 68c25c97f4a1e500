package trigger

import (
	"context"
	"errors"

	"github.com/agented/agented/backend/validation"
	"github.com/agented/agented/backend/worktree"
)

// checkIsolation refuses worktree isolation when the directory the runs would branch from (the
// first linked project's working copy, else the first linked directory in the order the update
// gives) is not in a git repository with a commit. A trigger with no linked directory yet, or
// whose first project has no working copy yet (a clone still to make), is let through: its runs
// say what is missing.
func (s *Service) checkIsolation(ctx context.Context, in Trigger) error {
	if in.Isolation != IsolationWorktree {
		return nil
	}
	var stored []LinkedPath
	projects := in.ProjectIDs
	if in.ID != "" {
		cur, err := getTrigger(ctx, s.db.Reader, in.ID)
		if err != nil {
			return err
		}
		stored = cur.Paths
		if projects == nil {
			projects = cur.ProjectIDs
		}
	}
	dir := runDir(in, stored)
	if len(projects) > 0 {
		dir = ""
		if s.projectDir != nil {
			dir, _ = s.projectDir(ctx, projects[0]) // no working copy yet: the runs check again
		}
	}
	if dir == "" {
		return nil
	}
	errs := validation.New("trigger")
	if _, err := worktree.RepoOf(ctx, dir); err != nil {
		msg := "needs the working directory to be a git repository, and " + dir +
			" is not inside one: link a cloned project or a directory under git first, or choose none"
		if errors.Is(err, worktree.ErrGitMissing) {
			msg = "needs git, which is not installed"
		}
		errs.Add("isolation", msg)
	}
	return errs.Err()
}

// runDir is the first linked directory after the update: in.Paths reorders the stored ones.
func runDir(in Trigger, stored []LinkedPath) string {
	byID := map[int64]string{}
	for _, p := range stored {
		byID[p.ID] = p.Path
	}
	for _, p := range in.Paths {
		if dir, ok := byID[p.ID]; ok {
			return dir
		}
	}
	if len(stored) > 0 {
		return stored[0].Path
	}
	return ""
}

package project

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Outcomes of a sync.
const (
	SyncUpToDate      = "up-to-date"     // the branch already matched the remote (or was ahead of it)
	SyncFastForwarded = "fast-forwarded" // the branch moved to the remote's commit
)

// SyncResult is what a sync did.
type SyncResult struct {
	Status string `json:"status"` // up-to-date | fast-forwarded
	Branch string `json:"branch"`
	From   string `json:"from"` // the branch's commit before
	To     string `json:"to"`   // and after
}

// Sync fetches the clone's remote and fast-forwards the checked-out branch. It never merges,
// rebases or overwrites: a clone with uncommitted changes (ErrDirty) or commits of its own
// (ErrDiverged) is left as it is and the reason is recorded as the project's cloneError.
func (s *Service) Sync(ctx context.Context, id string) (SyncResult, error) {
	p, err := s.get(ctx, s.db.Reader, id)
	if err != nil {
		return SyncResult{}, err
	}
	if p.RepoURL == "" {
		return SyncResult{}, fmt.Errorf("%w: set its repository first", ErrNoRepo)
	}
	if p.CloneStatus != CloneCloned {
		return SyncResult{}, fmt.Errorf("%w: %s is not cloned (status %s); clone it first", ErrNoWorkDir, p.Name, p.CloneStatus)
	}
	token, err := s.token(id)
	if err != nil {
		return SyncResult{}, fmt.Errorf("read the project's access token: %w", err)
	}
	j, jobCtx, err := s.start(id, "sync", CloneProgress{ProjectID: id, Op: "sync"})
	if err != nil {
		return SyncResult{}, err
	}
	defer s.end(id, j)
	stop := context.AfterFunc(ctx, func() { j.stop(reasonCancelled) }) // the caller going away cancels too
	defer stop()

	res, err := s.syncRepo(jobCtx, p, token, j.progress)
	if reason := j.stopReason(); reason != "" && err != nil {
		err = fmt.Errorf("sync %s: %w", reason, err)
	}
	bg := context.Background()
	if err != nil {
		url, _ := CloneURL(p.RepoURL)
		if !errors.Is(err, ErrDirty) && !errors.Is(err, ErrDiverged) {
			err = fmt.Errorf("%w: %w", ErrRemote, cloneErrorText(err, url, token != ""))
		}
		s.setStatus(bg, id, CloneCloned, "sync: "+err.Error(), p.CloneDir, false)
		j.progress.finish(CloneCloned, err.Error())
		s.log.Warn("sync failed", "project_id", id, "err", err)
		return SyncResult{}, err
	}
	s.setStatus(bg, id, CloneCloned, "", p.CloneDir, true)
	j.progress.finish(CloneCloned, "")
	s.log.Info("sync finished", "project_id", id, "status", res.Status, "from", res.From, "to", res.To)
	return res, nil
}

func (s *Service) syncRepo(ctx context.Context, p Project, token string, progress *progressWriter) (SyncResult, error) {
	repo, err := git.PlainOpen(p.CloneDir)
	if err != nil {
		return SyncResult{}, fmt.Errorf("open the clone %s: %w", p.CloneDir, err)
	}
	head, err := repo.Head()
	if err != nil {
		return SyncResult{}, fmt.Errorf("read HEAD: %w", err)
	}
	if !head.Name().IsBranch() {
		return SyncResult{}, fmt.Errorf("%w: HEAD is detached at %s; check out a branch to sync", ErrDiverged, short(head.Hash()))
	}
	branch := head.Name().Short()
	res := SyncResult{Status: SyncUpToDate, Branch: branch, From: head.Hash().String(), To: head.Hash().String()}
	wt, err := repo.Worktree()
	if err != nil {
		return res, err
	}
	st, err := wt.Status()
	if err != nil {
		return res, fmt.Errorf("read the working copy's status: %w", err)
	}
	if changed := trackedChanges(st); len(changed) > 0 {
		return res, fmt.Errorf("%w (%s): commit or stash them, then sync again", ErrDirty, listFiles(changed))
	}

	url, _ := CloneURL(p.RepoURL)
	auth := authFor(url, token)
	progress.phase(PhaseConnecting, 0, 0)
	err = repo.FetchContext(ctx, &git.FetchOptions{RemoteName: "origin", Auth: auth, Progress: progress, Depth: p.CloneDepth})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return res, fmt.Errorf("fetch: %w", err)
	}
	remote, err := repo.Reference(plumbing.NewRemoteReferenceName("origin", branch), true)
	if err != nil {
		return res, fmt.Errorf("the remote has no branch %s: %w", branch, err)
	}
	if remote.Hash() == head.Hash() {
		return res, nil
	}
	// An untracked file where the remote now has one would be overwritten by the fast-forward.
	target, err := repo.CommitObject(remote.Hash())
	if err != nil {
		return res, fmt.Errorf("read the remote's commit: %w", err)
	}
	if blocked := untrackedInTree(st, target); len(blocked) > 0 {
		return res, fmt.Errorf("%w: untracked %s would be overwritten by the remote's version; move them away, then sync again",
			ErrDirty, listFiles(blocked))
	}
	progress.phase(PhaseCheckout, 0, 0)
	err = wt.PullContext(ctx, &git.PullOptions{RemoteName: "origin", ReferenceName: head.Name(), Auth: auth, Depth: p.CloneDepth})
	switch {
	case errors.Is(err, git.NoErrAlreadyUpToDate):
		return res, nil // the local branch is ahead of the remote: nothing to take
	case errors.Is(err, git.ErrNonFastForwardUpdate):
		return res, fmt.Errorf("%w: %s has commits that %s does not; merge or rebase them yourself", ErrDiverged, branch, remote.Name().Short())
	case errors.Is(err, git.ErrUnstagedChanges):
		return res, fmt.Errorf("%w: commit or stash them, then sync again", ErrDirty)
	case err != nil:
		return res, fmt.Errorf("fast-forward: %w", err)
	}
	res.Status, res.To = SyncFastForwarded, remote.Hash().String()
	return res, nil
}

// trackedChanges lists files with staged or unstaged changes (untracked files excluded).
func trackedChanges(st git.Status) []string {
	var out []string
	for path, fs := range st {
		if fs.Worktree == git.Untracked && fs.Staging == git.Untracked {
			continue
		}
		if fs.Worktree != git.Unmodified || fs.Staging != git.Unmodified {
			out = append(out, path)
		}
	}
	sort.Strings(out)
	return out
}

// untrackedInTree lists untracked files that the commit's tree has.
func untrackedInTree(st git.Status, c *object.Commit) []string {
	tree, err := c.Tree()
	if err != nil {
		return nil
	}
	var out []string
	for path, fs := range st {
		if fs.Worktree == git.Untracked {
			if _, err := tree.FindEntry(path); err == nil {
				out = append(out, path)
			}
		}
	}
	sort.Strings(out)
	return out
}

func listFiles(files []string) string {
	if len(files) > 5 {
		return strings.Join(files[:5], ", ") + fmt.Sprintf(" and %d more", len(files)-5)
	}
	return strings.Join(files, ", ")
}

func short(h plumbing.Hash) string { return h.String()[:12] }

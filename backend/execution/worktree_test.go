package execution

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/worktree"
)

func gitT(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// gitRepoTrigger makes a trigger whose linked directory is a repository with one commit, and
// turns worktree isolation on.
func gitRepoTrigger(t *testing.T, h *harness, name string) (trigger.Trigger, string) {
	t.Helper()
	tr := h.newTrigger(name, "claude")
	repo := tr.Paths[0].Path
	if err := os.WriteFile(filepath.Join(repo, "README.md"), []byte("# repo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitT(t, repo, "init", "-q", "-b", "main")
	gitT(t, repo, "config", "user.name", "Repo User")
	gitT(t, repo, "config", "user.email", "repo@example.com")
	gitT(t, repo, "add", ".")
	gitT(t, repo, "commit", "-qm", "init")
	tr.Isolation = trigger.IsolationWorktree
	tr, err := h.triggers.Update(context.Background(), tr)
	if err != nil {
		t.Fatal(err)
	}
	return tr, repo
}

func TestWorktreeRuns(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=edit"}, maxRuns: 2})
	ctx := context.Background()
	tr, repo := gitRepoTrigger(t, h, "isolated")
	base := gitT(t, repo, "rev-parse", "HEAD")

	// Two runs at once get two worktrees.
	a, b := h.submit(tr, "one"), h.submit(tr, "two")
	ra := h.wait(a.ID, 30*time.Second, StatusSuccess, StatusFailed)
	rb := h.wait(b.ID, 30*time.Second, StatusSuccess, StatusFailed)
	for _, ex := range []Execution{ra, rb} {
		if ex.Status != StatusSuccess {
			t.Fatalf("run %s: %s %s", ex.ID, ex.Status, ex.ErrorMessage)
		}
		if ex.Isolation != trigger.IsolationWorktree || ex.Branch != "agented/"+ex.ID || ex.BaseCommit != base ||
			ex.WorkingDir != ex.WorktreePath || strings.HasPrefix(ex.WorktreePath, repo) {
			t.Fatalf("record = %+v", ex.GitRecord)
		}
		if ex.GitBefore == nil || ex.GitBefore.Head != base || ex.GitBefore.Branch != ex.Branch || ex.GitBefore.DirtyCount != 0 {
			t.Fatalf("before = %+v", ex.GitBefore)
		}
		if ex.GitAfter == nil || ex.GitAfter.Head != base || !slices.Contains(ex.GitAfter.Dirty, "README.md") ||
			!slices.Contains(ex.GitAfter.Dirty, "agented-notes.txt") {
			t.Fatalf("after = %+v", ex.GitAfter)
		}
		if d := ex.DiffStat; d == nil || d.FilesChanged != 2 || d.Insertions != 3 || d.Deletions != 0 {
			t.Fatalf("diff stat = %+v", d)
		}
		got, err := os.ReadFile(filepath.Join(ex.WorktreePath, "README.md"))
		if err != nil || string(got) != "# repo\nA line the agent added.\n" {
			t.Fatalf("worktree README = %q, %v", got, err)
		}
	}
	if ra.WorktreePath == rb.WorktreePath {
		t.Fatal("two runs shared a worktree")
	}
	// The main clone is untouched.
	if st := gitT(t, repo, "status", "--porcelain"); st != "" {
		t.Fatalf("main clone changed: %q", st)
	}
	if head := gitT(t, repo, "rev-parse", "--abbrev-ref", "HEAD"); head != "main" {
		t.Fatalf("main clone on %s", head)
	}

	d, err := h.engine.Diff(ctx, ra.ID)
	if err != nil || d.Stat.FilesChanged != 2 || !strings.Contains(d.Text, "+A line the agent added.") || d.Branch != ra.Branch {
		t.Fatalf("diff = %+v, %v", d, err)
	}

	// Retention keeps a run whose worktree is still there.
	if n := h.engine.PruneOnce(ctx, 1, time.Now().AddDate(0, 0, 10)); n != 0 {
		t.Fatalf("retention deleted %d runs with live worktrees", n)
	}

	// Removal saves the uncommitted edits as a commit on the branch, which stays.
	removed, err := h.engine.RemoveWorktree(ctx, ra.ID)
	if err != nil {
		t.Fatal(err)
	}
	if removed.WorktreeRemovedAt == "" || removed.SavedCommit == "" || !strings.Contains(removed.SavedNote, removed.SavedCommit[:12]) {
		t.Fatalf("removed = %+v", removed.GitRecord)
	}
	if _, err := os.Stat(ra.WorktreePath); !os.IsNotExist(err) {
		t.Fatalf("worktree still there: %v", err)
	}
	if msg := gitT(t, repo, "log", "-1", "--format=%s", ra.Branch); msg != worktree.SaveMessage {
		t.Fatalf("branch tip %q", msg)
	}
	if notes := gitT(t, repo, "show", ra.Branch+":agented-notes.txt"); notes != "notes\nfrom the agent" {
		t.Fatalf("notes on the branch = %q", notes)
	}
	again, err := h.engine.RemoveWorktree(ctx, ra.ID)
	if err != nil || again.SavedCommit != removed.SavedCommit {
		t.Fatalf("second removal = %+v, %v", again.GitRecord, err)
	}
	d, err = h.engine.Diff(ctx, ra.ID) // from the branch now
	if err != nil || d.Stat.FilesChanged != 2 || !strings.Contains(d.Text, "+from the agent") {
		t.Fatalf("diff after removal = %+v, %v", d, err)
	}
	if n := h.engine.PruneOnce(ctx, 1, time.Now().AddDate(0, 0, 10)); n != 1 {
		t.Fatalf("retention deleted %d runs, want the removed one only", n)
	}
}

func TestWorktreeRunRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=edit"}})
	ctx := context.Background()

	// The repository the trigger was set up with is no longer one (its .git was deleted).
	tr, repo := gitRepoTrigger(t, h, "no git")
	if err := os.RemoveAll(filepath.Join(repo, ".git")); err != nil {
		t.Fatal(err)
	}
	ex := h.wait(h.submit(tr, "x").ID, 30*time.Second, StatusSuccess, StatusFailed)
	if ex.Status != StatusFailed || !strings.Contains(ex.ErrorMessage, "is not inside a git repository") {
		t.Fatalf("non-git run: %s %q", ex.Status, ex.ErrorMessage)
	}
	if _, err := os.Stat(filepath.Join(tr.Paths[0].Path, "agented-notes.txt")); !os.IsNotExist(err) {
		t.Fatal("the run worked in the directory anyway")
	}

	// A run without isolation still records the state before and after, and has no worktree.
	plain := h.newTrigger("plain", "claude")
	gitT(t, plain.Paths[0].Path, "init", "-q")
	ex = h.wait(h.submit(plain, "x").ID, 30*time.Second, StatusSuccess, StatusFailed)
	if ex.Isolation != trigger.IsolationNone || ex.GitBefore == nil || ex.GitBefore.Kind != "git" || ex.GitAfter == nil ||
		ex.GitAfter.DirtyCount != 2 || ex.WorktreePath != "" {
		t.Fatalf("plain run record = %+v before %+v after %+v", ex.GitRecord, ex.GitBefore, ex.GitAfter)
	}
	if _, err := h.engine.Diff(ctx, ex.ID); !errors.Is(err, ErrNoWorktree) {
		t.Fatalf("diff of a plain run: %v", err)
	}
	if _, err := h.engine.RemoveWorktree(ctx, ex.ID); !errors.Is(err, ErrNoWorktree) {
		t.Fatalf("remove for a plain run: %v", err)
	}
	if _, err := h.engine.RemoveWorktree(ctx, "exec-missing"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("remove for a missing run: %v", err)
	}
}

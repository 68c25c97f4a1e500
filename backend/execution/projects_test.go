package execution

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/project"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// projectHarness is a harness whose engine resolves linked projects with a real project service
// on the same database (clones with go-git into a temp workspace).
func projectHarness(t *testing.T, env ...string) (*harness, *project.Service) {
	t.Helper()
	d := testutil.OpenDB(t)
	log := logging.Discard()
	sec := secret.New(secret.NewMemoryKeyring(), func(string) string { return "" }, nil, log)
	projects := project.New(project.Deps{DB: d, Secrets: sec, Emitter: nopEmitter{}, Log: log,
		DefaultWorkspace: t.TempDir(), Runs: NewStore(d)})
	t.Cleanup(projects.Shutdown)
	h := newHarness(t, harnessOpts{db: d, env: env, deps: func(dp *Deps) { dp.Projects = projects }})
	return h, projects
}

type nopEmitter struct{}

func (nopEmitter) Emit(string, any) {}

// bareRepo makes a repository with one commit and returns a bare copy's file:// URL.
func bareRepo(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "README.md"), []byte("# project\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitT(t, src, "init", "-q", "-b", "main")
	gitT(t, src, "config", "user.name", "Repo User")
	gitT(t, src, "config", "user.email", "repo@example.com")
	gitT(t, src, "add", ".")
	gitT(t, src, "commit", "-qm", "init")
	bare := filepath.Join(t.TempDir(), "repo.git")
	gitT(t, src, "clone", "-q", "--bare", src, bare)
	return "file://" + bare
}

// clonedProject creates a project from a fresh repository and waits for its clone.
func clonedProject(t *testing.T, projects *project.Service, name string) project.Project {
	t.Helper()
	ctx := context.Background()
	p, err := projects.Create(ctx, project.Input{Name: name, RepoURL: bareRepo(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !testutil.WaitFor(30*time.Second, func() bool {
		p, err = projects.Get(ctx, p.ID)
		return err == nil && p.CloneStatus != project.CloneCloning
	}) || p.CloneStatus != project.CloneCloned {
		t.Fatalf("clone of %s: %+v %v", name, p, err)
	}
	return p
}

func TestRunWorksInLinkedProjectClone(t *testing.T) {
	t.Parallel()
	h, projects := projectHarness(t)
	ctx := context.Background()
	first := clonedProject(t, projects, "first")
	localDir := t.TempDir()
	second, err := projects.Create(ctx, project.Input{Name: "second", LocalPath: localDir})
	if err != nil {
		t.Fatal(err)
	}
	// The trigger also has its own linked directory: the projects come first, then it.
	tr := h.newTrigger("linked", "claude", func(tr *trigger.Trigger) { tr.ProjectIDs = []string{first.ID, second.ID} })
	linked := tr.Paths[0].Path

	ex := h.submit(tr, "go")
	if !strings.Contains(ex.Prompt, first.CloneDir+", "+localDir+", "+linked) {
		t.Fatalf("{paths} in the prompt = %q", ex.Prompt)
	}
	done := h.wait(ex.ID, 30*time.Second, StatusSuccess, StatusFailed)
	if done.Status != StatusSuccess || done.WorkingDir != first.CloneDir {
		t.Fatalf("run = %s in %q (%s), want success in %s", done.Status, done.WorkingDir, done.ErrorMessage, first.CloneDir)
	}
	for _, dir := range []string{localDir, linked} {
		if i := slices.Index(done.Argv, dir); i < 1 || done.Argv[i-1] != "--add-dir" {
			t.Fatalf("argv %v does not grant %s with --add-dir", done.Argv, dir)
		}
	}
	if slices.Contains(done.Argv, first.CloneDir) {
		t.Fatalf("the working copy is passed as an extra directory too: %v", done.Argv)
	}
}

func TestRunOfProjectWithoutWorkingCopyFails(t *testing.T) {
	t.Parallel()
	h, projects := projectHarness(t)
	ctx := context.Background()

	failedClone, err := projects.Create(ctx, project.Input{Name: "broken", RepoURL: "file:///nonexistent/agented/repo.git"})
	if err != nil {
		t.Fatal(err)
	}
	testutil.WaitFor(30*time.Second, func() bool {
		p, _ := projects.Get(ctx, failedClone.ID)
		return p.CloneStatus == project.CloneError
	})
	gone := t.TempDir()
	local, err := projects.Create(ctx, project.Input{Name: "local", LocalPath: filepath.Join(gone, "dir")})
	if err == nil {
		t.Fatalf("a missing local path was accepted: %+v", local)
	}
	if err := os.Mkdir(filepath.Join(gone, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	local, err = projects.Create(ctx, project.Input{Name: "local", LocalPath: filepath.Join(gone, "dir")})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(gone, "dir")); err != nil {
		t.Fatal(err)
	}
	noRepo, err := projects.Create(ctx, project.Input{Name: "empty"})
	if err != nil {
		t.Fatal(err)
	}
	// A repository whose clone was never made (as after a clone that was cancelled).
	notCloned, err := projects.Create(ctx, project.Input{Name: "later", RepoURL: "file:///nonexistent/agented/later.git"})
	if err != nil {
		t.Fatal(err)
	}
	testutil.WaitFor(30*time.Second, func() bool {
		p, _ := projects.Get(ctx, notCloned.ID)
		return p.CloneStatus == project.CloneError
	})
	if _, err := h.db.Writer.Exec(`UPDATE projects SET clone_status = 'none', clone_error = '' WHERE id = ?`, notCloned.ID); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		project string
		want    string
	}{
		{"clone failed", failedClone.ID, "the clone of broken failed"},
		{"local path gone", local.ID, "no longer exists"},
		{"neither repository nor path", noRepo.ID, "has neither a repository nor a local path"},
		{"not cloned yet", notCloned.ID, "later is not cloned yet"},
		{"deleted", "proj-deleted", "project not found"},
	}
	doomed, err := projects.Create(ctx, project.Input{Name: "doomed", LocalPath: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tr trigger.Trigger
			if tt.project == "proj-deleted" {
				// A run queued before its project was deleted keeps the link in its snapshot.
				tr = h.newTrigger("no copy "+tt.name, "claude", func(tr *trigger.Trigger) { tr.ProjectIDs = []string{doomed.ID} })
				if err := projects.Delete(ctx, doomed.ID); err != nil {
					t.Fatal(err)
				}
				tr.ProjectIDs = []string{tt.project}
			} else {
				tr = h.newTrigger("no copy "+tt.name, "claude", func(tr *trigger.Trigger) { tr.ProjectIDs = []string{tt.project} })
			}
			queued, err := h.engine.Submit(ctx, Request{TriggerID: tr.ID, Kind: KindManual, Message: "x", Trigger: &tr})
			if err != nil {
				t.Fatal(err)
			}
			ex := h.wait(queued.ID, 30*time.Second, StatusSuccess, StatusFailed)
			if ex.Status != StatusFailed || !strings.Contains(ex.ErrorMessage, tt.want) || !strings.Contains(ex.ErrorMessage, tt.project) {
				t.Fatalf("run = %s %q, want failed saying %q", ex.Status, ex.ErrorMessage, tt.want)
			}
			if len(ex.Argv) > 0 {
				t.Fatalf("a CLI was started: %v", ex.Argv)
			}
		})
	}
}

func TestRunAfterLinkedProjectDeleted(t *testing.T) {
	t.Parallel()
	h, projects := projectHarness(t)
	ctx := context.Background()
	p, err := projects.Create(ctx, project.Input{Name: "doomed", LocalPath: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	tr := h.newTrigger("survivor", "claude", func(tr *trigger.Trigger) { tr.ProjectIDs = []string{p.ID} })
	if err := projects.Delete(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	got, err := h.triggers.Get(ctx, tr.ID)
	if err != nil || len(got.ProjectIDs) != 0 || got.ProjectIDs == nil {
		t.Fatalf("links after the project's deletion = %#v, %v", got.ProjectIDs, err)
	}
	ex := h.wait(h.submit(got, "x").ID, 30*time.Second, StatusSuccess, StatusFailed)
	if ex.Status != StatusSuccess || ex.WorkingDir != tr.Paths[0].Path {
		t.Fatalf("run = %s in %s (%s), want success in the linked directory", ex.Status, ex.WorkingDir, ex.ErrorMessage)
	}
}

func TestWorktreeFromProjectClone(t *testing.T) {
	t.Parallel()
	h, projects := projectHarness(t, "FAKEAGENT_MODE=edit")
	ctx := context.Background()
	p := clonedProject(t, projects, "isolated")
	tr := h.newTrigger("isolated", "claude", func(tr *trigger.Trigger) {
		tr.ProjectIDs = []string{p.ID}
		tr.Isolation = trigger.IsolationWorktree
	})
	base := gitT(t, p.CloneDir, "rev-parse", "HEAD")
	ex := h.wait(h.submit(tr, "edit").ID, 30*time.Second, StatusSuccess, StatusFailed)
	if ex.Status != StatusSuccess {
		t.Fatalf("run: %s %s", ex.Status, ex.ErrorMessage)
	}
	if ex.RepoDir != p.CloneDir || ex.BaseCommit != base || ex.Branch != "agented/"+ex.ID || ex.WorkingDir != ex.WorktreePath ||
		strings.HasPrefix(ex.WorktreePath, p.CloneDir) {
		t.Fatalf("worktree record = %+v, clone %s", ex.GitRecord, p.CloneDir)
	}
	if d := ex.DiffStat; d == nil || d.FilesChanged == 0 {
		t.Fatalf("diff stat = %+v", d)
	}
	if st := gitT(t, p.CloneDir, "status", "--porcelain"); st != "" {
		t.Fatalf("the clone itself changed: %q", st)
	}
	if _, err := h.engine.RemoveWorktree(ctx, ex.ID); err != nil {
		t.Fatal(err)
	}
}

func TestProjectRunsFilterAndCount(t *testing.T) {
	t.Parallel()
	h, projects := projectHarness(t)
	ctx := context.Background()
	a, err := projects.Create(ctx, project.Input{Name: "a", LocalPath: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := projects.Create(ctx, project.Input{Name: "b", LocalPath: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ofA := h.newTrigger("of a", "claude", func(tr *trigger.Trigger) { tr.ProjectIDs = []string{a.ID} })
	plain := h.newTrigger("plain", "claude")
	runA := h.wait(h.submit(ofA, "x").ID, 30*time.Second, StatusSuccess, StatusFailed)
	// A plan run of b with a trigger linked to nothing is b's run, not a's.
	planRun, err := h.engine.Submit(ctx, Request{TriggerID: plain.ID, Kind: KindManual, Message: "plan", Dir: b.LocalPath,
		Plan: PlanTag{ProjectID: b.ID, PlanID: "01-01-PLAN.md"}})
	if err != nil {
		t.Fatal(err)
	}
	h.wait(planRun.ID, 30*time.Second, StatusSuccess, StatusFailed)
	h.wait(h.submit(plain, "y").ID, 30*time.Second, StatusSuccess, StatusFailed)

	tests := []struct {
		project string
		want    []string
	}{
		{a.ID, []string{runA.ID}},
		{b.ID, []string{planRun.ID}},
		{"proj-unknown", nil},
	}
	for _, tt := range tests {
		page, err := h.engine.List(ctx, ListFilter{ProjectID: tt.project})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ex := range page.Executions {
			got = append(got, ex.ID)
		}
		if !slices.Equal(got, tt.want) || page.Total != len(tt.want) {
			t.Fatalf("runs of %s = %v (total %d), want %v", tt.project, got, page.Total, tt.want)
		}
	}

	// Queued runs count as running on the project card; finished ones do not.
	if p, _ := projects.Get(ctx, a.ID); p.RunningCount != 0 {
		t.Fatalf("running count with every run over = %d", p.RunningCount)
	}
	// The engine is stopped first, so it does not start the runs marked queued again.
	if err := h.engine.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.Writer.Exec(`UPDATE executions SET status = 'queued' WHERE id IN (?, ?)`, runA.ID, planRun.ID); err != nil {
		t.Fatal(err)
	}
	list, err := projects.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, p := range list {
		counts[p.ID] = p.RunningCount
	}
	if counts[a.ID] != 1 || counts[b.ID] != 1 {
		t.Fatalf("running counts = %v", counts)
	}
}

package project

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
)

// waitClone waits for the project's clone to end and returns the project.
func (e *testEnv) waitClone(t *testing.T, id string) Project {
	t.Helper()
	var p Project
	// A 2,000-commit clone under -race took over a minute on a loaded 2-core machine; this is a
	// wait for the outcome, not a speed check (the clone benchmark measures speed).
	testutil.Eventually(t, 5*time.Minute, func() bool {
		var err error
		p, err = e.svc.Get(context.Background(), id)
		return err == nil && p.CloneStatus != CloneCloning && !e.svc.running(id)
	}, "clone of %s still running", id)
	return p
}

func commitCount(t *testing.T, dir string) int {
	t.Helper()
	n, err := strconv.Atoi(gitRun(t, dir, "rev-list", "--count", "HEAD"))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func progressOf(rec *events.Recorder, id string) []CloneProgress {
	var out []CloneProgress
	for _, ev := range rec.Named(events.CloneProgress(id)) {
		out = append(out, ev.Payload.(CloneProgress))
	}
	return out
}

func TestCloneOverHTTPWithToken(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	srv := newGitServer(t, fixtureRoot, "s3cret-token", 0)
	p := e.create(t, Input{Name: "Web app", RepoURL: srv.URL + "/src.git", Token: ptr("s3cret-token")})
	if p.CloneStatus != CloneCloning {
		t.Fatalf("a new project with a repository should start cloning, status %q", p.CloneStatus)
	}
	p = e.waitClone(t, p.ID)
	if p.CloneStatus != CloneCloned || p.CloneError != "" || p.LastSyncedAt == "" {
		t.Fatalf("after the clone: %+v", p)
	}
	if want := filepath.Join(e.workspace, "projects", "Web_app"); p.CloneDir != want {
		t.Fatalf("cloned into %s, want %s", p.CloneDir, want)
	}
	if n := commitCount(t, p.CloneDir); n != fixtureCommits {
		t.Fatalf("clone has %d commits, want %d", n, fixtureCommits)
	}
	if dir, err := e.svc.WorkDir(context.Background(), p.ID); err != nil || dir != p.CloneDir {
		t.Fatalf("WorkDir = %q, %v", dir, err)
	}
	prog := progressOf(e.rec, p.ID)
	phases := map[string]bool{}
	for _, ev := range prog {
		phases[ev.Phase] = true
	}
	for _, want := range []string{PhaseConnecting, "Counting objects", "Compressing objects", PhaseReceiving, PhaseDone} {
		if !phases[want] {
			t.Errorf("no %q progress event; got phases %v", want, phases)
		}
	}
	last := prog[len(prog)-1]
	if !last.Done || last.Status != CloneCloned || last.Percent != 100 || last.Op != "clone" {
		t.Fatalf("last progress event %+v", last)
	}
	if _, err := e.svc.Clone(context.Background(), p.ID); !errors.Is(err, ErrAlreadyCloned) {
		t.Fatalf("second clone: %v, want ErrAlreadyCloned", err)
	}
	// The project can be deleted; its clone stays on disk.
	if err := e.svc.Delete(context.Background(), p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(p.CloneDir, ".git")); err != nil {
		t.Fatalf("deleting the project touched its clone: %v", err)
	}
}

func TestCloneFileURLShallow(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	ctx := context.Background()
	url := "file://" + filepath.Join(fixtureRoot, "src.git")
	// The full 2,000 commits are cloned over HTTP above; a full file:// clone of a small
	// repository keeps this test quick under -race.
	full := e.waitClone(t, e.create(t, Input{Name: "full", RepoURL: "file://" + smallBare(t)}).ID)
	if full.CloneStatus != CloneCloned || commitCount(t, full.CloneDir) != 3 {
		t.Fatalf("file:// clone %+v", full)
	}
	shallow := e.waitClone(t, e.create(t, Input{Name: "shallow", RepoURL: url, CloneDepth: 1}).ID)
	if shallow.CloneStatus != CloneCloned || commitCount(t, shallow.CloneDir) != 1 {
		t.Fatalf("depth 1 clone %+v", shallow)
	}
	// A project with a local path is not cloned on creation, but can be.
	local := e.create(t, Input{Name: "both", RepoURL: url, LocalPath: t.TempDir(), CloneDepth: 1})
	if local.CloneStatus != CloneNone {
		t.Fatalf("project with a local path started cloning: %+v", local)
	}
	if _, err := e.svc.Clone(ctx, local.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.waitClone(t, local.ID); got.CloneStatus != CloneCloned {
		t.Fatalf("clone on request: %+v", got)
	}
	noRepo := e.create(t, Input{Name: "no repo"})
	if _, err := e.svc.Clone(ctx, noRepo.ID); !errors.Is(err, ErrNoRepo) {
		t.Fatalf("clone without a repository: %v", err)
	}
}

func TestCloneErrors(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	authed := newGitServer(t, fixtureRoot, "right-token", 0)
	open := newGitServer(t, fixtureRoot, "", 0)
	taken := cloneDirFor(e.workspace, "taken")
	if err := os.MkdirAll(taken, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(taken, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"no repository at the path", Input{Name: "bad path", RepoURL: open.URL + "/nope.git"}, "no repository at"},
		{"wrong token", Input{Name: "wrong token", RepoURL: authed.URL + "/src.git", Token: ptr("wrong-token")}, "refused the stored access token"},
		{"no token for a private repository", Input{Name: "no token", RepoURL: authed.URL + "/src.git"}, "needs authentication"},
		{"unreachable host", Input{Name: "unreachable", RepoURL: "http://127.0.0.1:1/src.git"}, "cannot reach 127.0.0.1:1"},
		{"unknown host", Input{Name: "unknown host", RepoURL: "https://agented-test.invalid/a/b.git"}, "cannot find the host"},
		{"path collision", Input{Name: "taken", RepoURL: open.URL + "/src.git"}, "is not empty"},
		{"missing file repository", Input{Name: "bad file", RepoURL: "file:///nonexistent/agented/repo.git"}, "nonexistent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := e.waitClone(t, e.create(t, tt.in).ID)
			if p.CloneStatus != CloneError || !strings.Contains(p.CloneError, tt.want) {
				t.Fatalf("status %q error %q, want error containing %q", p.CloneStatus, p.CloneError, tt.want)
			}
			if _, err := e.svc.WorkDir(context.Background(), p.ID); !errors.Is(err, ErrNoWorkDir) {
				t.Fatalf("WorkDir after a failed clone: %v", err)
			}
			if tt.name == "path collision" {
				if b, err := os.ReadFile(filepath.Join(taken, "notes.txt")); err != nil || string(b) != "mine" {
					t.Fatalf("the directory in the way was touched: %q, %v", b, err)
				}
				return
			}
			if _, err := os.Stat(p.CloneDir); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("failed clone left %s behind: %v", p.CloneDir, err)
			}
		})
	}
}

func TestCloneCollidesWithAnotherProjectsClone(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	url := "file://" + filepath.Join(fixtureRoot, "src.git")
	first := e.waitClone(t, e.create(t, Input{Name: "a b", RepoURL: url, CloneDepth: 1}).ID)
	if first.CloneStatus != CloneCloned {
		t.Fatalf("first clone %+v", first)
	}
	second := e.waitClone(t, e.create(t, Input{Name: "a_b", RepoURL: url, CloneDepth: 1}).ID)
	if second.CloneStatus != CloneError || !strings.Contains(second.CloneError, `clone of project "a b"`) {
		t.Fatalf("second clone into the same directory: %+v", second)
	}
}

func TestCloneCancelRemovesPartialDir(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	srv := newGitServer(t, fixtureRoot, "", 256<<10)
	p := e.create(t, Input{Name: "cancel me", RepoURL: srv.URL + "/src.git"})
	<-srv.stalled // the download is under way
	if prog, ok := e.svc.Progress(p.ID); !ok || prog.Op != "clone" {
		t.Fatalf("Progress while cloning: %+v, %v", prog, ok)
	}
	if err := e.svc.Delete(context.Background(), p.ID); !errors.Is(err, ErrBusy) {
		t.Fatalf("delete while cloning: %v, want ErrBusy", err)
	}
	if err := e.svc.Cancel(context.Background(), p.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := e.svc.Get(context.Background(), p.ID)
	if got.CloneStatus != CloneError || !strings.Contains(got.CloneError, "cancelled") || !strings.Contains(got.CloneError, "partial clone was removed") {
		t.Fatalf("after cancel: %+v", got)
	}
	if _, err := os.Stat(got.CloneDir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("cancelled clone left %s: %v", got.CloneDir, err)
	}
	if err := e.svc.Cancel(context.Background(), p.ID); !errors.Is(err, ErrNotCloning) {
		t.Fatalf("cancel with nothing running: %v", err)
	}
	prog := progressOf(e.rec, p.ID)
	if last := prog[len(prog)-1]; !last.Done || last.Status != CloneError {
		t.Fatalf("last progress %+v", last)
	}
}

func TestShutdownMidCloneEndsInError(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	srv := newGitServer(t, fixtureRoot, "", 256<<10)
	p := e.create(t, Input{Name: "stopping", RepoURL: srv.URL + "/src.git"})
	<-srv.stalled
	e.svc.Shutdown()
	got, _ := e.svc.Get(context.Background(), p.ID)
	if got.CloneStatus != CloneError || !strings.Contains(got.CloneError, "Agented stopped during the clone") {
		t.Fatalf("after shutdown: %+v", got)
	}
	if _, err := os.Stat(got.CloneDir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("partial clone left after shutdown: %v", err)
	}
	if _, err := e.svc.Clone(context.Background(), p.ID); !errors.Is(err, ErrShuttingDown) {
		t.Fatalf("clone after shutdown: %v", err)
	}
}

// A process that died mid-clone leaves "cloning" in the store; the next start ends it.
func TestRecoverAfterRestartMidClone(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	ctx := context.Background()
	p := e.create(t, Input{Name: "crashed", RepoURL: "acme/web", LocalPath: t.TempDir()})
	partial := cloneDirFor(e.workspace, "crashed")
	if err := os.MkdirAll(filepath.Join(partial, ".git", "objects"), 0o700); err != nil {
		t.Fatal(err)
	}
	e.svc.setStatus(ctx, p.ID, CloneCloning, "", partial, false)
	restarted := New(Deps{DB: e.svc.db, Secrets: e.secrets, Settings: e.svc.settings, Emitter: e.rec, Log: e.svc.log, DefaultWorkspace: e.workspace})
	if err := restarted.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := restarted.Get(ctx, p.ID)
	if got.CloneStatus != CloneError || !strings.Contains(got.CloneError, "restart or a crash") {
		t.Fatalf("after recover: %+v", got)
	}
	if _, err := os.Stat(partial); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("partial clone kept: %v", err)
	}
}

func TestParseProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want CloneProgress
		ok   bool
	}{
		{"Counting objects:  45% (3600/8000)", CloneProgress{Phase: "Counting objects", Percent: 45, Objects: 3600, Total: 8000}, true},
		{"remote: Compressing objects: 100% (8141/8141), done.", CloneProgress{Phase: "Compressing objects", Percent: 100, Objects: 8141, Total: 8141}, true},
		{"Enumerating objects: 16000, done.", CloneProgress{Phase: "Enumerating objects", Percent: -1, Objects: 16000}, true},
		{"Total 16000 (delta 7839), reused 0 (delta 0), pack-reused 0", CloneProgress{Phase: "Total", Total: 16000}, true},
		{"warning: redirecting to https://x", CloneProgress{}, false},
		{"", CloneProgress{}, false},
	}
	for _, tt := range tests {
		got, ok := parseProgress(tt.line)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseProgress(%q) = %+v, %v; want %+v, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

func TestProgressWriterSplitsAndThrottles(t *testing.T) {
	t.Parallel()
	var got []CloneProgress
	w := newProgressWriter(CloneProgress{ProjectID: "p", Op: "clone"}, func(p CloneProgress) { got = append(got, p) })
	now := time.Unix(0, 0)
	w.now = func() time.Time { return now }
	// Split mid-line, \r updates within a phase: the first of a phase is sent, the rest wait
	// for the interval, 100% always goes out.
	for _, chunk := range []string{"Counting objects:   1% (1/100)\rCounting obj", "ects:  50% (50/100)\r", "Counting objects: 100% (100/100), done.\n"} {
		if _, err := w.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(time.Second)
	_, _ = w.Write([]byte("Total 100 (delta 0)\n"))
	w.finish(CloneCloned, "")
	var phases []string
	for _, p := range got {
		phases = append(phases, p.Phase+":"+strconv.Itoa(p.Percent))
	}
	want := "Counting objects:1 Counting objects:100 Receiving objects:-1 Done:100"
	if strings.Join(phases, " ") != want {
		t.Fatalf("events %v, want %s", phases, want)
	}
	if got[0].ProjectID != "p" || got[0].Op != "clone" || !got[len(got)-1].Done {
		t.Fatalf("events %+v", got)
	}
}

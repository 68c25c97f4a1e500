package trigger

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/validation"
)

// newTestService returns a service over a fresh database; with sets the optional Deps.
func newTestService(t *testing.T, with ...func(*Deps)) (*Service, *events.Recorder) {
	t.Helper()
	rec := &events.Recorder{}
	d := Deps{DB: testutil.OpenDB(t), Emitter: rec, Log: logging.Discard()}
	for _, f := range with {
		f(&d)
	}
	return New(d), rec
}

func valid(name, backend string) Trigger {
	return Trigger{Name: name, PromptTemplate: "Summarise {paths}: {message}", BackendType: backend}
}

func fieldErr(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *validation.Errors
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want validation errors", err)
	}
	return ve.Fields
}

func TestCreateAndUpdateAllBackends(t *testing.T) {
	t.Parallel()
	s, rec := newTestService(t)
	ctx := context.Background()
	for _, b := range []string{"claude", "codex", "gemini", "opencode"} {
		created, err := s.Create(ctx, valid("bot "+b, b))
		if err != nil {
			t.Fatalf("create %s: %v", b, err)
		}
		if !strings.HasPrefix(created.ID, "trig-") || created.TimeoutSeconds != DefaultTimeout || created.GraceSeconds != DefaultGrace ||
			created.ConcurrencyPolicy != PolicyQueue || created.PermissionProfile != "read-only" || created.TriggerSource != SourceManual {
			t.Fatalf("defaults not applied: %+v", created)
		}
		created.BackendType = "gemini"
		created.Model = "gemini-2.5-pro"
		updated, err := s.Update(ctx, created)
		if err != nil || updated.BackendType != "gemini" || updated.Model != "gemini-2.5-pro" {
			t.Fatalf("update %s: %+v %v", b, updated, err)
		}
	}
	if len(rec.Named(events.TriggersChanged)) != 8 {
		t.Fatalf("events = %d", len(rec.Named(events.TriggersChanged)))
	}
}

func TestValidationSameOnCreateAndUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*Trigger)
		field  string
	}{
		{"no name", func(tr *Trigger) { tr.Name = "  " }, "name"},
		{"no template", func(tr *Trigger) { tr.PromptTemplate = "\n" }, "promptTemplate"},
		{"bad backend", func(tr *Trigger) { tr.BackendType = "cursor" }, "backendType"},
		{"bad profile", func(tr *Trigger) { tr.PermissionProfile = "yolo" }, "permissionProfile"},
		{"timeout low", func(tr *Trigger) { tr.TimeoutSeconds = 59 }, "timeoutSeconds"},
		{"timeout high", func(tr *Trigger) { tr.TimeoutSeconds = 3601 }, "timeoutSeconds"},
		{"grace", func(tr *Trigger) { tr.GraceSeconds = -1 }, "sigtermGraceSeconds"},
		{"policy", func(tr *Trigger) { tr.ConcurrencyPolicy = "stack" }, "concurrencyPolicy"},
		{"source", func(tr *Trigger) { tr.TriggerSource = "email" }, "triggerSource"},
		{"model spaces", func(tr *Trigger) { tr.Model = "a b" }, "model"},
		{"webhook half match", func(tr *Trigger) { tr.TriggerSource = SourceWebhook; tr.MatchFieldPath = "event.type" }, "matchFieldValue"},
		{"github bad filter", func(tr *Trigger) { tr.TriggerSource = SourceGitHub; tr.GitHubRepoFilter = "[bad" }, "githubRepoFilter"},
		{"github bad events", func(tr *Trigger) { tr.TriggerSource = SourceGitHub; tr.GitHubEvents = "Pull Request" }, "githubEvents"},
		{"schedule time", func(tr *Trigger) {
			tr.TriggerSource = SourceScheduled
			tr.ScheduleType = "daily"
			tr.ScheduleTime = "24:00"
		}, "scheduleTime"},
		{"schedule day", func(tr *Trigger) {
			tr.TriggerSource = SourceScheduled
			tr.ScheduleType = "monthly"
			tr.ScheduleTime = "10:00"
			tr.ScheduleDay = 31
		}, "scheduleDay"},
		{"schedule zone", func(tr *Trigger) {
			tr.TriggerSource = SourceScheduled
			tr.ScheduleType = "daily"
			tr.ScheduleTime = "10:00"
			tr.ScheduleTimezone = "Mars/Olympus"
		}, "scheduleTimezone"},
		{"cron fields", func(tr *Trigger) {
			tr.TriggerSource = SourceScheduled
			tr.ScheduleType = "cron"
			tr.ScheduleCron = "* *"
		}, "scheduleCron"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newTestService(t)
			ctx := context.Background()
			bad := valid("x", "claude")
			tt.mutate(&bad)
			_, err := s.Create(ctx, bad)
			if fieldErr(t, err)[tt.field] == "" {
				t.Fatalf("create: no message for %s in %v", tt.field, err)
			}
			good, err := s.Create(ctx, valid("x", "claude"))
			if err != nil {
				t.Fatal(err)
			}
			bad.ID = good.ID
			_, err = s.Update(ctx, bad)
			if fieldErr(t, err)[tt.field] == "" {
				t.Fatalf("update: no message for %s in %v", tt.field, err)
			}
		})
	}
}

func TestNameUniqueCaseInsensitive(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	a, _ := s.Create(ctx, valid("Nightly Review", "claude"))
	if _, err := s.Create(ctx, valid("nightly review", "codex")); fieldErr(t, err)["name"] == "" {
		t.Fatalf("duplicate name accepted: %v", err)
	}
	b, _ := s.Create(ctx, valid("Other", "codex"))
	b.Name = "NIGHTLY REVIEW"
	if _, err := s.Update(ctx, b); fieldErr(t, err)["name"] == "" {
		t.Fatalf("rename onto an existing name accepted: %v", err)
	}
	a.Name = "nightly REVIEW" // renaming itself in another case is fine
	if _, err := s.Update(ctx, a); err != nil {
		t.Fatal(err)
	}
}

func TestTemplateHistoryAndRestore(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	tr, _ := s.Create(ctx, valid("h", "claude"))
	first := tr.PromptTemplate
	tr.PromptTemplate = "v2 {message}"
	tr, _ = s.Update(ctx, tr)
	tr.Description = "no template change"
	tr, _ = s.Update(ctx, tr)
	h, err := s.History(ctx, tr.ID)
	if err != nil || len(h) != 2 || h[0].Template != "v2 {message}" || h[1].Template != first {
		t.Fatalf("history = %+v, %v", h, err)
	}
	restored, err := s.RestoreTemplate(ctx, tr.ID, h[1].ID)
	if err != nil || restored.PromptTemplate != first {
		t.Fatalf("restore = %+v, %v", restored, err)
	}
	if h, _ = s.History(ctx, tr.ID); len(h) != 3 {
		t.Fatalf("restore not recorded: %d versions", len(h))
	}
	if _, err := s.RestoreTemplate(ctx, tr.ID, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
}

func TestPredefinedSeededOnceKeptAndReset(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	if err := s.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	pr, err := s.Get(ctx, IDPRReview)
	if err != nil || !pr.IsPredefined || pr.PromptTemplate != "/pr-review {pr_url} {pr_title}" || pr.TriggerSource != SourceGitHub {
		t.Fatalf("pr review = %+v, %v", pr, err)
	}
	pr.PromptTemplate = "/pr-review {pr_url} please be brief"
	pr.BackendType = "codex"
	if _, err := s.Update(ctx, pr); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx); err != nil { // a restart
		t.Fatal(err)
	}
	kept, _ := s.Get(ctx, IDPRReview)
	if kept.PromptTemplate != pr.PromptTemplate || kept.BackendType != "codex" {
		t.Fatalf("seed undid the user's edit: %+v", kept)
	}
	if err := s.Delete(ctx, IDPRReview); !errors.Is(err, ErrPredefined) {
		t.Fatalf("delete predefined: %v", err)
	}
	reset, err := s.ResetToDefault(ctx, IDPRReview)
	if err != nil || reset.PromptTemplate != "/pr-review {pr_url} {pr_title}" || reset.BackendType != "claude" || !reset.IsPredefined {
		t.Fatalf("reset = %+v, %v", reset, err)
	}
	list, _ := s.List(ctx, "")
	if len(list) != 2 || !list[0].IsPredefined {
		t.Fatalf("list = %+v", list)
	}
}

func TestSeedKeepsUserTriggerWithSameName(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	mine, _ := s.Create(ctx, valid("PR Review", "codex"))
	if err := s.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, mine.ID)
	builtin, _ := s.Get(ctx, IDPRReview)
	if got.BackendType != "codex" || builtin.Name != "PR Review (built-in)" {
		t.Fatalf("mine %+v, builtin %+v", got, builtin)
	}
}

func TestLinkedPaths(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	tr, _ := s.Create(ctx, valid("paths", "claude"))
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	_ = os.Mkdir(a, 0o755)
	_ = os.Mkdir(b, 0o755)
	link := filepath.Join(root, "link-to-b")
	_ = os.Symlink(b, link)
	file := filepath.Join(root, "f")
	_ = os.WriteFile(file, nil, 0o644)

	bad := []struct{ name, path, want string }{
		{"relative", "a", "not an absolute path"},
		{"missing", filepath.Join(root, "nope"), "does not exist"},
		{"file", file, "not a directory"},
	}
	for _, tt := range bad {
		if _, err := s.AddPath(ctx, tr.ID, tt.path); !errors.Is(err, ErrBadPath) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
	if _, err := s.AddPath(ctx, tr.ID, a); err != nil {
		t.Fatal(err)
	}
	tr, err := s.AddPath(ctx, tr.ID, link)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Paths) != 2 || tr.Paths[0].Path != a || tr.Paths[1].Path != b {
		t.Fatalf("paths = %+v (symlink must resolve to b, order kept)", tr.Paths)
	}
	if _, err := s.AddPath(ctx, tr.ID, b); !errors.Is(err, ErrBadPath) {
		t.Fatalf("duplicate: %v", err)
	}
	_ = os.Remove(a)
	list, _ := s.List(ctx, "paths")
	if len(list) != 1 || !list[0].Paths[0].Missing || !strings.Contains(list[0].MissingPathsWarning, a) {
		t.Fatalf("missing dir not flagged: %+v", list)
	}
	tr.Paths[0], tr.Paths[1] = tr.Paths[1], tr.Paths[0]
	if tr, err = s.Update(ctx, tr); err != nil || tr.Paths[0].Path != b {
		t.Fatalf("reorder: %+v %v", tr.Paths, err)
	}
	tr, err = s.RemovePath(ctx, tr.ID, tr.Paths[1].ID)
	if err != nil || len(tr.Paths) != 1 {
		t.Fatalf("remove: %+v %v", tr.Paths, err)
	}
}

func TestListQueryAndDelete(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	a, _ := s.Create(ctx, valid("Alpha docs", "claude"))
	_, _ = s.Create(ctx, valid("Beta", "gemini"))
	if l, _ := s.List(ctx, "GEMINI"); len(l) != 1 || l[0].Name != "Beta" {
		t.Fatalf("query by backend: %+v", l)
	}
	if err := s.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get deleted: %v", err)
	}
	if err := s.Delete(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}

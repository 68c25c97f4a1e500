package onboarding

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/clidetect"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/validation"
)

type fixture struct {
	svc      *Service
	triggers *trigger.Service
}

// newTestService wires the guide to a real store, settings, trigger service (predefined triggers
// seeded, as at every start) and CLI doctor; found names the fake CLIs put on its PATH.
func newTestService(t *testing.T, found ...string) fixture {
	t.Helper()
	ctx := context.Background()
	d := testutil.OpenDB(t)
	rec := &events.Recorder{}
	log := logging.Discard()
	prefs, err := settings.New(ctx, d, rec, log)
	if err != nil {
		t.Fatal(err)
	}
	trig := trigger.New(trigger.Deps{DB: d, Emitter: rec, Log: log})
	if err := trig.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	for _, name := range found {
		script := "#!/bin/sh\necho '" + name + " 1.0.0'\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	det := clidetect.New(prefs, bin, func(context.Context) string { return "" }, rec, log)
	if _, err := det.Detect(ctx); err != nil {
		t.Fatal(err)
	}
	return fixture{svc: New(prefs, trig, det, log), triggers: trig}
}

func TestStateAndFinish(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name        string
		found       []string
		userTrigger bool
		finish      *bool // nil: not finished
		want        State
	}{
		{name: "fresh install, no CLI", want: State{FirstLaunch: true}},
		{name: "fresh install, the first CLI found is the default", found: []string{"gemini", "codex"},
			want: State{FirstLaunch: true, DefaultBackend: "codex"}},
		{name: "a trigger of the user's own: not a first launch", found: []string{"claude"}, userTrigger: true,
			want: State{UserTriggers: 1, DefaultBackend: "claude"}},
		{name: "finished", finish: new(false), want: State{Done: true}},
		{name: "skipped", finish: new(true), want: State{Done: true, Skipped: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newTestService(t, tt.found...)
			if tt.userTrigger {
				if _, err := f.triggers.Create(ctx, trigger.Trigger{Name: "mine", PromptTemplate: "hi", BackendType: agent.Claude}); err != nil {
					t.Fatal(err)
				}
			}
			got, err := f.svc.State(ctx)
			if tt.finish != nil {
				got, err = f.svc.Finish(ctx, *tt.finish)
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("state = %+v, want %+v", got, tt.want)
			}
			// What Finish stored is what a later start reads.
			again, err := f.svc.State(ctx)
			if err != nil || again != tt.want {
				t.Fatalf("state read again = %+v, %v; want %+v", again, err, tt.want)
			}
		})
	}
}

func TestCreateTrigger(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	repo := t.TempDir()
	tests := []struct {
		name      string
		found     []string
		in        CreateInput
		wantField string // the form field the error names; "" for success
		wantIs    error
		wantPath  bool
		backend   string
	}{
		{name: "explain a repository with the first CLI found", found: []string{"gemini", "codex"},
			in: CreateInput{TemplateID: "explain-repo", Directory: repo}, wantPath: true, backend: "codex"},
		{name: "a CLI chosen by the user", found: []string{"codex", "claude"},
			in: CreateInput{TemplateID: "review-changes", Backend: "claude", Directory: " " + repo + " "}, wantPath: true, backend: "claude"},
		{name: "a template that needs no directory", found: []string{"claude"},
			in: CreateInput{TemplateID: "hello"}, backend: "claude"},
		{name: "a chosen CLI need not be installed yet", in: CreateInput{TemplateID: "hello", Backend: "gemini"}, backend: "gemini"},
		{name: "unknown template", found: []string{"claude"}, in: CreateInput{TemplateID: "nope", Directory: repo},
			wantField: "templateId", wantIs: ErrUnknownTemplate},
		{name: "empty template", found: []string{"claude"}, in: CreateInput{Directory: repo},
			wantField: "templateId", wantIs: ErrUnknownTemplate},
		{name: "unknown CLI", found: []string{"claude"}, in: CreateInput{TemplateID: "hello", Backend: "cursor"},
			wantField: "backend"},
		{name: "no CLI found and none chosen", in: CreateInput{TemplateID: "hello"},
			wantField: "backend", wantIs: ErrNoCLI},
		{name: "a repository template without a directory", found: []string{"claude"},
			in: CreateInput{TemplateID: "explain-repo", Directory: "  "}, wantField: "directory"},
		{name: "a directory that does not exist", found: []string{"claude"},
			in:        CreateInput{TemplateID: "explain-repo", Directory: filepath.Join(repo, "missing")},
			wantField: "directory", wantIs: trigger.ErrBadPath},
		{name: "a relative directory", found: []string{"claude"},
			in: CreateInput{TemplateID: "explain-repo", Directory: "src"}, wantField: "directory", wantIs: trigger.ErrBadPath},
		{name: "a system directory", found: []string{"claude"},
			in: CreateInput{TemplateID: "explain-repo", Directory: "/etc"}, wantField: "directory", wantIs: trigger.ErrBadPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newTestService(t, tt.found...)
			got, err := f.svc.CreateTrigger(ctx, tt.in)
			if tt.wantField != "" {
				var ve *validation.Errors
				if !errors.As(err, &ve) || ve.Fields[tt.wantField] == "" {
					t.Fatalf("err = %v, want a message for field %q", err, tt.wantField)
				}
				if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
					t.Fatalf("err = %v, want errors.Is %v", err, tt.wantIs)
				}
				// Nothing half-made stays behind: the guide still counts no trigger of the user's.
				st, err := f.svc.State(ctx)
				if err != nil || st.UserTriggers != 0 {
					t.Fatalf("after a refused input: %+v, %v; want no user trigger", st, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tpl, _ := findTemplate(tt.in.TemplateID)
			if got.Name != tpl.Name || got.PromptTemplate != tpl.Prompt || got.BackendType != tt.backend ||
				got.TriggerSource != trigger.SourceManual || got.PermissionProfile != agent.ProfileReadOnly || !got.Enabled {
				t.Fatalf("trigger = %+v", got)
			}
			if tt.wantPath != (len(got.Paths) == 1) {
				t.Fatalf("paths = %+v, want linked: %v", got.Paths, tt.wantPath)
			}
			if tt.wantPath && got.Paths[0].Path != repo {
				t.Fatalf("linked %q, want %q", got.Paths[0].Path, repo)
			}
			st, err := f.svc.State(ctx)
			if err != nil || st.FirstLaunch || st.UserTriggers != 1 {
				t.Fatalf("after the first trigger: %+v, %v", st, err)
			}
		})
	}
}

// TestCreateTriggerAgain: running the guide a second time numbers the name instead of failing.
func TestCreateTriggerAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newTestService(t, "claude")
	want := []string{"Check the setup", "Check the setup (2)", "Check the setup (3)"}
	for _, name := range want {
		got, err := f.svc.CreateTrigger(ctx, CreateInput{TemplateID: "hello"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != name {
			t.Fatalf("name = %q, want %q", got.Name, name)
		}
	}
}

// TestTemplatesAndGuides: every template makes a trigger for every backend, and every guide
// names a CLI the doctor knows and a key slot the keyring has.
func TestTemplatesAndGuides(t *testing.T) {
	t.Parallel()
	f := newTestService(t)
	dir := t.TempDir()
	ids := map[string]bool{}
	for _, tpl := range Templates() {
		if tpl.ID == "" || ids[tpl.ID] || tpl.Name == "" || tpl.Prompt == "" || tpl.Description == "" {
			t.Errorf("template %+v: empty or duplicate field", tpl)
		}
		ids[tpl.ID] = true
		for _, b := range agent.Backends {
			_, err := f.svc.CreateTrigger(context.Background(), CreateInput{TemplateID: tpl.ID, Backend: b, Directory: dir})
			if err != nil {
				t.Errorf("template %s with %s: %v", tpl.ID, b, err)
			}
		}
	}
	if got := Guides(); len(got) != len(clidetect.Known) {
		t.Fatalf("%d guides for %d CLIs", len(got), len(clidetect.Known))
	}
	for i, g := range Guides() {
		if g.Name != clidetect.Known[i].Name || !strings.HasPrefix(g.Install, "npm i -g ") || !strings.HasPrefix(g.Login, g.Name) {
			t.Errorf("guide %+v does not match CLI %+v", g, clidetect.Known[i])
		}
		ok := false
		for _, p := range secret.Providers {
			ok = ok || (p.ID == g.KeyProvider && p.EnvVar == g.KeyEnvVar)
		}
		if !ok {
			t.Errorf("guide %s: key slot %s/%s is not a built-in provider", g.Name, g.KeyProvider, g.KeyEnvVar)
		}
	}
}

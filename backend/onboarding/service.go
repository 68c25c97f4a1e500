// Package onboarding is the first-run guide: whether it should open, how to install and log in to
// each AI CLI, and a first manual trigger made from a template. Running that trigger, storing keys
// and detecting CLIs are the engine's, the keyring's and the CLI doctor's jobs; the guide only
// strings them together.
package onboarding

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/clidetect"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/validation"
)

// stateKey holds the guide's progress in the settings table.
const stateKey = "onboarding"

// maxNameTries bounds the "Name (2)", "Name (3)"... search when a template's name is taken.
const maxNameTries = 20

// Prefs stores the guide's progress (the settings service).
type Prefs interface {
	Value(ctx context.Context, key string, dst any) (bool, error)
	SetValue(ctx context.Context, key string, v any) error
}

// Triggers lists and creates triggers (the trigger service).
type Triggers interface {
	List(ctx context.Context, query string) ([]trigger.Summary, error)
	Create(ctx context.Context, in trigger.Trigger) (trigger.Trigger, error)
	AddPath(ctx context.Context, id, dir string) (trigger.Trigger, error)
	Delete(ctx context.Context, id string) error
}

// CLIs returns the last detection of the AI CLIs (the CLI doctor).
type CLIs interface {
	List() []clidetect.Info
}

// stored is what the settings table keeps.
type stored struct {
	Done    bool   `json:"done"`
	Skipped bool   `json:"skipped"`
	At      string `json:"at"`
}

// Service answers the guide's questions.
type Service struct {
	prefs    Prefs
	triggers Triggers
	clis     CLIs
	log      *slog.Logger
}

// New returns the service.
func New(prefs Prefs, triggers Triggers, clis CLIs, log *slog.Logger) *Service {
	return &Service{prefs: prefs, triggers: triggers, clis: clis, log: log.With("component", "onboarding")}
}

// State says whether the guide should open by itself and what it suggests.
func (s *Service) State(ctx context.Context) (State, error) {
	var st stored
	if _, err := s.prefs.Value(ctx, stateKey, &st); err != nil {
		return State{}, fmt.Errorf("read onboarding state: %w", err)
	}
	list, err := s.triggers.List(ctx, "")
	if err != nil {
		return State{}, fmt.Errorf("list triggers: %w", err)
	}
	own := 0
	for _, t := range list {
		if !t.IsPredefined {
			own++
		}
	}
	return State{
		Done: st.Done, Skipped: st.Done && st.Skipped, FirstLaunch: !st.Done && own == 0,
		UserTriggers: own, DefaultBackend: s.defaultBackend(),
	}, nil
}

// Finish marks the guide done, so it no longer opens by itself; skipped records that the user
// left it early. It can still be opened from Settings or the Dashboard.
func (s *Service) Finish(ctx context.Context, skipped bool) (State, error) {
	st := stored{Done: true, Skipped: skipped, At: time.Now().UTC().Format(time.RFC3339)}
	if err := s.prefs.SetValue(ctx, stateKey, st); err != nil {
		return State{}, fmt.Errorf("save onboarding state: %w", err)
	}
	s.log.InfoContext(ctx, "onboarding finished", "skipped", skipped)
	return s.State(ctx)
}

// CreateTrigger makes a manual trigger from a template, running with the chosen CLI (by default
// the first one found) in the given directory. A directory the policy refuses leaves no trigger
// behind, so trying again with another one does not meet a "name taken" error.
func (s *Service) CreateTrigger(ctx context.Context, in CreateInput) (trigger.Trigger, error) {
	tpl, backend, dir, err := s.check(in)
	if err != nil {
		return trigger.Trigger{}, err
	}
	t := trigger.Trigger{
		Name: tpl.Name, Description: tpl.Description, PromptTemplate: tpl.Prompt, BackendType: backend,
		PermissionProfile: tpl.PermissionProfile, TriggerSource: trigger.SourceManual, Enabled: true,
	}
	created, err := s.createNamed(ctx, t)
	if err != nil {
		return trigger.Trigger{}, err
	}
	if dir == "" {
		return created, nil
	}
	linked, err := s.triggers.AddPath(ctx, created.ID, dir)
	if err != nil {
		if derr := s.triggers.Delete(ctx, created.ID); derr != nil {
			s.log.WarnContext(ctx, "remove trigger after a refused directory", "trigger_id", created.ID, "err", derr)
		}
		return trigger.Trigger{}, fieldError("directory", err)
	}
	s.log.InfoContext(ctx, "first trigger created", "trigger_id", linked.ID, "template", tpl.ID, "backend", backend)
	return linked, nil
}

// check validates the input and fills the default backend.
func (s *Service) check(in CreateInput) (Template, string, string, error) {
	errs := validation.New("onboarding")
	tpl, ok := findTemplate(strings.TrimSpace(in.TemplateID))
	if !ok {
		errs.Add("templateId", fmt.Sprintf("%v %q; choose one of the listed templates", ErrUnknownTemplate, in.TemplateID))
	}
	backend, noCLI := strings.TrimSpace(in.Backend), false
	switch {
	case backend == "":
		backend = s.defaultBackend()
		if noCLI = backend == ""; noCLI {
			errs.Add("backend", ErrNoCLI.Error()+": install one of claude, codex, gemini or opencode, then check again")
		}
	case !isBackend(backend):
		errs.Add("backend", fmt.Sprintf("unknown CLI %q (want claude, codex, gemini or opencode)", backend))
	}
	dir := strings.TrimSpace(in.Directory)
	if ok && tpl.NeedsDirectory && dir == "" {
		errs.Add("directory", fmt.Sprintf("%q works on a repository: choose its directory", tpl.Name))
	}
	if errs.Err() != nil {
		switch {
		case !ok: // callers branch on the cause; the form reads the fields
			return Template{}, "", "", causedFieldError{errs, ErrUnknownTemplate}
		case noCLI:
			return Template{}, "", "", causedFieldError{errs, ErrNoCLI}
		}
		return Template{}, "", "", errs
	}
	return tpl, backend, dir, nil
}

// createNamed stores t under its name, or "Name (2)", "Name (3)"... when the guide ran before.
func (s *Service) createNamed(ctx context.Context, t trigger.Trigger) (trigger.Trigger, error) {
	base := t.Name
	for i := 1; i <= maxNameTries; i++ {
		if i > 1 {
			t.Name = fmt.Sprintf("%s (%d)", base, i)
		}
		created, err := s.triggers.Create(ctx, t)
		if errors.Is(err, trigger.ErrNameTaken) {
			continue
		}
		if err != nil {
			return trigger.Trigger{}, fmt.Errorf("create trigger: %w", err)
		}
		return created, nil
	}
	return trigger.Trigger{}, fmt.Errorf("create trigger: %w: %q and %d numbered variants", trigger.ErrNameTaken, base, maxNameTries-1)
}

func (s *Service) defaultBackend() string {
	for _, in := range s.clis.List() {
		if in.Found {
			return in.Name
		}
	}
	return ""
}

func isBackend(name string) bool {
	for _, b := range agent.Backends {
		if b == name {
			return true
		}
	}
	return false
}

// causedFieldError is a form error (the UI shows it under its field) that still matches its
// cause with errors.Is.
type causedFieldError struct {
	*validation.Errors
	cause error
}

func (e causedFieldError) Unwrap() []error { return []error{e.Errors, e.cause} }

// fieldError puts a refused directory under the form's field, keeping the cause for errors.Is.
func fieldError(field string, err error) error {
	errs := validation.New("onboarding")
	errs.Add(field, err.Error())
	return causedFieldError{errs, err}
}

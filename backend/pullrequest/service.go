package pullrequest

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// Triggers is what the service needs of the trigger service (*trigger.Service).
type Triggers interface {
	Get(ctx context.Context, id string) (trigger.Trigger, error)
	ListBySource(ctx context.Context, source string) ([]trigger.Trigger, error)
}

// Runs is what the service needs of the execution engine (*execution.Engine).
type Runs interface {
	Prepare(ctx context.Context, req execution.Request) (execution.Pending, error)
	Get(ctx context.Context, id string) (execution.Execution, error)
}

// Secrets reads and writes the GitHub token (*secret.Store).
type Secrets interface {
	Get(name secret.Name) (string, secret.Source, error)
	Set(name secret.Name, value string) error
	Delete(name secret.Name) error
}

// Values stores the API URL setting with the other preferences (*settings.Service).
type Values interface {
	Value(ctx context.Context, key string, dst any) (bool, error)
	SetValue(ctx context.Context, key string, v any) error
}

// Deps are the service's collaborators. Getenv, Now and Go may be nil. HTTP may be nil (a client
// with a 30 s timeout). RunURL, when set, links a comment back to a run ("" when it cannot).
type Deps struct {
	DB       *db.DB
	Triggers Triggers
	Runs     Runs
	Secrets  Secrets
	Values   Values
	Emitter  events.Emitter
	Log      *slog.Logger
	Getenv   func(string) string
	Now      func() time.Time
	Go       func(func())
	HTTP     *http.Client
	RunURL   func(executionID string) string
}

// Service records pull requests, runs their reviews and reports back.
type Service struct {
	d   Deps
	log *slog.Logger

	reportMu sync.Mutex // one comment write at a time: two runs of one PR must not both create one
	poll     poller
	retry    retrier
}

// New returns the service. Call Run to follow runs and start polling.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Go == nil {
		d.Go = func(fn func()) { go fn() }
	}
	if d.Getenv == nil {
		d.Getenv = func(string) string { return "" }
	}
	if d.Emitter == nil {
		d.Emitter = nopEmitter{}
	}
	s := &Service{d: d, log: d.Log.With("component", "pullrequest")}
	s.poll.timers = map[string]*pollTimer{}
	return s
}

func (s *Service) now() string { return s.d.Now().UTC().Format(db.TimeFormat) }

func (s *Service) changed() { s.d.Emitter.Emit(events.PullRequestsChanged, nil) }

type nopEmitter struct{}

func (nopEmitter) Emit(string, any) {}

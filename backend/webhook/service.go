package webhook

import (
	"context"
	"log/slog"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// Limits of inbound deliveries.
const (
	// MaxBodyBytes is the largest body accepted; the listener enforces it before
	// buffering, the service checks again so it never depends on being mounted correctly.
	MaxBodyBytes = 10 << 20
	// PayloadCap is how much of a body the delivery log keeps. GitHub pull request payloads are
	// tens of KiB; storing ten 10 MiB bodies a minute would swell the database, so anything longer
	// is cut (at a UTF-8 boundary), flagged payloadTruncated and cannot be replayed.
	PayloadCap = 1 << 20
	// DedupWindow is how long an identical generic payload for the same trigger is a duplicate.
	DedupWindow = 10 * time.Second
	// guidRetention keeps GitHub delivery ids well past GitHub's own redelivery horizon, whatever
	// the delivery log's retention; the rows are a few dozen bytes.
	guidRetention = 30 * 24 * time.Hour
)

// Triggers is what the service needs of the trigger service.
type Triggers interface {
	ListBySource(ctx context.Context, source string) ([]trigger.Trigger, error)
	Get(ctx context.Context, id string) (trigger.Trigger, error)
}

// Dispatcher queues runs; *execution.Engine is the real one. Prepare is Submit for a run stored
// in the transaction that records its delivery.
type Dispatcher interface {
	Submit(ctx context.Context, req execution.Request) (execution.Execution, error)
	Prepare(ctx context.Context, req execution.Request) (execution.Pending, error)
}

// Secrets reads and writes keyring secrets; *secret.Store is the real one.
type Secrets interface {
	Get(name secret.Name) (string, secret.Source, error)
	Set(name secret.Name, value string) error
	Delete(name secret.Name) error
}

// Deps are the service's collaborators. Now may be nil (time.Now); MessageCap, the largest text
// in bytes a delivery may put into a run, may be nil (DefaultMessageCap).
type Deps struct {
	DB         *db.DB
	Triggers   Triggers
	Dispatcher Dispatcher
	Secrets    Secrets
	Emitter    events.Emitter
	Log        *slog.Logger
	Now        func() time.Time
	MessageCap func() int
	// PullRequests, when set, reviews pull requests once per head SHA (see PullRequests).
	PullRequests PullRequests
}

// Service handles generic and GitHub deliveries and keeps their log.
type Service struct {
	db       *db.DB
	triggers Triggers
	dispatch Dispatcher
	secrets  Secrets
	em       events.Emitter
	log      *slog.Logger
	now      func() time.Time
	msgCap   func() int
	prs      PullRequests
	secured  securedCache
}

// New returns the webhook service.
func New(d Deps) *Service {
	now := d.Now
	if now == nil {
		now = time.Now
	}
	return &Service{db: d.DB, triggers: d.Triggers, dispatch: d.Dispatcher, secrets: d.Secrets, em: d.Emitter,
		log: d.Log.With("component", "webhook"), now: now, msgCap: d.MessageCap, prs: d.PullRequests}
}

// stamp formats a time for storage; fixed-width UTC, so string order is time order in SQL.
func stamp(t time.Time) string { return t.UTC().Format(db.TimeFormat) }

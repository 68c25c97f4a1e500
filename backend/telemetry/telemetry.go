// Package telemetry is opt-in crash reporting through Sentry plus the panic-safe goroutine helpers
// every service uses instead of a naked `go` statement: a panic is recovered, logged with its stack
// and reported, and the app keeps running.
package telemetry

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/getsentry/sentry-go"
)

// Reporter owns the Sentry hub. With no DSN configured it only logs.
type Reporter struct {
	log     *slog.Logger
	release string
	env     string

	mu  sync.RWMutex
	hub *sentry.Hub
}

// New returns a reporter with Sentry off; call Configure to turn it on.
func New(log *slog.Logger, release, environment string) *Reporter {
	return &Reporter{log: log.With("component", "telemetry"), release: release, env: environment}
}

// Configure starts reporting to dsn, replacing any previous client; "" turns reporting off.
func (r *Reporter) Configure(dsn string) error {
	if dsn == "" {
		r.swap(nil)
		return nil
	}
	client, err := sentry.NewClient(sentry.ClientOptions{
		Dsn:         dsn,
		Release:     "agented@" + r.release,
		Environment: r.env,
		// Nothing about the user, no cookies, headers, bodies or query strings: a crash report
		// carries the stack and the release, and scrub removes what could still identify someone.
		DataCollection: &sentry.DataCollection{
			UserInfo:    sentry.Set(false),
			Cookies:     collectNothing(),
			HTTPHeaders: &sentry.HeaderCollectionConfig{Request: collectNothing(), Response: collectNothing()},
			HTTPBodies:  []sentry.BodyType{},
			QueryParams: collectNothing(),
		},
		ServerName: "-", // the host name can identify a person; never send it
		BeforeSend: scrub,
	})
	if err != nil {
		return fmt.Errorf("sentry dsn: %w", err)
	}
	r.swap(sentry.NewHub(client, sentry.NewScope()))
	r.log.Info("crash reporting enabled")
	return nil
}

func collectNothing() *sentry.KeyValueCollectionBehavior {
	return &sentry.KeyValueCollectionBehavior{Mode: sentry.CollectionOff}
}

func (r *Reporter) swap(h *sentry.Hub) {
	r.mu.Lock()
	old := r.hub
	r.hub = h
	r.mu.Unlock()
	if old != nil {
		old.Flush(2 * time.Second)
	}
}

// Active reports whether events are being sent.
func (r *Reporter) Active() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.hub != nil
}

// ValidateDSN checks a DSN without using it.
func ValidateDSN(dsn string) error {
	if _, err := sentry.NewDsn(dsn); err != nil {
		return fmt.Errorf("invalid Sentry DSN: %w", err)
	}
	return nil
}

// CaptureError reports err with tags (e.g. request_id) when reporting is on.
func (r *Reporter) CaptureError(err error, tags map[string]string) {
	r.withHub(func(h *sentry.Hub) {
		h.WithScope(func(s *sentry.Scope) {
			s.SetTags(tags)
			h.CaptureException(err)
		})
	})
}

// Recovered logs a recovered panic value with the stack and reports it. Call it from a deferred
// recover.
func (r *Reporter) Recovered(v any, tags map[string]string) {
	r.RecoveredContext(context.Background(), v, tags)
}

// RecoveredContext is Recovered for code serving a request: the log line carries the attributes
// of ctx (such as request_id), like every other line of that request.
func (r *Reporter) RecoveredContext(ctx context.Context, v any, tags map[string]string) {
	r.log.ErrorContext(ctx, "panic recovered", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	r.withHub(func(h *sentry.Hub) {
		h.WithScope(func(s *sentry.Scope) {
			s.SetTags(tags)
			h.Recover(v)
		})
	})
}

// Go runs fn in a goroutine that survives panics (logged and reported).
func (r *Reporter) Go(fn func()) {
	go func() {
		defer func() {
			if v := recover(); v != nil {
				r.Recovered(v, nil)
			}
		}()
		fn()
	}()
}

// SafeWrap runs fn and turns a panic into an error (also logged and reported).
func (r *Reporter) SafeWrap(fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			r.Recovered(v, nil)
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return fn()
}

// Flush sends pending events, waiting at most timeout. Call it on shutdown.
func (r *Reporter) Flush(timeout time.Duration) bool {
	ok := true
	r.withHub(func(h *sentry.Hub) { ok = h.Flush(timeout) })
	return ok
}

func (r *Reporter) withHub(fn func(*sentry.Hub)) {
	r.mu.RLock()
	h := r.hub
	r.mu.RUnlock()
	if h != nil {
		fn(h)
	}
}

// scrub drops anything that could identify a person before an event leaves the machine.
func scrub(e *sentry.Event, _ *sentry.EventHint) *sentry.Event {
	e.User = sentry.User{}
	e.ServerName = ""
	if e.Request != nil {
		e.Request.Cookies = ""
		e.Request.Headers = nil
		e.Request.Data = ""
	}
	return e
}

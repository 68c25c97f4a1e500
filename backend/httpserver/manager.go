package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/telemetry"
)

// Server timeouts. There is deliberately no ReadTimeout or WriteTimeout: both apply to the
// whole connection and would cut the long-lived SSE streams (/admin/executions/:id/stream).
// Slow headers are bounded here, slow bodies by bodyLimit.
const (
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
	// shutdownGrace is how long Stop lets ordinary requests finish before it cancels every
	// request context, which is what ends SSE streams (they never finish on their own).
	shutdownGrace = 2 * time.Second
)

// ManagerDeps are the Manager's collaborators.
type ManagerDeps struct {
	Log       *slog.Logger
	Reporter  *telemetry.Reporter // may be nil
	Secrets   SecretStore         // the API key and GitHub secret; nil means none is configured
	Keys      Authenticator       // the named API keys; nil means only the single key opens the API
	Routes    Routes
	Readiness func(ctx context.Context) map[string]Check
	Overrides Overrides // from EnvConfig and --listen; ForceEnabled in agented serve
	Now       func() time.Time
}

// Manager owns the listener: it binds the socket, serves New's handler on it and re-binds when
// the settings change. A bind failure is reported in Status, never fatal: the app keeps running.
type Manager struct {
	deps ManagerDeps
	log  *slog.Logger

	apiKey atomic.Pointer[string] // read on every request; nil when no key is configured

	secretsMu sync.Mutex
	secrets   secretState

	mu         sync.Mutex
	srv        *http.Server
	cancelBase context.CancelFunc
	status     Status
}

// NewManager returns a stopped manager and reads which secrets are configured.
func NewManager(deps ManagerDeps) *Manager {
	log := deps.Log
	if log == nil {
		log = logging.Discard()
	}
	m := &Manager{deps: deps, log: logging.Component(log, "httpserver")}
	m.RefreshSecrets()
	return m
}

// Apply stops the running server, if any, and starts one for l and the overrides. It returns
// the new status; a bind error is in Status.Error.
func (m *Manager) Apply(ctx context.Context, l settings.Listener) Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.stopLocked(ctx); err != nil {
		m.log.WarnContext(ctx, "stop listener", "err", err)
	}
	o := m.deps.Overrides
	cfg, addr, err := ConfigFrom(l, o)
	m.status = Status{Enabled: l.Enabled || o.ForceEnabled, ListenOverride: o.Listen,
		CORSOrigins: nonNil(cfg.CORSOrigins), TrustedProxies: prefixStrings(cfg.TrustedProxies),
		ProxyIPHeader: cfg.ProxyIPHeader, ProxyIPHeaderOverride: o.ProxyIPHeader}
	if !m.status.Enabled {
		return m.statusLocked()
	}
	if err != nil {
		m.status.Error = err.Error()
		return m.statusLocked()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		m.status.Error = bindMessage(addr, err, o.Listen != "")
		m.log.WarnContext(ctx, "listener not started", "addr", addr, "err", err)
		return m.statusLocked()
	}
	e := New(cfg, Deps{Log: m.deps.Log, Reporter: m.deps.Reporter, APIKey: m.currentKey, APIKeyName: m.currentKeyName, Keys: m.deps.Keys,
		Routes: m.deps.Routes, Readiness: m.deps.Readiness, Now: m.deps.Now})
	base, cancel := context.WithCancel(context.Background())
	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          slog.NewLogLogger(m.log.Handler(), slog.LevelWarn),
	}
	m.srv, m.cancelBase = srv, cancel
	m.status.Running = true
	m.status.withURLs(ln.Addr())
	m.log.InfoContext(ctx, "listener started", "addr", m.status.Address)
	m.goSafe(func() { m.serve(srv, ln) })
	return m.statusLocked()
}

func (m *Manager) serve(srv *http.Server, ln net.Listener) {
	err := srv.Serve(ln)
	if err == nil || errors.Is(err, http.ErrServerClosed) {
		return
	}
	m.log.Error("listener stopped", "err", err)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.srv == srv {
		m.status.Running = false
		m.status.Error = fmt.Sprintf("listener stopped: %v", err)
	}
}

// goSafe runs fn in a goroutine whose panic is logged (and reported) rather than fatal.
func (m *Manager) goSafe(fn func()) {
	if m.deps.Reporter != nil {
		m.deps.Reporter.Go(fn)
		return
	}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				m.log.Error("listener goroutine panicked", "panic", fmt.Sprint(v))
			}
		}()
		fn()
	}()
}

// Stop shuts the server down gracefully: new connections are refused, ordinary requests get
// shutdownGrace to finish, then request contexts are cancelled (ending SSE streams) and the
// rest get until ctx is done before their connections are closed.
func (m *Manager) Stop(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	err := m.stopLocked(ctx)
	m.status.Running = false
	return err
}

func (m *Manager) stopLocked(ctx context.Context) error {
	srv, cancel := m.srv, m.cancelBase
	if srv == nil {
		return nil
	}
	m.srv, m.cancelBase = nil, nil
	defer cancel()
	grace, stopGrace := context.WithTimeout(ctx, shutdownGrace)
	err := srv.Shutdown(grace)
	stopGrace()
	if err != nil {
		cancel()
		err = srv.Shutdown(ctx)
		if errors.Is(err, net.ErrClosed) { // the listener went with the first call
			err = nil
		}
	}
	if err != nil {
		_ = srv.Close()
		return fmt.Errorf("shut down listener: %w", err)
	}
	m.log.InfoContext(ctx, "listener stopped")
	return nil
}

// Status returns the listener's state and which secrets are configured.
func (m *Manager) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.statusLocked()
}

func (m *Manager) statusLocked() Status {
	st := m.status
	st.CORSOrigins = append([]string{}, st.CORSOrigins...)
	st.TrustedProxies = append([]string{}, st.TrustedProxies...)
	m.secretsMu.Lock()
	m.secrets.fill(&st)
	m.secretsMu.Unlock()
	return st
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

package settings

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/telemetry"
)

// SentrySecrets is what Sentry needs of the secret store (*secret.Store).
type SentrySecrets interface {
	Get(name secret.Name) (string, secret.Source, error)
	State(name secret.Name) secret.State
	Set(name secret.Name, value string) error
	Delete(name secret.Name) error
}

var _ SentrySecrets = (*secret.Store)(nil)

// Sentry manages the crash-reporting DSN, which is kept in the keyring like any secret (a DSN
// lets anyone post events to the project).
type Sentry struct {
	secrets  SentrySecrets
	reporter *telemetry.Reporter

	mu      sync.Mutex
	lastErr string
}

// NewSentry returns the DSN manager.
func NewSentry(secrets SentrySecrets, reporter *telemetry.Reporter) *Sentry {
	return &Sentry{secrets: secrets, reporter: reporter}
}

// Start turns reporting on when a DSN is configured. Failure only disables reporting.
func (s *Sentry) Start() {
	dsn, _, err := s.secrets.Get(secret.SentryDSNName())
	if err != nil {
		if !errors.Is(err, secret.ErrNotFound) {
			s.setErr("cannot read the stored DSN: " + err.Error())
		}
		return
	}
	if err := s.reporter.Configure(dsn); err != nil {
		s.setErr(err.Error())
	}
}

func (s *Sentry) setErr(msg string) {
	s.mu.Lock()
	s.lastErr = msg
	s.mu.Unlock()
}

// Status reports whether reporting is configured and running, never the DSN.
func (s *Sentry) Status() SentryStatus {
	st := s.secrets.State(secret.SentryDSNName())
	s.mu.Lock()
	defer s.mu.Unlock()
	return SentryStatus{Configured: st.Configured(), FromEnv: st.FromEnv, EnvVar: st.EnvVar, Active: s.reporter.Active(), Error: s.lastErr}
}

// SetDSN validates, stores and applies a DSN at once; "" deletes it and stops reporting.
func (s *Sentry) SetDSN(dsn string) (SentryStatus, error) {
	dsn = strings.TrimSpace(dsn)
	if dsn == "" {
		if err := s.secrets.Delete(secret.SentryDSNName()); err != nil {
			return s.Status(), fmt.Errorf("delete sentry dsn: %w", err)
		}
		s.setErr("")
		s.Start() // SENTRY_DSN may still be set; otherwise this turns reporting off
		if !s.Status().Configured {
			_ = s.reporter.Configure("")
		}
		return s.Status(), nil
	}
	if err := telemetry.ValidateDSN(dsn); err != nil {
		return s.Status(), err
	}
	if err := s.secrets.Set(secret.SentryDSNName(), dsn); err != nil {
		return s.Status(), fmt.Errorf("store sentry dsn: %w", err)
	}
	s.setErr("")
	s.Start()
	return s.Status(), nil
}

// Package secret keeps every secret in the OS keyring (service "agented"), lets environment
// variables override it for headless servers, and reports plainly when no keyring is usable.
// Secrets never pass through SQLite, logs or events.
package secret

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name under which every Agented secret is stored.
const Service = "agented"

// opTimeout bounds each keyring call: a locked gnome-keyring with a display set waits on a
// password prompt forever, and the UI must not hang with it.
const opTimeout = 5 * time.Second

// Keyring is the subset of go-keyring the store uses; OSKeyring is the real one.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// OSKeyring talks to the platform keyring (Secret Service, macOS Keychain, Windows Credential
// Manager) through go-keyring.
type OSKeyring struct{}

// Get reads a secret.
func (OSKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }

// Set writes a secret.
func (OSKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}

// Delete removes a secret.
func (OSKeyring) Delete(service, user string) error { return keyring.Delete(service, user) }

// Store reads and writes named secrets. A name is the keyring "user" field, e.g.
// "provider:anthropic"; envOverride maps names to environment variables that take precedence.
type Store struct {
	kr          Keyring
	getenv      func(string) string
	envOverride map[string]string
	log         *slog.Logger
	precheck    func() error
	timeout     time.Duration

	mu     sync.Mutex
	status Status
	seen   map[string]string // keyring answers kept for Values: name -> value, "" when absent
}

// New returns a store. getenv is os.Getenv in production; envOverride lists the environment
// variable that overrides each secret name.
// precheck (may be nil) runs before each keyring call and fails fast when the platform plainly has
// no keyring, e.g. SessionBusCheck on Linux.
func New(kr Keyring, getenv func(string) string, envOverride map[string]string, precheck func() error, log *slog.Logger) *Store {
	s := &Store{kr: kr, getenv: getenv, envOverride: envOverride, precheck: precheck, timeout: opTimeout, log: log.With("component", "secret")}
	s.status = Status{Available: true, EnvVars: s.envVars()}
	return s
}

// Probe checks that the keyring answers, updating Status. Call it at start-up and whenever the
// user asks to check again.
func (s *Store) Probe() Status {
	_, err := s.call(func() (string, error) { return s.kr.Get(Service, "probe") })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		_ = s.markUnavailable(err)
	} else {
		s.markAvailable()
	}
	return s.Status()
}

// Status reports whether the keyring is usable and, if not, why.
func (s *Store) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status
	st.EnvVars = append([]string(nil), st.EnvVars...)
	return st
}

// Get returns the secret, preferring its environment override. It returns ErrNotFound when
// neither has it and an error wrapping ErrUnavailable when the keyring cannot be read.
func (s *Store) Get(name string) (string, Source, error) {
	if v := s.env(name); v != "" {
		return v, SourceEnv, nil
	}
	if !s.available() {
		return "", SourceNone, fmt.Errorf("%w: %s", ErrUnavailable, s.Status().Reason)
	}
	v, err := s.call(func() (string, error) { return s.kr.Get(Service, name) })
	switch {
	case err == nil:
		s.remember(name, v)
		return v, SourceKeyring, nil
	case errors.Is(err, keyring.ErrNotFound):
		s.remember(name, "")
		return "", SourceNone, ErrNotFound
	default:
		return "", SourceNone, s.markUnavailable(err)
	}
}

// Has reports where a secret is available without returning it.
func (s *Store) Has(name string) (inKeyring, inEnv bool) {
	inEnv = s.env(name) != ""
	if !s.available() {
		return false, inEnv
	}
	_, err := s.call(func() (string, error) { return s.kr.Get(Service, name) })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		_ = s.markUnavailable(err)
	}
	return err == nil, inEnv
}

// Set stores a secret in the keyring after checking it is a plausible value.
func (s *Store) Set(name, value string) error {
	if err := ValidateValue(value); err != nil {
		return err
	}
	_, err := s.call(func() (string, error) { return "", s.kr.Set(Service, name, value) })
	if err != nil {
		return s.markUnavailable(err)
	}
	s.markAvailable()
	s.remember(name, value)
	s.log.Info("secret stored", "name", name) // the name only, never the value
	return nil
}

// Delete removes a secret from the keyring; deleting a missing secret is not an error.
func (s *Store) Delete(name string) error {
	_, err := s.call(func() (string, error) { return "", s.kr.Delete(Service, name) })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return s.markUnavailable(err)
	}
	s.markAvailable()
	s.remember(name, "")
	s.log.Info("secret deleted", "name", name)
	return nil
}

func (s *Store) env(name string) string {
	if v, ok := s.envOverride[name]; ok {
		return strings.TrimSpace(s.getenv(v))
	}
	return ""
}

func (s *Store) envVars() []string {
	out := make([]string, 0, len(s.envOverride))
	for _, v := range s.envOverride {
		out = append(out, v)
	}
	sortStrings(out)
	return out
}

// call runs a keyring operation with a deadline. A call that hangs is abandoned (its goroutine
// ends whenever the keyring answers) and reported as unavailable.
func (s *Store) call(op func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	if s.precheck != nil {
		if err := s.precheck(); err != nil {
			return "", err
		}
	}
	ch := make(chan result, 1)
	go func() {
		// A panic inside a platform keyring backend must surface as an error, not end the app.
		defer func() {
			if r := recover(); r != nil {
				ch <- result{err: fmt.Errorf("keyring panicked: %v", r)}
			}
		}()
		v, err := op()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(s.timeout):
		return "", fmt.Errorf("keyring did not answer within %s (is it locked and waiting for a password prompt?)", s.timeout)
	}
}

// available is false after a failure, so reads stop paying a timeout per call until a Probe,
// Set or Delete succeeds again.
func (s *Store) available() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status.Available
}

func (s *Store) markAvailable() {
	s.mu.Lock()
	was := s.status.Available
	s.status.Available, s.status.Reason = true, ""
	s.mu.Unlock()
	if !was {
		s.log.Info("keyring available again")
	}
}

func (s *Store) markUnavailable(cause error) error {
	reason := "OS keyring unavailable: " + cause.Error()
	s.mu.Lock()
	was := s.status.Available
	s.status.Available, s.status.Reason = false, reason
	s.mu.Unlock()
	if was {
		s.log.Warn("keyring unavailable; secrets can still be given as environment variables", "err", cause, "env_vars", strings.Join(s.envVars(), ","))
	}
	return fmt.Errorf("%w: %s", ErrUnavailable, cause.Error())
}

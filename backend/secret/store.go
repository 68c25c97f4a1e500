// Package secret owns every secret Agented holds: the keyring service and item names (names.go),
// reading and writing them in the OS keyring, the environment variables that override them on
// servers without a keyring, the keyring answers kept for run starts (cache.go), the values the
// run-output redactor hides (inventory.go), and a plain report when no keyring is usable.
// Secrets never pass through SQLite, logs or events; other packages receive a *Store (or a small
// interface of it) and never talk to the keyring themselves.
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

// Store reads and writes secrets by Name: the environment variable first, then the keyring.
type Store struct {
	kr       Keyring
	getenv   func(string) string
	log      *slog.Logger
	precheck func() error
	timeout  time.Duration

	mu     sync.Mutex
	status Status
	cause  string            // why the keyring is unavailable, while it is
	seen   map[string]string // keyring answers kept for Lookup and Values: item -> value, "" when absent
}

// New returns a store. getenv is os.Getenv in production. precheck (may be nil) runs before each
// keyring call and fails fast when the platform plainly has no keyring, e.g. SessionBusCheck on
// Linux.
func New(kr Keyring, getenv func(string) string, precheck func() error, log *slog.Logger) *Store {
	s := &Store{kr: kr, getenv: getenv, precheck: precheck, timeout: opTimeout, log: log.With("component", "secret")}
	s.status = Status{Available: true, EnvVars: envVars()}
	return s
}

// Probe checks that the keyring answers, updating Status. Call it at start-up and whenever the
// user asks to check again.
func (s *Store) Probe() Status {
	_, err := s.call(func() (string, error) { return s.kr.Get(Service, "probe") })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		s.markUnavailable(err)
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

// Get returns the secret, preferring its environment variable, and reads the keyring afresh
// (Lookup is the cached read for run starts). It returns ErrNotFound when neither has it and an
// error wrapping ErrUnavailable when the keyring cannot be read.
func (s *Store) Get(n Name) (string, Source, error) {
	if v := s.env(n); v != "" {
		return v, SourceEnv, nil
	}
	if !s.available() {
		return "", SourceNone, s.unavailable(n, s.currentCause())
	}
	v, err := s.call(func() (string, error) { return s.kr.Get(Service, n.item) })
	switch {
	case err == nil:
		s.remember(n, v)
		return v, SourceKeyring, nil
	case errors.Is(err, keyring.ErrNotFound):
		s.remember(n, "")
		return "", SourceNone, ErrNotFound
	default:
		s.markUnavailable(err)
		return "", SourceNone, s.unavailable(n, err.Error())
	}
}

// State says where a secret's value comes from without returning it: what the UI shows next to
// each secret ("stored", "set by ANTHROPIC_API_KEY").
func (s *Store) State(n Name) State {
	st := State{EnvVar: n.env, FromEnv: s.env(n) != ""}
	if !s.available() {
		return st
	}
	v, err := s.call(func() (string, error) { return s.kr.Get(Service, n.item) })
	switch {
	case err == nil:
		s.remember(n, v)
		st.Stored = true
	case errors.Is(err, keyring.ErrNotFound):
		s.remember(n, "")
	default:
		s.markUnavailable(err)
	}
	return st
}

// Writable refuses to store a secret that its environment variable overrides, where the stored
// value would silently never be used. Callers that store anyway (a provider key kept for when the
// variable goes) skip it.
func (s *Store) Writable(n Name) error {
	if s.env(n) != "" {
		return fmt.Errorf("%s is %w and takes precedence; unset it to use a stored value", n.env, ErrSetByEnv)
	}
	return nil
}

// Set stores a secret in the keyring after checking it is a plausible value.
func (s *Store) Set(n Name, value string) error {
	if err := ValidateValue(value); err != nil {
		return err
	}
	_, err := s.call(func() (string, error) { return "", s.kr.Set(Service, n.item, value) })
	if err != nil {
		s.markUnavailable(err)
		return s.unavailable(n, err.Error())
	}
	s.markAvailable()
	s.remember(n, value)
	s.log.Info("secret stored", "name", n.item) // the name only, never the value
	return nil
}

// Delete removes a secret from the keyring; deleting a missing secret is not an error.
func (s *Store) Delete(n Name) error {
	_, err := s.call(func() (string, error) { return "", s.kr.Delete(Service, n.item) })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		s.markUnavailable(err)
		return s.unavailable(n, err.Error())
	}
	s.markAvailable()
	s.remember(n, "")
	s.log.Info("secret deleted", "name", n.item)
	return nil
}

func (s *Store) env(n Name) string {
	if n.env == "" {
		return ""
	}
	return strings.TrimSpace(s.getenv(n.env))
}

// envVars are the variables a server without a keyring is told it can set.
func envVars() []string {
	var out []string
	for _, n := range wellKnown() {
		out = append(out, n.env)
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
	s.status.Available, s.status.Reason, s.cause = true, "", ""
	s.mu.Unlock()
	if !was {
		s.log.Info("keyring available again")
	}
}

func (s *Store) markUnavailable(cause error) {
	s.mu.Lock()
	was := s.status.Available
	s.status.Available, s.status.Reason, s.cause = false, "OS keyring unavailable: "+cause.Error(), cause.Error()
	s.mu.Unlock()
	if was {
		s.log.Warn("keyring unavailable; secrets can still be given as environment variables", "err", cause, "env_vars", strings.Join(envVars(), ","))
	}
}

func (s *Store) currentCause() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cause
}

// unavailable is the error of every operation on n while the keyring cannot be used: why, and
// the variable that works instead when n has one. Nothing is written anywhere else instead.
func (s *Store) unavailable(n Name, cause string) error {
	if n.env == "" {
		return fmt.Errorf("%w (%s)", ErrUnavailable, cause)
	}
	return fmt.Errorf("%w (%s): set %s in the environment instead", ErrUnavailable, cause, n.env)
}

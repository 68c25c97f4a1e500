package secret

import (
	"context"
	"errors"

	"github.com/zalando/go-keyring"
)

// A CLI run by Agented can print anything it reads, including secrets it was never given (a
// file, another process's memory). Output is therefore redacted of every secret Agented holds,
// which Inventory gathers. A run asks for all of them at its start, and a keyring read is a D-Bus
// round trip per name, so the keyring's answers are kept: Get, Set and Delete through the Store
// keep them current; a change made behind Agented's back (secret-tool) is seen by the next Get of
// that name or after a restart.

// Values returns the values of the named secrets that have one: the environment override and
// the keyring entry, each when set. Names the keyring cannot be asked about (unavailable) are
// left out rather than waited for.
func (s *Store) Values(names []string) []string {
	var out []string
	for _, name := range names {
		if v := s.env(name); v != "" {
			out = append(out, v)
		}
		if v, ok := s.cached(name); ok {
			if v != "" {
				out = append(out, v)
			}
			continue
		}
		if !s.available() {
			continue
		}
		v, err := s.call(func() (string, error) { return s.kr.Get(Service, name) })
		switch {
		case err == nil:
			s.remember(name, v)
			if v != "" {
				out = append(out, v)
			}
		case errors.Is(err, keyring.ErrNotFound):
			s.remember(name, "")
		default:
			_ = s.markUnavailable(err)
		}
	}
	return out
}

// Lookup is Get for a run's environment, which must not wait on the keyring at every start: the
// environment override, else the keyring's answer as this process last saw it (Get, Set, Delete
// and Values keep it current), else a keyring read. A key changed outside Agented (secret-tool)
// reaches runs after the next Get of that name (the Settings screen's check) or a restart.
func (s *Store) Lookup(name string) (string, Source, error) {
	if v := s.env(name); v != "" {
		return v, SourceEnv, nil
	}
	if v, ok := s.cached(name); ok {
		if v == "" {
			return "", SourceNone, ErrNotFound
		}
		return v, SourceKeyring, nil
	}
	return s.Get(name)
}

func (s *Store) cached(name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.seen[name]
	return v, ok
}

func (s *Store) remember(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string]string{}
	}
	s.seen[name] = value
}

// CustomKeyLister lists the names of the user's custom keys.
type CustomKeyLister interface {
	CustomKeyNames(ctx context.Context) ([]string, error)
}

// TriggerLister lists every trigger id, each of which may have a webhook secret.
type TriggerLister interface {
	IDs(ctx context.Context) ([]string, error)
}

// Inventory gathers every secret Agented knows: the listener API key, the GitHub webhook secret,
// each trigger's webhook secret, the built-in provider keys and custom keys, and the Sentry DSN,
// from the keyring and from the environment variables that stand in for them.
type Inventory struct {
	store    *Store
	custom   CustomKeyLister
	triggers TriggerLister
}

// NewInventory returns an inventory over store; custom and triggers name the secrets that exist
// per custom key and per trigger.
func NewInventory(store *Store, custom CustomKeyLister, triggers TriggerLister) *Inventory {
	return &Inventory{store: store, custom: custom, triggers: triggers}
}

// Values returns every known secret value (unsorted, possibly repeated).
func (inv *Inventory) Values(ctx context.Context) []string {
	names := []string{NameListenerAPIKey, NameGitHubWebhookSecret, NameSentryDSN}
	var vars []string // variables given to CLIs directly: a custom key set in the environment, an alias
	for _, p := range Providers {
		names = append(names, ProviderName(p.ID))
		vars = append(vars, p.Aliases...)
	}
	custom, err := inv.custom.CustomKeyNames(ctx)
	if err != nil {
		inv.store.log.Warn("list custom keys for redaction", "err", err)
	}
	for _, n := range custom {
		names = append(names, ProviderName(n))
		vars = append(vars, n)
	}
	ids, err := inv.triggers.IDs(ctx)
	if err != nil {
		inv.store.log.Warn("list triggers for redaction", "err", err)
	}
	for _, id := range ids {
		names = append(names, TriggerWebhookSecretName(id))
	}
	out := inv.store.Values(names)
	for _, v := range vars {
		if val := inv.store.getenv(v); val != "" {
			out = append(out, val)
		}
	}
	return out
}

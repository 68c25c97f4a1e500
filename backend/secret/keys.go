package secret

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/agented/agented/backend/events"
)

var customNameRe = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,63}$`)

// NameStore remembers the names (never the values) of custom keys: the keyring cannot list them.
type NameStore interface {
	CustomKeyNames(ctx context.Context) ([]string, error)
	SetCustomKeyNames(ctx context.Context, names []string) error
}

// Keys manages API keys per provider on top of a Store.
type Keys struct {
	store *Store
	names NameStore
	em    events.Emitter
}

// NewKeys returns the API key manager. It announces changes with events.SecretsChanged, without
// any payload: listeners refetch the status, never a value.
func NewKeys(store *Store, names NameStore, em events.Emitter) *Keys {
	return &Keys{store: store, names: names, em: em}
}

// List returns every key slot with whether it is stored or set by environment.
func (k *Keys) List(ctx context.Context) ([]ProviderKey, error) {
	out := make([]ProviderKey, 0, len(Providers)+4)
	for _, p := range Providers {
		st := k.store.State(ProviderName(p.ID))
		out = append(out, ProviderKey{Provider: p.ID, Label: p.Label, EnvVar: st.EnvVar, Stored: st.Stored, FromEnv: st.FromEnv})
	}
	custom, err := k.names.CustomKeyNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("list custom keys: %w", err)
	}
	for _, name := range custom {
		st := k.store.State(ProviderName(name))
		out = append(out, ProviderKey{Provider: name, Label: name, EnvVar: st.EnvVar, Custom: true, Stored: st.Stored, FromEnv: st.FromEnv})
	}
	return out, nil
}

// SecretNames names every custom key, for the redactor (the built-in ones it knows already).
func (k *Keys) SecretNames(ctx context.Context) ([]Name, error) {
	custom, err := k.names.CustomKeyNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("list custom keys: %w", err)
	}
	out := make([]Name, 0, len(custom))
	for _, name := range custom {
		out = append(out, ProviderName(name))
	}
	return out, nil
}

// Set stores the key of a built-in provider or of a custom name (an environment variable name).
// A key whose variable is set is stored all the same: it is used once the variable goes.
func (k *Keys) Set(ctx context.Context, provider, value string) error {
	provider = strings.TrimSpace(provider)
	custom, err := k.classify(provider)
	if err != nil {
		return err
	}
	if err := k.store.Set(ProviderName(provider), strings.TrimSpace(value)); err != nil {
		return err
	}
	defer k.em.Emit(events.SecretsChanged, nil)
	if !custom {
		return nil
	}
	names, err := k.names.CustomKeyNames(ctx)
	if err != nil {
		return fmt.Errorf("list custom keys: %w", err)
	}
	if slices.Contains(names, provider) {
		return nil
	}
	return k.names.SetCustomKeyNames(ctx, append(names, provider))
}

// Delete removes a key; a custom key also disappears from the list.
func (k *Keys) Delete(ctx context.Context, provider string) error {
	custom, err := k.classify(provider)
	if err != nil {
		return err
	}
	if err := k.store.Delete(ProviderName(provider)); err != nil {
		return err
	}
	defer k.em.Emit(events.SecretsChanged, nil)
	if !custom {
		return nil
	}
	names, err := k.names.CustomKeyNames(ctx)
	if err != nil {
		return fmt.Errorf("list custom keys: %w", err)
	}
	return k.names.SetCustomKeyNames(ctx, slices.DeleteFunc(names, func(n string) bool { return n == provider }))
}

// classify tells a built-in provider from a custom name and rejects anything else.
func (k *Keys) classify(provider string) (custom bool, err error) {
	for _, p := range Providers {
		if p.ID == provider {
			return false, nil
		}
		if p.EnvVar == provider || slices.Contains(p.Aliases, provider) {
			return false, fmt.Errorf("%w: %s is the %s key; set it in the %s row", ErrInvalid, provider, p.Label, p.Label)
		}
	}
	if !customNameRe.MatchString(provider) {
		return false, fmt.Errorf("%w: name %q must be an environment variable name like OPENROUTER_API_KEY (A-Z, 0-9, _)", ErrInvalid, provider)
	}
	return true, nil
}

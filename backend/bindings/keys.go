package bindings

import (
	"context"

	"github.com/agented/agented/backend/secret"
)

// KeysAPI manages provider API keys. No method ever returns a key value.
type KeysAPI struct {
	ctx   context.Context
	keys  *secret.Keys
	store *secret.Store
	rec   Recorder
}

// NewKeysAPI returns the facade.
func NewKeysAPI(ctx context.Context, keys *secret.Keys, store *secret.Store, rec Recorder) *KeysAPI {
	return &KeysAPI{ctx: ctx, keys: keys, store: store, rec: rec}
}

// Status checks the keyring again and says whether it can be used.
func (a *KeysAPI) Status() (secret.Status, error) { return a.store.Probe(), nil }

// List returns every key slot and whether a key is stored or set by environment.
func (a *KeysAPI) List() ([]secret.ProviderKey, error) { return a.keys.List(a.ctx) }

// Set stores or replaces a key.
func (a *KeysAPI) Set(provider, value string) error {
	return recordErr(a.ctx, a.rec, "secret.set", provider, nil, secretChange(true), func() error { return a.keys.Set(a.ctx, provider, value) })
}

// Delete removes a key.
func (a *KeysAPI) Delete(provider string) error {
	return recordErr(a.ctx, a.rec, "secret.clear", provider, nil, secretChange(false), func() error { return a.keys.Delete(a.ctx, provider) })
}

package bindings

import (
	"context"

	"github.com/agented/agented/backend/apikey"
)

// APIKeysAPI manages the named keys of the HTTP API (Settings → Listener). Only Create returns a
// secret, once.
type APIKeysAPI struct {
	ctx context.Context
	svc *apikey.Service
	rec Recorder
}

// NewAPIKeysAPI returns the facade.
func NewAPIKeysAPI(ctx context.Context, svc *apikey.Service, rec Recorder) *APIKeysAPI {
	return &APIKeysAPI{ctx: ctx, svc: svc, rec: rec}
}

// List returns every key without its secret.
func (a *APIKeysAPI) List() ([]apikey.Key, error) { return a.svc.List(a.ctx) }

// Create makes a key and returns its secret, which is never shown again.
func (a *APIKeysAPI) Create(in apikey.Input) (apikey.Created, error) {
	return record(a.ctx, a.rec, "apikey.create", "", nil, func() (apikey.Created, error) { return a.svc.Create(a.ctx, in) })
}

// Revoke deletes a key; requests with it fail at once.
func (a *APIKeysAPI) Revoke(id string) error {
	before := snapshot(func() (apikey.Key, error) { return a.svc.Get(a.ctx, id) })
	return recordErr(a.ctx, a.rec, "apikey.revoke", id, before, nil, func() error { return a.svc.Revoke(a.ctx, id) })
}

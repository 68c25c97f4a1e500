package bindings

import (
	"context"

	"github.com/agented/agented/backend/account"
)

// AccountsAPI manages the accounts each agent CLI runs under and their cooldowns.
type AccountsAPI struct {
	ctx context.Context
	svc *account.Service
	rec Recorder
}

// NewAccountsAPI returns the facade.
func NewAccountsAPI(ctx context.Context, svc *account.Service, rec Recorder) *AccountsAPI {
	return &AccountsAPI{ctx: ctx, svc: svc, rec: rec}
}

// List returns every account with its key presence, billing and cooldown.
func (a *AccountsAPI) List() ([]account.Account, error) { return a.svc.List(a.ctx) }

// Cooldowns returns every cooldown in force, including those of backends without accounts.
func (a *AccountsAPI) Cooldowns() ([]account.Cooldown, error) { return a.svc.CooldownList(a.ctx) }

// Create stores a new account; its API key goes to the keyring.
func (a *AccountsAPI) Create(in account.Input) (account.Account, error) {
	return record(a.ctx, a.rec, "account.create", "", nil, func() (account.Account, error) { return a.svc.Create(a.ctx, in) })
}

// Update saves an account; a nil apiKey keeps the stored key.
func (a *AccountsAPI) Update(id string, in account.Input) (account.Account, error) {
	before := snapshot(func() (account.Account, error) { return a.svc.Get(a.ctx, id) })
	return record(a.ctx, a.rec, "account.update", id, before, func() (account.Account, error) { return a.svc.Update(a.ctx, id, in) })
}

// Delete removes an account and its key.
func (a *AccountsAPI) Delete(id string) error {
	before := snapshot(func() (account.Account, error) { return a.svc.Get(a.ctx, id) })
	return recordErr(a.ctx, a.rec, "account.delete", id, before, nil, func() error { return a.svc.Delete(a.ctx, id) })
}

// ClearCooldown ends the cooldown of an account (or of a backend without accounts).
func (a *AccountsAPI) ClearCooldown(key string) error {
	return recordErr(a.ctx, a.rec, "account.clear-cooldown", key, nil, nil, func() error { return a.svc.ClearCooldown(a.ctx, key) })
}

package bindings

import (
	"context"

	"github.com/agented/agented/backend/update"
)

// UpdateAPI shows whether a newer Agented exists (Settings → Updates, About).
type UpdateAPI struct {
	ctx context.Context
	svc *update.Checker
}

// NewUpdateAPI returns the facade.
func NewUpdateAPI(ctx context.Context, svc *update.Checker) *UpdateAPI {
	return &UpdateAPI{ctx: ctx, svc: svc}
}

// Status returns the last check's outcome without reading the feed.
func (a *UpdateAPI) Status() update.Status { return a.svc.Status() }

// Check reads the feed now; a feed that cannot be read is reported in the status's error.
func (a *UpdateAPI) Check() (update.Status, error) {
	st, err := a.svc.Check(a.ctx)
	if err == update.ErrDisabled {
		return st, err
	}
	return st, nil
}

package bindings

import (
	"context"

	"github.com/agented/agented/backend/audit"
)

// Recorder is the audit log as the facades use it (*audit.Service). Every facade method that
// changes something goes through record or recordErr, so the window's changes are logged like
// the API's, with "desktop" as the actor (TestEveryChangingBindingIsAudited reads the source
// to hold every facade to it).
type Recorder interface {
	Record(ctx context.Context, action, target string, before, after any)
}

// record runs op and, when it succeeds, records action on target with before and op's result
// as the diff. An empty target is taken from the result's id (a creation).
func record[T any](ctx context.Context, rec Recorder, action, target string, before any, op func() (T, error)) (T, error) {
	out, err := op()
	if err == nil && rec != nil {
		rec.Record(ctx, action, target, before, out)
	}
	return out, err
}

// recordErr is record for a change that returns nothing but an error; after is what the change
// set, when the caller knows it (nil otherwise).
func recordErr(ctx context.Context, rec Recorder, action, target string, before, after any, op func() error) error {
	err := op()
	if err == nil && rec != nil {
		rec.Record(ctx, action, target, before, after)
	}
	return err
}

// snapshot returns get's value, or nil when it fails (the change itself will report the error).
func snapshot[T any](get func() (T, error)) any {
	v, err := get()
	if err != nil {
		return nil
	}
	return v
}

// secretChange is what a secret's audit entry shows: that it is set or not, never its value.
func secretChange(set bool) map[string]any { return map[string]any{"set": set} }

// AuditAPI reads the audit log for the Audit screen.
type AuditAPI struct {
	ctx context.Context
	svc *audit.Service
}

// NewAuditAPI returns the facade.
func NewAuditAPI(ctx context.Context, svc *audit.Service) *AuditAPI {
	return &AuditAPI{ctx: ctx, svc: svc}
}

// List returns one page of entries matching f, newest first.
func (a *AuditAPI) List(f audit.Filter) (audit.Page, error) { return a.svc.List(a.ctx, f) }

// Actions lists the actions recorded so far, for the filter.
func (a *AuditAPI) Actions() ([]string, error) { return a.svc.Actions(a.ctx) }

// Actors lists the actors recorded so far, for the filter.
func (a *AuditAPI) Actors() ([]string, error) { return a.svc.Actors(a.ctx) }

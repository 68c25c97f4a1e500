package bindings

import (
	"context"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/trigger"
)

// TriggersAPI manages triggers.
type TriggersAPI struct {
	ctx context.Context
	svc *trigger.Service
	rec Recorder
}

// NewTriggersAPI returns the facade.
func NewTriggersAPI(ctx context.Context, svc *trigger.Service, rec Recorder) *TriggersAPI {
	return &TriggersAPI{ctx: ctx, svc: svc, rec: rec}
}

// change records action on trigger id around op, with the stored trigger as "before".
func (a *TriggersAPI) change(action, id string, op func() (trigger.Trigger, error)) (trigger.Trigger, error) {
	before := snapshot(func() (trigger.Trigger, error) { return a.svc.Get(a.ctx, id) })
	return record(a.ctx, a.rec, action, id, before, op)
}

// List returns every trigger with its latest run, filtered by query.
func (a *TriggersAPI) List(query string) ([]trigger.Summary, error) { return a.svc.List(a.ctx, query) }

// Get returns one trigger.
func (a *TriggersAPI) Get(id string) (trigger.Trigger, error) { return a.svc.Get(a.ctx, id) }

// Create stores a new trigger.
func (a *TriggersAPI) Create(t trigger.Trigger) (trigger.Trigger, error) {
	return record(a.ctx, a.rec, "trigger.create", "", nil, func() (trigger.Trigger, error) { return a.svc.Create(a.ctx, t) })
}

// Update saves a trigger.
func (a *TriggersAPI) Update(t trigger.Trigger) (trigger.Trigger, error) {
	return a.change("trigger.update", t.ID, func() (trigger.Trigger, error) { return a.svc.Update(a.ctx, t) })
}

// Delete removes a trigger (not a predefined one).
func (a *TriggersAPI) Delete(id string) error {
	before := snapshot(func() (trigger.Trigger, error) { return a.svc.Get(a.ctx, id) })
	return recordErr(a.ctx, a.rec, "trigger.delete", id, before, nil, func() error { return a.svc.Delete(a.ctx, id) })
}

// SetEnabled turns a trigger on or off.
func (a *TriggersAPI) SetEnabled(id string, enabled bool) (trigger.Trigger, error) {
	return a.change("trigger.update", id, func() (trigger.Trigger, error) { return a.svc.SetEnabled(a.ctx, id, enabled) })
}

// ResetToDefault restores a predefined trigger.
func (a *TriggersAPI) ResetToDefault(id string) (trigger.Trigger, error) {
	return a.change("trigger.reset", id, func() (trigger.Trigger, error) { return a.svc.ResetToDefault(a.ctx, id) })
}

// Resume lets a trigger that paused itself after repeated failures fire again.
func (a *TriggersAPI) Resume(id string) (trigger.Trigger, error) {
	return a.change("trigger.resume", id, func() (trigger.Trigger, error) { return a.svc.Resume(a.ctx, id) })
}

// Preview renders a template with sample values.
func (a *TriggersAPI) Preview(template, skillCommand string, sample trigger.Sample) (trigger.Preview, error) {
	return a.svc.Preview("", template, skillCommand, sample)
}

// Placeholders lists the placeholders a template may use.
func (a *TriggersAPI) Placeholders() ([]trigger.Placeholder, error) { return trigger.Placeholders, nil }

// History lists a trigger's template versions, newest first.
func (a *TriggersAPI) History(id string) ([]trigger.TemplateVersion, error) {
	return a.svc.History(a.ctx, id)
}

// RestoreTemplate makes an earlier template current.
func (a *TriggersAPI) RestoreTemplate(id string, versionID int64) (trigger.Trigger, error) {
	return a.change("trigger.template.restore", id, func() (trigger.Trigger, error) { return a.svc.RestoreTemplate(a.ctx, id, versionID) })
}

// AddPath links a directory.
func (a *TriggersAPI) AddPath(id, path string) (trigger.Trigger, error) {
	return a.change("trigger.path.add", id, func() (trigger.Trigger, error) { return a.svc.AddPath(a.ctx, id, path) })
}

// RemovePath unlinks a directory.
func (a *TriggersAPI) RemovePath(id string, pathID int64) (trigger.Trigger, error) {
	return a.change("trigger.path.remove", id, func() (trigger.Trigger, error) { return a.svc.RemovePath(a.ctx, id, pathID) })
}

// Backends lists the backends a trigger can use.
func (a *TriggersAPI) Backends() ([]string, error) { return agent.Backends, nil }

package bindings

import (
	"context"

	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/webhook"
)

// WebhooksAPI inspects and replays webhook deliveries, manages per-trigger webhook secrets and
// shows how to call a trigger's webhook. No method returns a secret.
type WebhooksAPI struct {
	ctx context.Context
	svc *webhook.Service
	rec Recorder
}

// NewWebhooksAPI returns the facade.
func NewWebhooksAPI(ctx context.Context, svc *webhook.Service, rec Recorder) *WebhooksAPI {
	return &WebhooksAPI{ctx: ctx, svc: svc, rec: rec}
}

// ListDeliveries returns a page of deliveries, newest first, without headers or payloads.
func (a *WebhooksAPI) ListDeliveries(f webhook.DeliveryFilter) (webhook.DeliveryPage, error) {
	return a.svc.List(a.ctx, f)
}

// GetDelivery returns one delivery with its redacted headers, payload and our response.
func (a *WebhooksAPI) GetDelivery(id string) (webhook.Delivery, error) { return a.svc.Get(a.ctx, id) }

// Replay runs a stored delivery again and returns the new delivery.
func (a *WebhooksAPI) Replay(id string) (webhook.Delivery, error) {
	return record(a.ctx, a.rec, "delivery.replay", id, nil, func() (webhook.Delivery, error) { return a.svc.Replay(a.ctx, id) })
}

// SetTriggerSecret stores a webhook trigger's HMAC secret in the keyring.
func (a *WebhooksAPI) SetTriggerSecret(triggerID, secret string) (trigger.Trigger, error) {
	return record(a.ctx, a.rec, "trigger.secret.set", triggerID, nil, func() (trigger.Trigger, error) { return a.svc.SetTriggerSecret(a.ctx, triggerID, secret) })
}

// ClearTriggerSecret removes a webhook trigger's secret.
func (a *WebhooksAPI) ClearTriggerSecret(triggerID string) (trigger.Trigger, error) {
	return record(a.ctx, a.rec, "trigger.secret.clear", triggerID, nil, func() (trigger.Trigger, error) { return a.svc.ClearTriggerSecret(a.ctx, triggerID) })
}

// Example shows the URL, a matching sample body and a curl command for a trigger; baseURL is
// the listener's address ("" for the default).
func (a *WebhooksAPI) Example(triggerID, baseURL string) (webhook.Example, error) {
	return a.svc.Example(a.ctx, triggerID, baseURL)
}

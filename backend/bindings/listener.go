package bindings

import (
	"context"

	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/settings"
)

// ListenerAPI configures the HTTP listener (webhooks and the remote API) from Settings → Listener.
// No method returns a secret, except GenerateAPIKey, which shows a new key once so it can be copied.
type ListenerAPI struct {
	ctx context.Context
	mgr *httpserver.Manager
	svc *settings.Service
	rec Recorder
}

// NewListenerAPI returns the facade; ctx is the app's lifetime context.
func NewListenerAPI(ctx context.Context, mgr *httpserver.Manager, svc *settings.Service, rec Recorder) *ListenerAPI {
	return &ListenerAPI{ctx: ctx, mgr: mgr, svc: svc, rec: rec}
}

// Status reports whether the listener runs, its URLs and which secrets are configured.
func (a *ListenerAPI) Status() (httpserver.Status, error) { return a.mgr.Status(), nil }

// Settings returns the stored listener configuration for the form.
func (a *ListenerAPI) Settings() (settings.Listener, error) { return a.svc.Listener(), nil }

// Configure saves the configuration and applies it at once (start, stop or re-bind). A bind
// failure is not an error here: the settings are saved and Status.Error says what went wrong.
func (a *ListenerAPI) Configure(l settings.Listener) (httpserver.Status, error) {
	before := a.svc.Listener()
	saved, err := record(a.ctx, a.rec, "listener.update", "", before, func() (settings.Listener, error) { return a.svc.UpdateListener(a.ctx, l) })
	if err != nil {
		return a.mgr.Status(), err
	}
	return a.mgr.Apply(a.ctx, saved), nil
}

// GenerateAPIKey stores a new random API key and returns it; the previous key stops working.
func (a *ListenerAPI) GenerateAPIKey() (string, error) {
	key, err := a.mgr.GenerateAPIKey()
	if err == nil && a.rec != nil {
		a.rec.Record(a.ctx, "secret.set", "listener-api-key", nil, secretChange(true))
	}
	return key, err
}

// ClearAPIKey deletes the stored API key, closing /admin and /api.
func (a *ListenerAPI) ClearAPIKey() (httpserver.Status, error) {
	return record(a.ctx, a.rec, "secret.clear", "listener-api-key", nil, a.mgr.ClearAPIKey)
}

// SetGitHubSecret stores the GitHub webhook secret.
func (a *ListenerAPI) SetGitHubSecret(value string) (httpserver.Status, error) {
	return record(a.ctx, a.rec, "secret.set", "github-webhook-secret", nil, func() (httpserver.Status, error) { return a.mgr.SetGitHubSecret(value) })
}

// ClearGitHubSecret deletes the GitHub webhook secret; deliveries are then rejected.
func (a *ListenerAPI) ClearGitHubSecret() (httpserver.Status, error) {
	return record(a.ctx, a.rec, "secret.clear", "github-webhook-secret", nil, a.mgr.ClearGitHubSecret)
}

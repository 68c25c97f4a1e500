package restapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/clidetect"
	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/webhook"
)

// What the remote API needs to change everything the window can, so that `agented serve` on a
// server is fully usable without one. Each is optional: a nil dependency leaves its routes out.

// SettingsWriter changes the settings (*settings.Service).
type SettingsWriter interface {
	Get() settings.Settings
	Update(ctx context.Context, in settings.Settings) (settings.Settings, error)
	AllowedRoots() []string
	SetAllowedRoots(ctx context.Context, roots []string) ([]string, error)
}

// Sentry stores the crash-reporting DSN (*settings.Sentry).
type Sentry interface {
	Status() settings.SentryStatus
	SetDSN(dsn string) (settings.SentryStatus, error)
}

// ListenerControl reads and changes the listener. Configure saves at once and applies after the
// answer is sent: applying re-binds the very server that serves the request.
type ListenerControl interface {
	Status() httpserver.Status
	Settings() settings.Listener
	Configure(ctx context.Context, l settings.Listener) (settings.Listener, error)
	SetGitHubSecret(value string) (httpserver.Status, error)
	ClearGitHubSecret() (httpserver.Status, error)
}

// ProviderKeys are the provider API keys in the keyring (*secret.Keys).
type ProviderKeys interface {
	List(ctx context.Context) ([]secret.ProviderKey, error)
	Set(ctx context.Context, provider, value string) error
	Delete(ctx context.Context, provider string) error
}

// CLIs are the detected AI CLIs (*clidetect.Detector).
type CLIs interface {
	List() []clidetect.Info
	Detect(ctx context.Context) ([]clidetect.Info, error)
	SetPath(ctx context.Context, name, path string) (clidetect.Info, error)
}

// Webhooks are the stored deliveries and per-trigger secrets (*webhook.Service).
type Webhooks interface {
	List(ctx context.Context, f webhook.DeliveryFilter) (webhook.DeliveryPage, error)
	Get(ctx context.Context, id string) (webhook.Delivery, error)
	Replay(ctx context.Context, id string) (webhook.Delivery, error)
	SetTriggerSecret(ctx context.Context, triggerID, value string) (trigger.Trigger, error)
	ClearTriggerSecret(ctx context.Context, triggerID string) (trigger.Trigger, error)
}

// ListenerView is the answer of GET and PUT /admin/listener.
type ListenerView struct {
	Settings settings.Listener `json:"settings"`
	Status   httpserver.Status `json:"status"`
}

// SecretValue is the body that sets a secret; the value never comes back.
type SecretValue struct {
	Value string `json:"value"`
}

// RootList is the body and answer of /api/settings/allowed-roots.
type RootList struct {
	Roots []string `json:"roots"`
}

// KeyStatusList is the answer of GET /api/keys: which provider keys exist, never their values.
type KeyStatusList struct {
	Keys []secret.ProviderKey `json:"keys"`
}

// CLIList is the answer of GET /admin/clis.
type CLIList struct {
	CLIs []clidetect.Info `json:"clis"`
}

// CLIPath is the body of PUT /admin/clis/:name/path ("" goes back to PATH lookup).
type CLIPath struct {
	Path string `json:"path"`
}

// HistoryList is the answer of GET /admin/triggers/:id/history.
type HistoryList struct {
	Versions []trigger.TemplateVersion `json:"versions"`
}

func (a *API) registerParityAdmin(r registrar) {
	if a.d.Listener != nil {
		cur := func(echo.Context) (any, error) { return a.d.Listener.Settings(), nil }
		r.add(Route{Method: http.MethodGet, Path: "/listener", Scope: read, Summary: "Listener settings (rate limits included) and status", Resp: ListenerView{}}, a.getListener)
		r.add(Route{Method: http.MethodPut, Path: "/listener", Scope: admin, Action: "listener.update", Summary: "Change the listener settings (fields left out keep their value); applied right after the answer", Body: settings.Listener{}, Resp: settings.Listener{}, Before: cur}, a.putListener)
		r.add(Route{Method: http.MethodPut, Path: "/listener/github-secret", Scope: admin, Action: "secret.set", Summary: "Store the GitHub webhook secret", Body: SecretValue{}, Resp: httpserver.Status{}}, a.setGitHubSecret)
		r.add(Route{Method: http.MethodDelete, Path: "/listener/github-secret", Scope: admin, Action: "secret.clear", Summary: "Delete the GitHub webhook secret (every delivery is then refused)", Resp: httpserver.Status{}}, a.clearGitHubSecret)
	}
	if a.d.CLIs != nil {
		r.add(Route{Method: http.MethodGet, Path: "/clis", Scope: read, Summary: "The AI CLIs found, with versions and paths", Resp: CLIList{}}, a.listCLIs)
		r.add(Route{Method: http.MethodPost, Path: "/clis/detect", Scope: admin, Action: "cli.detect", Summary: "Look for the AI CLIs again", Resp: CLIList{}}, a.detectCLIs)
		r.add(Route{Method: http.MethodPut, Path: "/clis/:name/path", Scope: admin, Action: "cli.path.update", Summary: "Point a CLI at a binary (\"\" for PATH lookup)", Body: CLIPath{}, Resp: clidetect.Info{}}, a.setCLIPath)
	}
	if a.d.Webhooks != nil {
		trig := func(c echo.Context) (any, error) { return a.d.Triggers.Get(c.Request().Context(), c.Param("id")) }
		r.add(Route{Method: http.MethodGet, Path: "/webhooks/deliveries", Scope: read, Summary: "Webhook deliveries, newest first", Query: []string{"source", "outcome", "limit", "offset"}, Resp: webhook.DeliveryPage{}}, a.listDeliveries)
		r.add(Route{Method: http.MethodGet, Path: "/webhooks/deliveries/:id", Scope: read, Summary: "A delivery with its redacted headers, payload and response", Resp: webhook.Delivery{}}, a.getDelivery)
		r.add(Route{Method: http.MethodPost, Path: "/webhooks/deliveries/:id/replay", Scope: run, Action: "delivery.replay", Summary: "Run a stored delivery again", Resp: webhook.Delivery{}, Status: http.StatusAccepted}, a.replayDelivery)
		r.add(Route{Method: http.MethodPut, Path: "/triggers/:id/webhook-secret", Scope: admin, Action: "trigger.secret.set", Summary: "Set a webhook trigger's HMAC secret", Body: SecretValue{}, Resp: trigger.Trigger{}, Before: trig}, a.setTriggerSecret)
		r.add(Route{Method: http.MethodDelete, Path: "/triggers/:id/webhook-secret", Scope: admin, Action: "trigger.secret.clear", Summary: "Remove a webhook trigger's secret", Resp: trigger.Trigger{}, Before: trig}, a.clearTriggerSecret)
	}
	trig := func(c echo.Context) (any, error) { return a.d.Triggers.Get(c.Request().Context(), c.Param("id")) }
	r.add(Route{Method: http.MethodGet, Path: "/triggers/:id/history", Scope: read, Summary: "A trigger's template versions, newest first", Resp: HistoryList{}}, a.triggerHistory)
	r.add(Route{Method: http.MethodPost, Path: "/triggers/:id/history/:versionId/restore", Scope: admin, Action: "trigger.template.restore", Summary: "Make an earlier template current", Resp: trigger.Trigger{}, Before: trig}, a.restoreTemplate)
}

func (a *API) registerParityAPI(r registrar) {
	if a.d.SettingsWriter != nil {
		cur := func(echo.Context) (any, error) { return a.d.SettingsWriter.Get(), nil }
		roots := func(echo.Context) (any, error) { return RootList{Roots: a.d.SettingsWriter.AllowedRoots()}, nil }
		r.add(Route{Method: http.MethodPut, Path: "/settings", Scope: admin, Action: "settings.update", Summary: "Change the settings (fields left out keep their value)", Body: settings.Settings{}, Resp: settings.Settings{}, Before: cur}, a.putSettings)
		r.add(Route{Method: http.MethodGet, Path: "/settings/allowed-roots", Scope: read, Summary: "Directories linked directories must be inside (empty: no limit)", Resp: RootList{}}, a.getRoots)
		r.add(Route{Method: http.MethodPut, Path: "/settings/allowed-roots", Scope: admin, Action: "settings.allowed-roots.update", Summary: "Replace the allowed roots", Body: RootList{}, Resp: RootList{}, Before: roots}, a.putRoots)
	}
	if a.d.Sentry != nil {
		r.add(Route{Method: http.MethodGet, Path: "/settings/sentry", Scope: read, Summary: "Whether crash reporting is configured (never the DSN)", Resp: settings.SentryStatus{}}, a.getSentry)
		r.add(Route{Method: http.MethodPut, Path: "/settings/sentry", Scope: admin, Action: "secret.set", Summary: "Store the Sentry DSN (\"\" clears it)", Body: SecretValue{}, Resp: settings.SentryStatus{}}, a.putSentry)
	}
	if a.d.ProviderKeys != nil {
		r.add(Route{Method: http.MethodGet, Path: "/keys", Scope: read, Summary: "Which provider keys are stored or set by environment (never values)", Resp: KeyStatusList{}}, a.listProviderKeys)
		r.add(Route{Method: http.MethodPut, Path: "/keys/:provider", Scope: admin, Action: "secret.set", Summary: "Store a provider key in the keyring", Body: SecretValue{}, Status: http.StatusNoContent}, a.setProviderKey)
		r.add(Route{Method: http.MethodDelete, Path: "/keys/:provider", Scope: admin, Action: "secret.clear", Summary: "Delete a provider key", Status: http.StatusNoContent}, a.deleteProviderKey)
	}
}

func (a *API) getListener(c echo.Context) error {
	return c.JSON(http.StatusOK, ListenerView{Settings: a.d.Listener.Settings(), Status: a.d.Listener.Status()})
}

// putListener decodes the body onto the stored settings, so {"webhookRatePer10s": 40} alone
// changes one limit.
func (a *API) putListener(c echo.Context) error {
	l := a.d.Listener.Settings()
	if err := decodeJSON(c, &l, false); err != nil {
		return a.fail(c, err)
	}
	saved, err := a.d.Listener.Configure(c.Request().Context(), l)
	if err != nil {
		return a.fail(c, err)
	}
	// The settings only: the status would describe the server about to be replaced.
	return c.JSON(http.StatusOK, saved)
}

func (a *API) setGitHubSecret(c echo.Context) error {
	var in SecretValue
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	if strings.TrimSpace(in.Value) == "" {
		return a.fail(c, badRequest("value is required; DELETE the secret to remove it", map[string]string{"value": "is required"}))
	}
	st, err := a.d.Listener.SetGitHubSecret(in.Value)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, st)
}

func (a *API) clearGitHubSecret(c echo.Context) error {
	st, err := a.d.Listener.ClearGitHubSecret()
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, st)
}

func (a *API) listCLIs(c echo.Context) error {
	return c.JSON(http.StatusOK, CLIList{CLIs: nonNilList(a.d.CLIs.List())})
}

func (a *API) detectCLIs(c echo.Context) error {
	list, err := a.d.CLIs.Detect(c.Request().Context())
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, CLIList{CLIs: nonNilList(list)})
}

func (a *API) setCLIPath(c echo.Context) error {
	var in CLIPath
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	info, err := a.d.CLIs.SetPath(c.Request().Context(), c.Param("name"), in.Path)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, info)
}

func (a *API) listDeliveries(c echo.Context) error {
	q := newQuery(c)
	f := webhook.DeliveryFilter{
		Source:  strings.TrimSpace(c.QueryParam("source")),
		Outcome: strings.TrimSpace(c.QueryParam("outcome")),
		Limit:   q.number("limit", defaultListLimit, 1, maxListLimit),
		Offset:  q.number("offset", 0, 0, 1<<31-1),
	}
	if err := q.err(); err != nil {
		return a.fail(c, err)
	}
	page, err := a.d.Webhooks.List(c.Request().Context(), f)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, page)
}

func (a *API) getDelivery(c echo.Context) error {
	d, err := a.d.Webhooks.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, d)
}

func (a *API) replayDelivery(c echo.Context) error {
	d, err := a.d.Webhooks.Replay(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusAccepted, d)
}

func (a *API) setTriggerSecret(c echo.Context) error {
	var in SecretValue
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	t, err := a.d.Webhooks.SetTriggerSecret(c.Request().Context(), c.Param("id"), in.Value)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, t)
}

func (a *API) clearTriggerSecret(c echo.Context) error {
	t, err := a.d.Webhooks.ClearTriggerSecret(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, t)
}

func (a *API) triggerHistory(c echo.Context) error {
	list, err := a.d.Triggers.History(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, HistoryList{Versions: nonNilList(list)})
}

func (a *API) restoreTemplate(c echo.Context) error {
	v, err := strconv.ParseInt(c.Param("versionId"), 10, 64)
	if err != nil || v <= 0 {
		return a.fail(c, badRequest("versionId must be a positive whole number", map[string]string{"versionId": "must be a positive whole number"}))
	}
	t, err := a.d.Triggers.RestoreTemplate(c.Request().Context(), c.Param("id"), v)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, t)
}

// putSettings decodes the body onto the current settings, so one field can be sent alone.
func (a *API) putSettings(c echo.Context) error {
	s := a.d.SettingsWriter.Get()
	if err := decodeJSON(c, &s, false); err != nil {
		return a.fail(c, err)
	}
	saved, err := a.d.SettingsWriter.Update(c.Request().Context(), s)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, saved)
}

func (a *API) getRoots(c echo.Context) error {
	return c.JSON(http.StatusOK, RootList{Roots: nonNilList(a.d.SettingsWriter.AllowedRoots())})
}

func (a *API) putRoots(c echo.Context) error {
	var in RootList
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	roots, err := a.d.SettingsWriter.SetAllowedRoots(c.Request().Context(), nonNilList(in.Roots))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, RootList{Roots: nonNilList(roots)})
}

func (a *API) getSentry(c echo.Context) error { return c.JSON(http.StatusOK, a.d.Sentry.Status()) }

func (a *API) putSentry(c echo.Context) error {
	var in SecretValue
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	st, err := a.d.Sentry.SetDSN(in.Value)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, st)
}

func (a *API) listProviderKeys(c echo.Context) error {
	keys, err := a.d.ProviderKeys.List(c.Request().Context())
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, KeyStatusList{Keys: nonNilList(keys)})
}

func (a *API) setProviderKey(c echo.Context) error {
	var in SecretValue
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	if err := a.d.ProviderKeys.Set(c.Request().Context(), c.Param("provider"), in.Value); err != nil {
		return a.fail(c, err)
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *API) deleteProviderKey(c echo.Context) error {
	if err := a.d.ProviderKeys.Delete(c.Request().Context(), c.Param("provider")); err != nil {
		return a.fail(c, err)
	}
	return c.NoContent(http.StatusNoContent)
}

// nonNilList sends [] rather than null for an empty list, as the document promises.
func nonNilList[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Package restapi is Agented's remote REST surface: trigger CRUD and runs under /admin/triggers,
// the execution history, paged logs and a resumable SSE log stream under /admin/executions, and
// read-only settings and version under /api. It only registers handlers; the listener
// (backend/httpserver) mounts them behind API-key auth, rate limits, the body cap and request
// ids. JSON bodies reuse the domain DTOs, so a field is named the same over HTTP as in the
// Wails bindings.
package restapi

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/config"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/trigger"
)

// Triggers is what the API needs of the trigger service (*trigger.Service).
type Triggers interface {
	List(ctx context.Context, query string) ([]trigger.Summary, error)
	Listing(ctx context.Context) (trigger.Listing, error)
	Get(ctx context.Context, id string) (trigger.Trigger, error)
	Create(ctx context.Context, in trigger.Trigger) (trigger.Trigger, error)
	Update(ctx context.Context, in trigger.Trigger) (trigger.Trigger, error)
	Delete(ctx context.Context, id string) error
	AddPath(ctx context.Context, id, dir string) (trigger.Trigger, error)
	RemovePath(ctx context.Context, id string, pathID int64) (trigger.Trigger, error)
	Preview(triggerID, template, skillCommand string, sample trigger.Sample) (trigger.Preview, error)
	ResetToDefault(ctx context.Context, id string) (trigger.Trigger, error)
	History(ctx context.Context, id string) ([]trigger.TemplateVersion, error)
	RestoreTemplate(ctx context.Context, id string, versionID int64) (trigger.Trigger, error)
	Resume(ctx context.Context, id string) (trigger.Trigger, error)
}

// Engine is what the API needs of the execution engine (*execution.Engine).
type Engine interface {
	Submit(ctx context.Context, req execution.Request) (execution.Execution, error)
	Cancel(ctx context.Context, id string) error
	Rerun(ctx context.Context, id string) (execution.Execution, error)
	Get(ctx context.Context, id string) (execution.Execution, error)
	List(ctx context.Context, f execution.ListFilter) (execution.Page, error)
	Lines(ctx context.Context, id string, after int64, limit int) (execution.LinesPage, error)
	Transcript(ctx context.Context, id string, after int64, limit int) ([]agent.Entry, error)
	Diff(ctx context.Context, id string) (execution.Diff, error)
	RemoveWorktree(ctx context.Context, id string) (execution.Execution, error)
}

// Subscriber is the event bus as a consumer sees it (*events.Bus).
type Subscriber interface {
	Subscribe(size int, match func(name string) bool) *events.Subscription
}

// SettingsReader returns the current non-secret settings (*settings.Service).
type SettingsReader interface {
	Get() settings.Settings
}

// DefaultHeartbeat is how long an SSE stream may stay silent before a comment is sent; proxies
// and browsers drop connections that look idle for much longer.
const DefaultHeartbeat = 15 * time.Second

// Deps are the API's collaborators.
type Deps struct {
	Triggers  Triggers
	Engine    Engine
	Accounts  Accounts  // nil: the /admin/accounts routes are not registered
	Schedules Schedules // nil: no fire times in trigger details, no /admin/schedules routes
	Bus       Subscriber
	Settings  SettingsReader
	// Notifications may be nil in tests that do not reach /admin/notifications.
	Notifications Notifications
	Usage         Usage    // nil: no /admin/usage
	Budgets       Budgets  // nil: no /admin/budgets
	Prices        Prices   // nil: no /admin/prices
	Updates       Updates  // nil: no /admin/update
	Keys          APIKeys  // nil: no /admin/api-keys
	Audit         AuditLog // nil: changes are not recorded and there is no /admin/audit
	// What the window can change, over REST; each nil leaves its routes out.
	SettingsWriter SettingsWriter  // PUT /api/settings, /api/settings/allowed-roots
	Sentry         Sentry          // /api/settings/sentry
	Listener       ListenerControl // /admin/listener
	ProviderKeys   ProviderKeys    // /api/keys
	CLIs           CLIs            // /admin/clis
	Webhooks       Webhooks        // /admin/webhooks/deliveries, /admin/triggers/:id/webhook-secret
	Planning       Planning        // nil: no /admin/projects/:id/planning
	// PlanningCommands may be nil: no /admin/planning/commands.
	PlanningCommands PlanningCommands
	// PullRequests may be nil: no /admin/pull-requests or /admin/github routes.
	PullRequests PullRequests
	Projects     Projects // nil: no /admin/projects, /admin/products
	App          config.AppInfo
	Log          *slog.Logger
	Heartbeat    time.Duration    // SSE idle heartbeat; 0 means DefaultHeartbeat
	Now          func() time.Time // clock for heartbeat stamps; nil means time.Now
}

// API holds the REST handlers.
type API struct {
	d   Deps
	log *slog.Logger

	// queue is the bus queue size of one SSE stream. A stream that falls further behind is told
	// how many events it missed and re-pages the store, so this bounds memory, not correctness.
	queue int
	// streams counts SSE handlers still running; tests use it to prove a disconnect releases one.
	streams atomic.Int64
	// triggerList is GET /admin/triggers encoded, kept until the list changes.
	triggerList encodedList

	// routes are every /admin and /api route, as registered; index maps "METHOD path" into it.
	routesMu sync.RWMutex
	routes   []Route
	index    map[string]int
	// openapi is the document, built from routes on first request.
	openapi openAPIDoc
}

// New returns the API. Deps.Log may be nil (logs are dropped).
func New(d Deps) *API {
	if d.Heartbeat <= 0 {
		d.Heartbeat = DefaultHeartbeat
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &API{d: d, log: log.With("component", "restapi"), queue: 256, index: map[string]int{}}
}

// Version is the answer of GET /api/version.
type Version struct {
	Version string `json:"version"`
	Mode    string `json:"mode"` // desktop | serve
}

func (a *API) getSettings(c echo.Context) error {
	return c.JSON(http.StatusOK, a.d.Settings.Get())
}

func (a *API) getVersion(c echo.Context) error {
	return c.JSON(http.StatusOK, Version{Version: a.d.App.Version, Mode: a.d.App.Mode})
}

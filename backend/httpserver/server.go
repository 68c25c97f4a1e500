// Package httpserver is Agented's HTTP listener: one function, New, builds the hardened Echo
// server (API key, CORS allowlist, security headers, per-IP windows, body cap, request ids, JSON
// errors, panic recovery) around the routes other packages provide, and Manager starts, stops
// and re-binds it as the settings change.
package httpserver

import (
	"context"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/telemetry"
)

// Routes are the handlers other packages own. A nil field leaves its route unregistered.
type Routes struct {
	GenericWebhook echo.HandlerFunc    // POST /, public, 20 per 10 s per IP
	GitHubWebhook  echo.HandlerFunc    // POST /api/webhooks/github, public, must set SignatureOKKey
	Admin          func(g *echo.Group) // mounted at /admin behind the API key
	API            func(g *echo.Group) // mounted at /api behind the API key
	// Scope returns the scope each /admin and /api route declared; nil means every route needs
	// admin. A route it does not know is refused to every key.
	Scope ScopeLookup
}

// Deps are New's collaborators.
type Deps struct {
	Log      *slog.Logger
	Reporter *telemetry.Reporter // may be nil: panics are then only logged
	// APIKey returns the key guarding /admin and /api; false means none is configured and those
	// routes refuse everyone. It is called on every request, so rotation applies at once.
	APIKey func() (string, bool)
	// APIKeyName is the audit log's actor for APIKey; nil means "AGENTED_API_KEY".
	APIKeyName func() string
	// Keys resolves the named API keys; nil means only APIKey opens the API.
	Keys      Authenticator
	Routes    Routes
	Readiness func(ctx context.Context) map[string]Check // per-component checks; may be nil
	Now       func() time.Time                           // nil means time.Now; tests inject a clock
}

// New builds the whole server. The order of the middleware is the contract:
//
//  1. requestScope: request id, log context, error rendering and the access line. Outermost,
//     so every response (401, 413, 429, 500) carries X-Request-ID and is logged once.
//  2. securityHeaders: set before anything can answer, so errors carry them too.
//  3. recoverPanics: inside the two above, so a panic's 500 has the id and the headers.
//  4. cors: answers preflights before routing and auth.
//  5. stripTrailingSlash, bodyLimit: before routing and before any handler reads.
//
// Then per route: the rate limit, then (for /admin and /api) the API key, the route's scope and the JSON
// Content-Type of any body (requireJSON), in that order so strangers learn nothing but 401.
// Limiting before auth
// is deliberate: a client guessing keys is throttled like any other, and a flood of
// unauthenticated requests costs us a map lookup, not a key comparison and an error log.
func New(cfg Config, deps Deps) *echo.Echo {
	cfg = cfg.withDefaults()
	log := deps.Log
	if log == nil {
		log = logging.Discard()
	}
	log = logging.Component(log, "httpserver")
	now := deps.Now
	if now == nil {
		now = time.Now
	}
	r := deps.Routes
	apiKey := deps.APIKey
	if apiKey == nil {
		apiKey = func() (string, bool) { return "", false }
	}
	keyName := deps.APIKeyName
	if keyName == nil {
		keyName = func() string { return apikey.EnvKeyName }
	}
	key := keyCheck{single: apiKey, singleName: keyName, named: deps.Keys}
	scope := requireScope(r.Scope, "/admin", "/api")
	px := newProxies(cfg.TrustedProxies, cfg.ProxyIPHeader)
	lim := newLimiters(cfg, now)
	// One pool for both webhook routes: they compete for the same store. It comes after the rate
	// limit, so one flooding address is refused by its own limit before it can fill the pool.
	adm := newAdmission(cfg.Admission)

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = px.clientIP
	e.SchemeExtractor = px.scheme
	e.HTTPErrorHandler = errorHandler(log)

	e.Pre(
		requestScope(log, now),
		securityHeaders(px),
		recoverPanics(log, deps.Reporter),
		cors(cfg.CORSOrigins),
		stripTrailingSlash,
		bodyLimit(cfg.BodyLimit, cfg.BodyReadTimeout),
	)

	h := &health{key: key, checks: deps.Readiness, timeout: cfg.ReadinessTimeout, now: now}
	e.GET("/health/liveness", h.liveness)
	e.GET("/health/readiness", h.readiness)

	if r.GenericWebhook != nil {
		e.POST("/", r.GenericWebhook, lim.each(lim.generic), adm.limit)
	}
	if r.GitHubWebhook != nil {
		// Registered on e, not the /api group, so the API key does not apply: GitHub proves
		// itself with the signature instead.
		e.POST("/api/webhooks/github", r.GitHubWebhook, lim.github(), adm.limit)
	}
	// Both groups are built even without routes: their catch-all keeps unknown /admin and /api
	// paths behind the key (401, not a 404 that confirms what exists).
	admin := e.Group("/admin", lim.each(lim.api), key.require(), scope, requireJSON)
	if r.Admin != nil {
		r.Admin(admin)
	}
	api := e.Group("/api", lim.each(lim.api), key.require(), scope, requireJSON)
	if r.API != nil {
		r.API(api)
	}
	return e
}

package httpserver

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/audit"
)

// HeaderAPIKey carries the listener's API key. Query-string keys are not accepted: they end up
// in proxy logs and browser history.
const HeaderAPIKey = "X-API-Key"

// msgNoKeyConfigured tells the caller how to turn the API on. With no key set, /admin and /api
// stay closed (403) instead of open to anyone who can reach the port: a listener exposed through
// a tunnel before its key is generated must not run agents for strangers.
const msgNoKeyConfigured = "the HTTP API is disabled until an API key exists: create one in Settings → Listener, or set AGENTED_API_KEY"

// Authenticator resolves a presented X-API-Key to the named key it belongs to (*apikey.Service).
type Authenticator interface {
	// Authenticate returns apikey.ErrUnknownKey when no key matches.
	Authenticate(ctx context.Context, key string) (apikey.Principal, error)
	// Configured reports whether any named key exists.
	Configured(ctx context.Context) bool
}

var _ Authenticator = (*apikey.Service)(nil)

// principalKey is the echo.Context key of the authenticated apikey.Principal.
const principalKey = "agented.principal"

// keyCheck authenticates requests. The single configured key (AGENTED_API_KEY, or one stored
// before named keys existed) is an admin key; every other key is looked up among the named keys.
// Both are read on every request, so a rotated, cleared or revoked key fails at once.
type keyCheck struct {
	single     func() (string, bool)
	singleName func() string
	named      Authenticator // nil: only the single key exists
}

// principal returns who r authenticates as; configured is false when no key exists at all.
func (k keyCheck) principal(r *http.Request) (p apikey.Principal, configured bool, err error) {
	got := r.Header.Get(HeaderAPIKey)
	want, ok := k.single()
	ok = ok && want != ""
	if ok && got != "" {
		// Comparing digests keeps the compare constant-time in the length too.
		a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
		if subtle.ConstantTimeCompare(a[:], b[:]) == 1 {
			return apikey.Principal{Name: k.singleName(), Scope: apikey.ScopeAdmin}, true, nil
		}
	}
	if k.named != nil && got != "" {
		p, err := k.named.Authenticate(r.Context(), got)
		if err == nil {
			return p, true, nil
		}
		if !errors.Is(err, apikey.ErrUnknownKey) {
			return apikey.Principal{}, true, err
		}
	}
	configured = ok || (k.named != nil && k.named.Configured(r.Context()))
	return apikey.Principal{}, configured, apikey.ErrUnknownKey
}

// valid reports whether r carries any valid key.
func (k keyCheck) valid(r *http.Request) bool {
	_, _, err := k.principal(r)
	return err == nil
}

// require refuses requests without a valid key: 403 when no key exists at all (no key could
// work, so the message says how to create one), 401 when it is missing or wrong. A valid key's
// principal is kept for the scope check and, on the request context, for the audit log.
func (k keyCheck) require() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			p, configured, err := k.principal(req)
			switch {
			case err != nil && !errors.Is(err, apikey.ErrUnknownKey):
				return fmt.Errorf("check api key: %w", err)
			case !configured:
				return echo.NewHTTPError(http.StatusForbidden, msgNoKeyConfigured)
			case req.Header.Get(HeaderAPIKey) == "":
				return echo.NewHTTPError(http.StatusUnauthorized, "missing "+HeaderAPIKey+" header")
			case err != nil:
				return echo.NewHTTPError(http.StatusUnauthorized, "invalid API key")
			}
			c.Set(principalKey, p)
			c.SetRequest(req.WithContext(audit.WithActor(req.Context(), p.Name, c.Response().Header().Get(HeaderRequestID))))
			return next(c)
		}
	}
}

// ScopeLookup returns the scope a route (method and registered path, e.g. "/admin/triggers/:id")
// declared, and false when it declared none.
type ScopeLookup func(method, path string) (apikey.Scope, bool)

// requireScope lets a request through only when its key's scope covers the scope its route
// declared. A route that declared none is refused: forgetting a scope must close a route, not
// open it to read-only keys. Only the groups' catch-alls (unknown paths) pass, to answer 404.
func requireScope(lookup ScopeLookup, groups ...string) echo.MiddlewareFunc {
	catchAll := map[string]bool{}
	for _, g := range groups {
		catchAll[g], catchAll[g+"/*"] = true, true
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if catchAll[c.Path()] {
				return next(c)
			}
			p, _ := c.Get(principalKey).(apikey.Principal)
			need, ok := apikey.ScopeAdmin, true
			if lookup != nil {
				need, ok = lookup(c.Request().Method, c.Path())
			}
			if !ok {
				return echo.NewHTTPError(http.StatusForbidden, fmt.Sprintf("%s %s declares no scope, so no key may call it", c.Request().Method, c.Path()))
			}
			if !p.Scope.Allows(need) {
				return echo.NewHTTPError(http.StatusForbidden, fmt.Sprintf("API key %q has scope %s; %s %s needs scope %s",
					p.Name, p.Scope, c.Request().Method, c.Path(), need))
			}
			return next(c)
		}
	}
}

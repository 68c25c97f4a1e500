package httpserver

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"

	"github.com/labstack/echo/v4"
)

// HeaderAPIKey carries the listener's API key. Query-string keys are not accepted: they end up
// in proxy logs and browser history.
const HeaderAPIKey = "X-API-Key"

// msgNoKeyConfigured tells the caller how to turn the API on. With no key set, /admin and /api
// stay closed (403) instead of open to anyone who can reach the port: a listener exposed through
// a tunnel before its key is generated must not run agents for strangers.
const msgNoKeyConfigured = "the HTTP API is disabled until an API key is set: generate one in Settings → Listener, or set AGENTED_API_KEY"

// keyCheck compares X-API-Key with the configured key, read on every request so a rotated or
// cleared key takes effect at once.
type keyCheck func() (string, bool)

// valid reports whether r carries the configured key; configured is false when none is set.
func (k keyCheck) valid(r *http.Request) (valid, configured bool) {
	want, ok := k()
	if !ok || want == "" {
		return false, false
	}
	got := r.Header.Get(HeaderAPIKey)
	if got == "" {
		return false, true
	}
	// Comparing digests keeps the compare constant-time in the length too.
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1, true
}

// require refuses requests without the right key: 403 when no key exists at all (no key could
// work, so the message says how to set one), 401 when it is missing or wrong.
func (k keyCheck) require() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			valid, configured := k.valid(c.Request())
			switch {
			case !configured:
				return echo.NewHTTPError(http.StatusForbidden, msgNoKeyConfigured)
			case c.Request().Header.Get(HeaderAPIKey) == "":
				return echo.NewHTTPError(http.StatusUnauthorized, "missing "+HeaderAPIKey+" header")
			case !valid:
				return echo.NewHTTPError(http.StatusUnauthorized, "invalid API key")
			}
			return next(c)
		}
	}
}

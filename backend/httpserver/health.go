package httpserver

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// Component check states. Anything but CheckOK makes readiness "degraded" (503).
const (
	CheckOK       = "ok"
	CheckDegraded = "degraded"
	CheckError    = "error"
)

// Check is one component's readiness (database, scheduler, keyring, disk...).
type Check struct {
	Status  string         `json:"status"`
	Error   string         `json:"error,omitempty"`
	Details map[string]any `json:"details,omitempty"`
}

// publicReadiness is all GET /health/readiness tells a caller without a valid API key:
// component details (paths, counts, error texts) are not for the public.
type publicReadiness struct {
	Status    string `json:"status"`
	Timestamp string `json:"timestamp"`
}

// readiness adds the per-component checks for an authenticated caller.
type readiness struct {
	publicReadiness
	Components map[string]Check `json:"components"`
}

// timestampFormat is RFC 3339 with milliseconds, like every timestamp Agented stores.
const timestampFormat = "2006-01-02T15:04:05.000Z07:00"

type health struct {
	key     keyCheck
	checks  func(ctx context.Context) map[string]Check
	timeout time.Duration
	now     func() time.Time
}

// liveness answers as long as the process serves HTTP at all.
func (h *health) liveness(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": CheckOK})
}

// readiness runs the component checks only for an authenticated caller, so an anonymous client
// cannot make the app hit its database in a loop; everyone else learns that the listener is up.
func (h *health) readiness(c echo.Context) error {
	pub := publicReadiness{Status: CheckOK, Timestamp: h.now().UTC().Format(timestampFormat)}
	if !h.key.valid(c.Request()) {
		return c.JSON(http.StatusOK, pub)
	}
	body := readiness{publicReadiness: pub, Components: map[string]Check{}}
	if h.checks != nil {
		ctx, cancel := context.WithTimeout(c.Request().Context(), h.timeout)
		defer cancel()
		if got := h.checks(ctx); got != nil {
			body.Components = got
		}
	}
	for _, ch := range body.Components {
		if ch.Status != CheckOK {
			body.Status = CheckDegraded
		}
	}
	status := http.StatusOK
	if body.Status != CheckOK {
		status = http.StatusServiceUnavailable
	}
	return c.JSON(status, body)
}

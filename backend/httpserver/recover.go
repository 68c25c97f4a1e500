package httpserver

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/telemetry"
)

// errPanic is what a recovered panic becomes; the error handler answers it with a generic 500.
var errPanic = errors.New("handler panicked")

// recoverPanics turns a panic in any later middleware or handler into a JSON 500. It sits inside
// requestScope so the 500 still carries the request id and its access line. The panic is logged
// with the request context (so the line carries request_id); when a Reporter is set it also logs
// the stack and sends the event to Sentry, tagged with the request id.
func recoverPanics(log *slog.Logger, reporter *telemetry.Reporter) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler { //nolint:errorlint // net/http compares it the same way
					panic(v) // the handler asked net/http to drop the connection; let it
				}
				ctx := c.Request().Context()
				id := c.Response().Header().Get(HeaderRequestID)
				if reporter != nil {
					log.ErrorContext(ctx, "handler panicked", "panic", fmt.Sprint(v), "path", c.Request().URL.Path)
					reporter.RecoveredContext(ctx, v, map[string]string{"request_id": id, "route": c.Path()})
				} else {
					log.ErrorContext(ctx, "handler panicked", "panic", fmt.Sprint(v), "path", c.Request().URL.Path,
						"stack", string(debug.Stack()))
				}
				err = fmt.Errorf("%w: %v", errPanic, v)
			}()
			return next(c)
		}
	}
}

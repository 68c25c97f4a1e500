package httpserver

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/validation"
)

// ErrorBody is the JSON shape of every error response.
type ErrorBody struct {
	Error string `json:"error"`
}

// statusClientClosed records in the access line that the client went away mid-request.
const statusClientClosed = 499

// msgInternal is all a client learns about a 5xx; the cause goes to the log only.
const msgInternal = "internal server error"

// errorHandler is Echo's HTTPErrorHandler: every error becomes {"error": "..."} with its status.
// Messages of echo.HTTPErrors below 500 are written by our own code for the client and are
// shown; anything else is logged with the request id and answered with a generic 500.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		ctx := c.Request().Context()
		if c.Response().Committed {
			// Mid-stream (an SSE handler that failed after its first event): the status is gone.
			log.WarnContext(ctx, "error after response started", "err", err)
			return
		}
		status, msg := classify(err)
		if status >= http.StatusInternalServerError {
			log.ErrorContext(ctx, "request failed", "status", status, "err", err)
			msg = msgInternal
		}
		if c.Request().Method == http.MethodHead {
			err = c.NoContent(status)
		} else {
			err = c.JSON(status, ErrorBody{Error: msg})
		}
		if err != nil {
			log.WarnContext(ctx, "write error response", "err", err)
		}
	}
}

// classify maps an error to a status and a client-safe message.
func classify(err error) (int, string) {
	var he *echo.HTTPError
	var tooLarge *http.MaxBytesError
	var invalid *validation.Errors
	switch {
	case errors.Is(err, context.Canceled):
		// The client hung up (nginx's 499): nobody reads this answer, and it is not our failure.
		return statusClientClosed, "client closed request"
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge, validation.BodyTooLarge(tooLarge.Limit)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return http.StatusRequestTimeout, "request body was not received in time"
	case errors.As(err, &invalid):
		return http.StatusBadRequest, invalid.Error()
	case errors.As(err, &he):
		return he.Code, httpErrorMessage(he)
	}
	return http.StatusInternalServerError, msgInternal
}

// httpErrorMessage words Echo's bare errors (404, 405 from the router) in lower case like ours.
func httpErrorMessage(he *echo.HTTPError) string {
	switch m := he.Message.(type) {
	case string:
		if m != http.StatusText(he.Code) {
			return m
		}
	case error:
		return m.Error()
	}
	switch he.Code {
	case http.StatusNotFound:
		return "not found"
	case http.StatusMethodNotAllowed:
		return "method not allowed"
	case http.StatusRequestEntityTooLarge:
		return "request body too large"
	}
	return http.StatusText(he.Code)
}

package restapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/audit"
	"github.com/agented/agented/backend/budget"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/notify"
	"github.com/agented/agented/backend/project"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/usage"
	"github.com/agented/agented/backend/validation"
)

// errorBody is every error response. Fields maps JSON field (or query parameter) names to what
// is wrong with them, like validation.Errors.
type errorBody struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

// requestError is a client mistake the handlers detect themselves (a malformed body or id).
type requestError struct {
	status int
	body   errorBody
}

func (e *requestError) Error() string { return e.body.Error }

func badRequest(msg string, fields map[string]string) error {
	return &requestError{status: http.StatusBadRequest, body: errorBody{Error: msg, Fields: fields}}
}

// classify maps an error to a status and body. Domain errors are matched with errors.Is on the
// packages' sentinels; anything unknown is a 500 whose detail stays in the log.
func classify(err error) (int, errorBody) {
	var (
		req   *requestError
		verrs *validation.Errors
		he    *echo.HTTPError
		big   *http.MaxBytesError
	)
	if status, body, ok := classifyPlanning(err); ok {
		return status, body
	}
	switch {
	case errors.As(err, &req):
		return req.status, req.body
	case errors.As(err, &verrs):
		status := http.StatusBadRequest
		if errors.Is(err, trigger.ErrNameTaken) || errors.Is(err, account.ErrNameTaken) || errors.Is(err, apikey.ErrNameTaken) ||
			errors.Is(err, project.ErrNameTaken) { // a validation error on "name", but over HTTP a conflict
			status = http.StatusConflict
		}
		return status, errorBody{Error: verrs.Error(), Fields: verrs.Fields}
	case errors.As(err, &big):
		return http.StatusRequestEntityTooLarge, errorBody{Error: validation.BodyTooLarge(big.Limit)}
	case errors.Is(err, os.ErrDeadlineExceeded):
		// The listener's body read timeout: the client was too slow, the body is not malformed.
		return http.StatusRequestTimeout, errorBody{Error: "request body was not received in time"}
	case errors.As(err, &he):
		return he.Code, errorBody{Error: fmt.Sprint(he.Message)}
	case errors.Is(err, notify.ErrBadLimit), errors.Is(err, audit.ErrBadFilter), errors.Is(err, notify.ErrUnknownKind), errors.Is(err, usage.ErrBadQuery):
		return http.StatusBadRequest, errorBody{Error: err.Error()}
	case errors.Is(err, trigger.ErrNotFound), errors.Is(err, execution.ErrNotFound), errors.Is(err, account.ErrNotFound),
		errors.Is(err, notify.ErrNotFound), errors.Is(err, budget.ErrNotFound), errors.Is(err, apikey.ErrNotFound),
		errors.Is(err, project.ErrNotFound), errors.Is(err, project.ErrProductNotFound):
		return http.StatusNotFound, errorBody{Error: err.Error()}
	case errors.Is(err, trigger.ErrPredefined):
		return http.StatusForbidden, errorBody{Error: err.Error()}
	case errors.Is(err, trigger.ErrBadPath):
		return http.StatusBadRequest, errorBody{Error: err.Error(), Fields: map[string]string{"path": err.Error()}}
	case errors.Is(err, execution.ErrSkipped), errors.Is(err, execution.ErrDisabled), errors.Is(err, execution.ErrNotActive),
		errors.Is(err, execution.ErrPaused), errors.Is(err, trigger.ErrNotPaused), errors.Is(err, project.ErrBusy),
		errors.Is(err, project.ErrNotCloning), errors.Is(err, project.ErrDiverged), errors.Is(err, project.ErrDirty),
		errors.Is(err, project.ErrPathCollision), errors.Is(err, project.ErrAlreadyCloned), errors.Is(err, project.ErrNoRepo),
		errors.Is(err, project.ErrNoWorkDir), errors.Is(err, execution.ErrNoWorktree), errors.Is(err, execution.ErrRunActive):
		return http.StatusConflict, errorBody{Error: err.Error()}
	case errors.Is(err, project.ErrRemote):
		return http.StatusBadGateway, errorBody{Error: err.Error()}
	case errors.Is(err, execution.ErrWorktreeNotRemoved):
		// Said in full: it tells where the run's changes are.
		return http.StatusInternalServerError, errorBody{Error: err.Error()}
	case errors.Is(err, execution.ErrPromptTooLarge):
		return http.StatusRequestEntityTooLarge, errorBody{Error: err.Error()}
	case errors.Is(err, execution.ErrShuttingDown), errors.Is(err, project.ErrShuttingDown):
		return http.StatusServiceUnavailable, errorBody{Error: err.Error()}
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this, but the log should not call it a server fault.
		return http.StatusServiceUnavailable, errorBody{Error: "request cancelled"}
	}
	return http.StatusInternalServerError, errorBody{Error: "internal error; the server log has the details under this request's X-Request-ID"}
}

// fail writes err as a JSON error response. It writes the response itself rather than returning
// err to Echo, so the body has the same shape under the listener's error handler and under a
// bare Echo in tests, and so validation fields are not lost.
func (a *API) fail(c echo.Context, err error) error {
	status, body := classify(err)
	ctx := c.Request().Context()
	if status >= http.StatusInternalServerError && !errors.Is(err, context.Canceled) {
		a.log.ErrorContext(ctx, "request failed", "method", c.Request().Method, "path", c.Path(), "err", err)
	} else {
		a.log.DebugContext(ctx, "request rejected", "status", status, "err", err)
	}
	return c.JSON(status, body)
}

// errNotJSON answers a body sent with another Content-Type, or none: every body this API reads
// is JSON, and one declared as a form or as text is a client mistake to point out, not to guess
// at. The webhook routes answer the same way.
var errNotJSON = &requestError{
	status: http.StatusUnsupportedMediaType,
	body:   errorBody{Error: "Content-Type must be application/json for a request with a body"},
}

// decodeJSON reads the body into dst, which may already hold values (a partial update keeps
// what the body does not mention). Unknown fields are rejected so a misspelt field name is an
// error instead of a silently ignored setting. With optional, an empty body is accepted.
//
// A body must be declared JSON (application/json or a +json type). A request without a body
// (no Content-Length, or 0) needs no Content-Type, so "POST …/run" works bare; a chunked body
// counts as a body.
func decodeJSON(c echo.Context, dst any, optional bool) error {
	req := c.Request()
	if req.ContentLength != 0 && !validation.IsJSONMediaType(req.Header.Get(echo.HeaderContentType)) {
		return errNotJSON
	}
	dec := json.NewDecoder(req.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if errors.Is(err, io.EOF) {
			if optional {
				return nil
			}
			return badRequest("request body is empty; send a JSON object", nil)
		}
		return decodeError(err)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return decodeError(err)
		}
		return badRequest("malformed JSON: the body must hold exactly one JSON object", nil)
	}
	return nil
}

// decodeError turns a json decoder error into a 400 that says what and, when known, where.
func decodeError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		big *http.MaxBytesError
		he  *echo.HTTPError
	)
	switch {
	case errors.As(err, &big), errors.As(err, &he), errors.Is(err, os.ErrDeadlineExceeded):
		return err // the body cap or the body read timeout stopped the read: a 413 or a 408
	case errors.As(err, &syn):
		return badRequest(fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn), nil)
	case errors.As(err, &typ):
		msg := validation.JSONTypeMessage(typ)
		if typ.Field == "" {
			return badRequest("malformed JSON: the body "+msg, nil)
		}
		return badRequest(typ.Field+" "+msg, map[string]string{typ.Field: msg})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("malformed JSON: the body ends before the object does", nil)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return badRequest(fmt.Sprintf("unknown field %q", name), map[string]string{name: "is not a known field"})
	}
	return badRequest("malformed JSON: "+err.Error(), nil)
}

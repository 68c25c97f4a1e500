package restapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
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
	switch {
	case errors.As(err, &req):
		return req.status, req.body
	case errors.As(err, &verrs):
		status := http.StatusBadRequest
		if errors.Is(err, trigger.ErrNameTaken) { // a validation error on "name", but over HTTP a conflict
			status = http.StatusConflict
		}
		return status, errorBody{Error: verrs.Error(), Fields: verrs.Fields}
	case errors.As(err, &big):
		return http.StatusRequestEntityTooLarge, errorBody{Error: fmt.Sprintf("request body is larger than %d bytes", big.Limit)}
	case errors.As(err, &he):
		return he.Code, errorBody{Error: fmt.Sprint(he.Message)}
	case errors.Is(err, trigger.ErrNotFound), errors.Is(err, execution.ErrNotFound):
		return http.StatusNotFound, errorBody{Error: err.Error()}
	case errors.Is(err, trigger.ErrPredefined):
		return http.StatusForbidden, errorBody{Error: err.Error()}
	case errors.Is(err, trigger.ErrBadPath):
		return http.StatusBadRequest, errorBody{Error: err.Error(), Fields: map[string]string{"path": err.Error()}}
	case errors.Is(err, execution.ErrSkipped), errors.Is(err, execution.ErrDisabled), errors.Is(err, execution.ErrNotActive):
		return http.StatusConflict, errorBody{Error: err.Error()}
	case errors.Is(err, execution.ErrShuttingDown):
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

// decodeJSON reads the body into dst, which may already hold values (a partial update keeps
// what the body does not mention). Unknown fields are rejected so a misspelt field name is an
// error instead of a silently ignored setting. With optional, an empty body is accepted.
func decodeJSON(c echo.Context, dst any, optional bool) error {
	dec := json.NewDecoder(c.Request().Body)
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
	case errors.As(err, &big), errors.As(err, &he):
		return err // the body cap (net/http's or Echo's BodyLimit) stopped the read: a 413
	case errors.As(err, &syn):
		return badRequest(fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn), nil)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return badRequest(fmt.Sprintf("malformed JSON: the body must be an object, not %s", typ.Value), nil)
		}
		msg := fmt.Sprintf("must be %s, not %s", jsonKind(typ.Type.Kind().String()), typ.Value)
		return badRequest("invalid "+field+": "+msg, map[string]string{field: msg})
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("malformed JSON: the body ends before the object does", nil)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return badRequest(fmt.Sprintf("unknown field %q", name), map[string]string{name: "is not a known field"})
	}
	return badRequest("malformed JSON: "+err.Error(), nil)
}

// jsonKind names a Go kind the way a JSON client thinks of it.
func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "bool":
		return "true or false"
	case kind == "string":
		return "a string"
	case kind == "slice", kind == "array":
		return "an array"
	}
	return "an object"
}

package httpserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/validation"
)

// msgNotJSON is the 415 of a body that is not declared JSON.
const msgNotJSON = "Content-Type must be application/json for a request with a body"

// hasBody reports whether the client sends a body: a Content-Length above 0, or chunked (-1),
// whose length is unknown until read. Without either there is none, whatever the headers say.
func hasBody(r *http.Request) bool { return r.ContentLength != 0 }

// requireJSON answers 415 to a POST, PUT or PATCH that sends a body not declared as JSON
// (application/json or a +json type), a missing Content-Type included. Every body under /admin
// and /api is JSON, so anything else is a client mistake to point out rather than guess at. A
// request without a body needs no Content-Type: "POST …/run" and "POST …/cancel" work bare.
func requireJSON(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		switch req.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
			if hasBody(req) && !validation.IsJSONMediaType(req.Header.Get(echo.HeaderContentType)) {
				return echo.NewHTTPError(http.StatusUnsupportedMediaType, msgNotJSON)
			}
		}
		return next(c)
	}
}

// BindJSON decodes the request body (exactly one JSON value) into v. Its errors are ready to
// return from a handler: 400 with the reason for malformed JSON, 415 for a body not declared
// JSON (requireJSON's rule), and the body limit's own error (rendered as 413) when the body is
// too large, never a truncated value.
func BindJSON(c echo.Context, v any) error {
	req := c.Request()
	if hasBody(req) && !validation.IsJSONMediaType(req.Header.Get(echo.HeaderContentType)) {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, msgNotJSON)
	}
	dec := json.NewDecoder(req.Body)
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	// A second value ("{}{}") or trailing garbage is a malformed body, not something to ignore.
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if readFailed(err) {
			return err
		}
		return echo.NewHTTPError(http.StatusBadRequest, "malformed JSON: the body must hold a single JSON value")
	}
	return nil
}

func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case readFailed(err):
		return err
	case errors.Is(err, io.EOF):
		return echo.NewHTTPError(http.StatusBadRequest, "malformed JSON: the body is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return echo.NewHTTPError(http.StatusBadRequest, "malformed JSON: the body ends too early")
	case errors.As(err, &syntax):
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("malformed JSON at byte %d: %s", syntax.Offset, syntax.Error()))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the body"
		}
		return echo.NewHTTPError(http.StatusBadRequest, "malformed JSON: "+field+" "+validation.JSONTypeMessage(typ))
	}
	return echo.NewHTTPError(http.StatusBadRequest, "malformed JSON: "+err.Error())
}

// readFailed reports a body that could not be read (too large, too slow): the error handler
// gives those their own status, so they are passed through rather than called malformed JSON.
func readFailed(err error) bool {
	var tooLarge *http.MaxBytesError
	return errors.As(err, &tooLarge) || errors.Is(err, os.ErrDeadlineExceeded)
}

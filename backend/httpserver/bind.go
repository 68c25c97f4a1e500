package httpserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"

	"github.com/labstack/echo/v4"
)

// BindJSON decodes the request body (exactly one JSON value) into v. Its errors are ready to
// return from a handler: 400 with the reason for malformed JSON, 415 for a non-JSON content type,
// and the body limit's own error (rendered as 413) when the body is too large, never a
// truncated value.
func BindJSON(c echo.Context, v any) error {
	req := c.Request()
	if ct := req.Header.Get(echo.HeaderContentType); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != echo.MIMEApplicationJSON && !strings.HasSuffix(mt, "+json")) {
			return echo.NewHTTPError(http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		}
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
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("malformed JSON: %s must be %s, not %s", field, typ.Type, typ.Value))
	}
	return echo.NewHTTPError(http.StatusBadRequest, "malformed JSON: "+err.Error())
}

// readFailed reports a body that could not be read (too large, too slow): the error handler
// gives those their own status, so they are passed through rather than called malformed JSON.
func readFailed(err error) bool {
	var tooLarge *http.MaxBytesError
	return errors.As(err, &tooLarge) || errors.Is(err, os.ErrDeadlineExceeded)
}

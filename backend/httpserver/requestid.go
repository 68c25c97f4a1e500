package httpserver

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/logging"
)

// HeaderRequestID is read from the client when well-formed and always sent back.
const HeaderRequestID = "X-Request-ID"

// maxRequestIDLen bounds a client-chosen id; ids go into every log line of the request.
const maxRequestIDLen = 128

// validRequestID accepts 1–128 characters of [A-Za-z0-9._-]: enough for UUIDs, GitHub delivery
// ids and tracing ids, and nothing that could forge a log line or a header.
func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9', ch == '.', ch == '_', ch == '-':
		default:
			return false
		}
	}
	return true
}

// requestID returns the client's id when valid and a fresh random one otherwise.
func requestID(fromClient string) string {
	if validRequestID(fromClient) {
		return fromClient
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// requestScope is the outermost middleware. It fixes the request id before anything can answer
// (so 401, 413 and 429 responses carry it too), puts it on the request context for every
// *Context log call made while serving, renders errors itself so the access line sees the final
// status, and writes that one access line.
func requestScope(log *slog.Logger, now func() time.Time) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := now()
			req := c.Request()
			id := requestID(req.Header.Get(HeaderRequestID))
			c.Response().Header().Set(HeaderRequestID, id)
			ctx := logging.WithAttrs(req.Context(), slog.String("request_id", id))
			c.SetRequest(req.WithContext(ctx))
			// Read before next: handlers and the slash middleware may rewrite the URL.
			method, path := req.Method, req.URL.Path

			if err := next(c); err != nil {
				c.Error(err)
			}

			res := c.Response()
			log.LogAttrs(ctx, accessLevel(res.Status), "http request",
				slog.String("method", method),
				slog.String("path", path),
				slog.Int("status", res.Status),
				slog.Int64("bytes", res.Size),
				slog.Float64("duration_ms", float64(now().Sub(start).Microseconds())/1000),
				slog.String("ip", c.RealIP()),
			)
			return nil
		}
	}
}

func accessLevel(status int) slog.Level {
	if status >= 500 {
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

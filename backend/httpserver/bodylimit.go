package httpserver

import (
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// bodyLimit refuses bodies over limit with 413 before they are buffered: at once when
// Content-Length says so, and through http.MaxBytesReader for chunked bodies, where the handler's
// read fails with *http.MaxBytesError (rendered as 413) instead of returning a truncated body.
//
// It also gives the client readTimeout to deliver the body. The server has no ReadTimeout
// because that would also cut long-lived SSE streams, so without this a client could hold a
// connection open by trickling a body one byte at a time.
func bodyLimit(limit int64, readTimeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.ContentLength > limit {
				return &http.MaxBytesError{Limit: limit}
			}
			if req.Body == nil || req.Body == http.NoBody {
				return next(c)
			}
			// The raw writer, not Echo's wrapper: MaxBytesReader tells net/http through it to
			// close the connection instead of draining the rest of an oversized body.
			w := c.Response().Writer
			req.Body = http.MaxBytesReader(w, req.Body, limit)
			if readTimeout > 0 {
				rc := http.NewResponseController(w)
				// The real clock, not Deps.Now: the network poller compares deadlines with it.
				if rc.SetReadDeadline(time.Now().Add(readTimeout)) == nil {
					req.Body = &deadlineBody{ReadCloser: req.Body, rc: rc}
				}
			}
			return next(c)
		}
	}
}

// deadlineBody lifts the body's read deadline as soon as the body is done (EOF or an error).
// The deadline is on the connection, and net/http's background read that watches for a client
// hang-up starts at EOF: left in place, it would cancel the request context of a handler that
// runs longer than readTimeout after reading its body.
type deadlineBody struct {
	io.ReadCloser
	rc      *http.ResponseController
	cleared bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !b.cleared {
		b.cleared = true
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}

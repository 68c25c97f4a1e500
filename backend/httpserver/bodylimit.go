package httpserver

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// errBodyTimeout is what a request whose body missed the read deadline ends with, whatever the
// handler made of its read error; classify renders it as 408.
var errBodyTimeout = fmt.Errorf("read request body: %w", os.ErrDeadlineExceeded)

// bodyLimit refuses bodies over limit with 413 before they are buffered: at once when
// Content-Length says so, and through http.MaxBytesReader for chunked bodies, where the handler's
// read fails with *http.MaxBytesError (rendered as 413) instead of returning a truncated body.
//
// It also gives the client readTimeout to deliver the body. The server has no ReadTimeout
// because that would also cut long-lived SSE streams, so without this a client could hold a
// connection open by trickling a body one byte at a time.
//
// A request whose body was not read to the end (too slow, too large, or simply not wanted by
// the handler) is answered with "Connection: close" and the connection is not read any further.
// Otherwise net/http, after the handler returns, reads up to 256 KiB of what is left to reuse the
// connection, at whatever pace the client sends it: a trickling client would then hold the
// connection, and the unsent answer, for as long as it likes.
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
			rc := http.NewResponseController(w)
			body := &deadlineBody{ReadCloser: http.MaxBytesReader(w, req.Body, limit), rc: rc}
			// The real clock, not Deps.Now: the network poller compares deadlines with it.
			if readTimeout > 0 && rc.SetReadDeadline(time.Now().Add(readTimeout)) == nil {
				body.deadline = true
			}
			req.Body = body
			c.Response().Before(func() {
				if !body.eof.Load() {
					c.Response().Header().Set(echo.HeaderConnection, "close")
				}
			})

			err := next(c)

			if !body.eof.Load() {
				// The connection will not be reused, so nothing more is worth reading: an
				// immediate deadline makes net/http's clean-up read of the rest fail at once.
				_ = rc.SetReadDeadline(time.Now())
			}
			if body.timedOut.Load() && !c.Response().Committed {
				// The cause is the slow client, whatever the handler called its read error.
				return errBodyTimeout
			}
			return err
		}
	}
}

// deadlineBody tracks how the body ended. It lifts the read deadline once the body is read to
// its end: the deadline is on the connection, and net/http's background read that watches for a
// client hang-up starts at EOF; left in place, it would cancel the request context of a handler
// that runs longer than readTimeout after reading its body. On any other error the deadline
// stays, so no later read of the connection can wait on the client again.
type deadlineBody struct {
	io.ReadCloser
	rc       *http.ResponseController
	deadline bool
	eof      atomic.Bool // read to the end; the connection may be reused
	timedOut atomic.Bool // the client missed the deadline
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		if !b.eof.Swap(true) && b.deadline {
			_ = b.rc.SetReadDeadline(time.Time{})
		}
	case errors.Is(err, os.ErrDeadlineExceeded):
		b.timedOut.Store(true)
	}
	return n, err
}

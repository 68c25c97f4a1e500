package webhook

import (
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/httpserver"
)

// GenericHandler serves POST / . The listener limits the body size; the handler reads at most
// one byte more than MaxBodyBytes anyway, so a mis-mounted route cannot buffer an unbounded body.
func (s *Service) GenericHandler(c echo.Context) error {
	in, status, msg := readInbound(c)
	if status != 0 {
		return c.JSON(status, ErrorBody{Error: msg})
	}
	res := s.HandleGeneric(c.Request().Context(), in)
	return answer(c, res)
}

// GitHubHandler serves POST /api/webhooks/github and tells the rate limiter (httpserver.SignatureOKKey)
// whether the delivery was correctly signed.
func (s *Service) GitHubHandler(c echo.Context) error {
	in, status, msg := readInbound(c)
	if status != 0 {
		c.Set(httpserver.SignatureOKKey, false)
		return c.JSON(status, ErrorBody{Error: msg})
	}
	res := s.HandleGitHub(c.Request().Context(), in)
	c.Set(httpserver.SignatureOKKey, res.SignatureOK)
	return answer(c, res)
}

// answer writes a handler's result, with Retry-After when the delivery should be sent again.
func answer(c echo.Context, res Result) error {
	if res.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(res.RetryAfter))
	}
	return c.JSON(res.Status, res.Body)
}

// readInbound buffers the body, or returns the error status and message when it cannot. A body
// over the limit is answered 413 without being recorded: it was never fully received, so there
// is nothing to inspect or replay.
func readInbound(c echo.Context) (Inbound, int, string) {
	req := c.Request()
	body, err := io.ReadAll(io.LimitReader(req.Body, MaxBodyBytes+1))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || len(body) > MaxBodyBytes:
		return Inbound{}, http.StatusRequestEntityTooLarge, "payload too large (limit 10 MiB)"
	case errors.Is(err, os.ErrDeadlineExceeded):
		// The listener's body read timeout: the sender was too slow, the body is not malformed.
		return Inbound{}, http.StatusRequestTimeout, "request body was not received in time"
	case err != nil:
		return Inbound{}, http.StatusBadRequest, "could not read the request body"
	}
	return Inbound{Header: req.Header.Clone(), Body: body, RemoteIP: c.RealIP()}, 0, ""
}

package httpserver

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// limiters are the per-IP windows of one server. They live as long as the *echo.Echo that New
// builds, so applying new settings starts every client from zero.
type limiters struct {
	now          func() time.Time
	generic      *window
	githubFailed *window
	githubSigned *window
	api          *window
}

func newLimiters(cfg Config, now func() time.Time) *limiters {
	return &limiters{
		now:          now,
		generic:      newWindow(cfg.GenericLimit, cfg.maxTracked),
		githubFailed: newWindow(cfg.GitHubFailedLimit, cfg.maxTracked),
		githubSigned: newWindow(cfg.GitHubSignedLimit, cfg.maxTracked),
		api:          newWindow(cfg.APILimit, cfg.maxTracked),
	}
}

// each counts every request against w, refusing the ones over the limit.
func (l *limiters) each(w *window) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if ok, retry := w.Allow(limitKey(c.RealIP()), l.now()); !ok {
				return tooManyRequests(c, retry)
			}
			return next(c)
		}
	}
}

// SignatureOKKey is the echo.Context key the GitHub webhook handler sets to a bool once it has
// checked a signature. The rate limiter below reads it after the handler ran, so failed
// signatures and signed deliveries count against different per-IP ceilings.
const SignatureOKKey = "agented.signature_ok"

// github guards the GitHub webhook. Whether a delivery was correctly signed is known only after
// the handler checked it, so the request is refused up front when either window is already full,
// and counted afterwards in the window its outcome belongs to: a forger burns through 30 a
// minute, while GitHub's bursts of signed deliveries only meet the generous ceiling.
func (l *limiters) github() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key, now := limitKey(c.RealIP()), l.now()
			if full, retry := l.githubFailed.Blocked(key, now); full {
				return tooManyRequests(c, retry)
			}
			if full, retry := l.githubSigned.Blocked(key, now); full {
				return tooManyRequests(c, retry)
			}
			// Deferred so a handler that panics still counts (as failed: it never said otherwise).
			defer func() {
				if signed, _ := c.Get(SignatureOKKey).(bool); signed {
					l.githubSigned.Add(key, l.now())
				} else {
					l.githubFailed.Add(key, l.now())
				}
			}()
			return next(c)
		}
	}
}

// tooManyRequests answers 429 with Retry-After in whole seconds (at least 1, as clients treat 0
// as "retry now").
func tooManyRequests(c echo.Context, retry time.Duration) error {
	secs := int(math.Ceil(retry.Seconds()))
	if secs < 1 {
		secs = 1
	}
	c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
	return echo.NewHTTPError(http.StatusTooManyRequests, "rate limit exceeded; retry in "+strconv.Itoa(secs)+"s")
}

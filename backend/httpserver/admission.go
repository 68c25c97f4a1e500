package httpserver

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// Admission bounds the webhook deliveries handled at once. Past what the machine can take, a
// queue in front of the store only grows: every delivery waits longer, senders time out and
// retry, and each retry is more load. So a delivery waits at most Wait for one of InFlight
// slots and is otherwise refused with 503 and Retry-After, seconds before a sender's own timeout
// (10 s for most), and one whose sender hangs up while waiting is dropped unhandled.
type Admission struct {
	InFlight int           // deliveries handled at once
	Wait     time.Duration // longest wait for a slot before 503
	// Budget is the deadline put on a delivery's request context when it arrives: a delivery
	// that has not stored its runs by then is answered 503 (webhook checks it in the transaction
	// that would store them), well before the sender's own timeout, so a 202 never goes to a
	// sender that already gave up and will send the delivery again.
	Budget time.Duration
}

// DefaultAdmission holds the webhook handlers a 2-core machine keeps busy with room to spare:
// at 1,000 deliveries/s and a few milliseconds each, a few dozen are in flight.
func DefaultAdmission() Admission {
	return Admission{InFlight: 64, Wait: time.Second, Budget: 4 * time.Second}
}

// retryAfterShed is the Retry-After of a shed delivery, in seconds: soon, but not at once.
const retryAfterShed = 1

// admission is the slot pool of one server.
type admission struct {
	slots  chan struct{}
	wait   time.Duration
	budget time.Duration
}

// newAdmission builds the pool; a has its defaults filled (Config.withDefaults).
func newAdmission(a Admission) *admission {
	return &admission{slots: make(chan struct{}, a.InFlight), wait: a.Wait, budget: a.Budget}
}

// limit admits a request into a slot, sheds it after the wait, or gives up on it when its
// client goes away first (logged as 499; there is nobody to answer).
func (a *admission) limit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), a.budget)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		if err := a.acquire(ctx); errors.Is(err, errShed) || errors.Is(err, context.DeadlineExceeded) {
			c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfterShed))
			return echo.NewHTTPError(http.StatusServiceUnavailable, "too many deliveries at once; retry in "+
				strconv.Itoa(retryAfterShed)+"s")
		} else if err != nil {
			return err
		}
		defer func() { <-a.slots }()
		return next(c)
	}
}

// errShed says no slot came free within the wait.
var errShed = errors.New("no free slot")

// acquire takes a slot, waiting for one when all are taken; it fails with errShed after the
// wait, or with ctx's error.
func (a *admission) acquire(ctx context.Context) error {
	select {
	case a.slots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-t.C:
		return errShed
	case <-ctx.Done():
		return ctx.Err()
	}
}

package schedule

import (
	"sync"
	"time"
)

// Clock is the scheduler's view of time. It keeps wall-clock time (what fire times are in) and
// monotonic time (what timers count) apart, because their divergence is how a machine's sleep
// shows: Linux' monotonic clock stops while suspended, the wall clock does not.
type Clock interface {
	Now() time.Time                 // wall-clock time
	Mono() time.Duration            // monotonic time since the clock was made
	NewTimer(d time.Duration) Timer // fires after d of monotonic time
}

// Timer is a stoppable one-shot timer.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

// RealClock is the machine's clock.
type RealClock struct{ start time.Time }

// NewRealClock returns the machine's clock.
func NewRealClock() *RealClock { return &RealClock{start: time.Now()} }

// Now returns the wall-clock time without its monotonic reading, so comparisons are on wall time.
func (c *RealClock) Now() time.Time { return time.Now().Round(0) }

// Mono returns the monotonic time since the clock was made.
func (c *RealClock) Mono() time.Duration { return time.Since(c.start) }

// NewTimer starts a runtime timer.
func (c *RealClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }
func (r realTimer) Stop() bool          { return r.t.Stop() }

// FakeClock is a Clock for tests: time moves only when the test says so. Advance moves both
// clocks and fires due timers; Jump moves only the wall clock, as a suspended machine sees it.
type FakeClock struct {
	mu      sync.Mutex
	wall    time.Time
	mono    time.Duration
	timers  []*fakeTimer
	created int // timers made so far
}

// NewFakeClock returns a fake clock showing wall.
func NewFakeClock(wall time.Time) *FakeClock { return &FakeClock{wall: wall} }

// Now returns the fake wall-clock time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wall
}

// Mono returns the fake monotonic time.
func (c *FakeClock) Mono() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mono
}

// NewTimer returns a timer that fires when Advance passes d from now.
func (c *FakeClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.created++
	t := &fakeTimer{c: c, at: c.mono + d, ch: make(chan time.Time, 1)}
	if d <= 0 {
		t.fired = true
		t.ch <- c.wall
	} else {
		c.timers = append(c.timers, t)
	}
	return t
}

// Advance moves wall and monotonic time by d and fires every timer that falls due.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wall = c.wall.Add(d)
	c.mono += d
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.at <= c.mono {
			t.fired = true
			t.ch <- c.wall
			continue
		}
		kept = append(kept, t)
	}
	c.timers = kept
}

// Jump moves only the wall clock, as after a suspend (or a clock set by hand); timers do not
// notice until time advances again.
func (c *FakeClock) Jump(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wall = c.wall.Add(d)
}

// Created returns how many timers were made so far: a test that moved time waits for the count
// to grow, which says the scheduler handled the wake-up and sleeps again.
func (c *FakeClock) Created() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.created
}

// Pending returns the wait until the earliest pending timer; false when none is pending.
func (c *FakeClock) Pending() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.timers) == 0 {
		return 0, false
	}
	d := c.timers[0].at
	for _, t := range c.timers[1:] {
		d = min(d, t.at)
	}
	return d - c.mono, true
}

type fakeTimer struct {
	c     *FakeClock
	at    time.Duration
	ch    chan time.Time
	fired bool
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	if t.fired {
		return false
	}
	for i, o := range t.c.timers {
		if o == t {
			t.c.timers = append(t.c.timers[:i], t.c.timers[i+1:]...)
			break
		}
	}
	t.fired = true
	return true
}

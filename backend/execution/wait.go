package execution

import (
	"context"
	"time"
)

// waitLoop wakes the dispatcher when the earliest waiting run's reset has come. The time is read
// from the store each round, so runs that waited before a restart are woken too.
func (e *Engine) waitLoop() {
	for {
		var timer <-chan time.Time
		at, err := e.d.Store.NextWait(context.Background())
		if err != nil {
			e.log.Warn("read the next reset", "err", err)
			timer = e.after(time.Second)
		} else if at != "" {
			t, err := time.Parse(time.RFC3339, at)
			d := time.Duration(0)
			if err == nil {
				d = t.Sub(e.now())
			}
			if d <= 0 {
				e.wake()
				// The dispatcher takes the run soon; look again after a moment, not in a spin.
				d = 50 * time.Millisecond
				timer = time.After(d)
			} else {
				timer = e.after(d)
			}
		}
		select {
		case <-e.done:
			return
		case <-e.waitKick:
		case <-timer:
			e.wake()
		}
	}
}

func (e *Engine) after(d time.Duration) <-chan time.Time {
	if e.d.After != nil {
		return e.d.After(d)
	}
	return time.After(d)
}

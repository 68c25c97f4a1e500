package execution

import (
	"os"
	"sync/atomic"
	"time"
)

// Once the group is gone, whatever is left in the pipes is read to the end. A reader can be slow
// to get there only because the sink is busy (many runs ending at once on a loaded machine); a
// reader waiting in read() for drainIdle with the group dead means a process that left the group
// holds the pipe open, and only then is reading stopped. drainMax bounds the case of such a
// process that keeps writing.
const (
	drainIdle  = 5 * time.Second
	drainMax   = time.Minute
	drainCheck = 100 * time.Millisecond
)

// watchedPipe is a pipe's read end that tells how long its current read has been waiting.
type watchedPipe struct {
	f     *os.File
	since atomic.Int64 // Unix nanoseconds when the pending read began; 0 when none is pending
}

func (p *watchedPipe) Read(b []byte) (int, error) {
	p.since.Store(time.Now().UnixNano())
	n, err := p.f.Read(b)
	p.since.Store(0)
	return n, err
}

// awaitDrain waits for drained and reports false when the readers must be stopped instead.
func awaitDrain(drained <-chan struct{}, pipes []*watchedPipe) bool {
	tick := time.NewTicker(drainCheck)
	defer tick.Stop()
	deadline := time.Now().Add(drainMax)
	for {
		select {
		case <-drained:
			return true
		case now := <-tick.C:
			if now.After(deadline) {
				return false
			}
			for _, p := range pipes {
				if since := p.since.Load(); since != 0 && now.Sub(time.Unix(0, since)) >= drainIdle {
					return false
				}
			}
		}
	}
}

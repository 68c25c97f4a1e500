package httpserver

import (
	"sync"
	"time"
)

// slotsPerWindow splits each window into sub-windows ("slots"). More slots cost memory per
// client and give a tighter release time; 20 means a 10 s window is tracked in 0.5 s steps.
const slotsPerWindow = 20

// maxTrackedClients bounds the limiter's memory (about 120 bytes per client). When this many
// clients are active at once, a new client is refused until some go idle: failing closed keeps
// an address-spraying attacker from growing the map without bound.
const maxTrackedClients = 1 << 16

// window counts requests per key and guarantees "at most limit in any span of the window's
// length". Echo's memory store is a token bucket, which admits a full burst and then keeps
// refilling, so "Rate 2, Burst 20" lets ~40 requests through in 10 s; that is not the contract.
//
// Each key keeps slotsPerWindow+1 slot counters: the current slot and the slotsPerWindow before
// it, which together cover the last full window plus part of a slot. Counting the oldest slot
// whole makes the limiter slightly strict (a request can be refused for up to one slot longer
// than the exact window) but never lenient.
type window struct {
	limit   int
	slot    time.Duration
	maxKeys int

	mu        sync.Mutex
	keys      map[string]*ring
	lastSweep int64
}

type ring struct {
	counts [slotsPerWindow + 1]int32
	head   int64 // slot index of the newest counter
	total  int
}

func newWindow(l Limit, maxKeys int) *window {
	slot := l.Window / slotsPerWindow
	if slot <= 0 {
		slot = time.Nanosecond
	}
	return &window{limit: l.Requests, slot: slot, maxKeys: maxKeys, keys: map[string]*ring{}}
}

// Allow counts one request for key unless key already has limit requests in the window; then it
// says how long until one more would be admitted. Refused requests are not counted.
func (w *window) Allow(key string, now time.Time) (bool, time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r := w.ring(key, now, true)
	if r == nil {
		return false, w.slot
	}
	if r.total >= w.limit {
		return false, r.retryAfter(w.limit, w.slot, now)
	}
	r.add()
	return true, 0
}

// Blocked reports without counting whether key is at its limit, for checks made before a
// handler whose outcome decides which window the request counts in.
func (w *window) Blocked(key string, now time.Time) (bool, time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r := w.ring(key, now, false)
	if r == nil || r.total < w.limit {
		return false, 0
	}
	return true, r.retryAfter(w.limit, w.slot, now)
}

// Add counts one request for key unconditionally.
func (w *window) Add(key string, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if r := w.ring(key, now, true); r != nil {
		r.add()
	}
}

// ring returns key's counters advanced to now, creating them when create is set and there is
// room. It also drops idle keys once per window, so memory follows the active clients only.
func (w *window) ring(key string, now time.Time, create bool) *ring {
	idx := now.UnixNano() / int64(w.slot)
	if idx-w.lastSweep >= slotsPerWindow {
		w.sweep(idx)
	}
	r, ok := w.keys[key]
	if !ok {
		if !create {
			return nil
		}
		if len(w.keys) >= w.maxKeys {
			w.sweep(idx)
			if len(w.keys) >= w.maxKeys {
				return nil
			}
		}
		r = &ring{head: idx}
		w.keys[key] = r
	}
	r.advance(idx)
	return r
}

func (w *window) sweep(idx int64) {
	w.lastSweep = idx
	for k, r := range w.keys {
		if idx-r.head > slotsPerWindow {
			delete(w.keys, k)
		}
	}
}

func (r *ring) add() {
	r.counts[slotOf(r.head)]++
	r.total++
}

// advance moves the ring to slot idx, forgetting the slots that left the window. A clock that
// steps backwards keeps counting into the newest slot.
func (r *ring) advance(idx int64) {
	if idx <= r.head {
		return
	}
	if idx-r.head > slotsPerWindow {
		*r = ring{head: idx}
		return
	}
	for i := r.head + 1; i <= idx; i++ {
		r.total -= int(r.counts[slotOf(i)])
		r.counts[slotOf(i)] = 0
	}
	r.head = idx
}

// retryAfter is the time until enough of the oldest slots have left the window for the total to
// drop below limit. Slot j leaves when the current slot index reaches j+slotsPerWindow+1.
func (r *ring) retryAfter(limit int, slot time.Duration, now time.Time) time.Duration {
	need := r.total - limit + 1
	freed := 0
	for j := r.head - slotsPerWindow; j <= r.head; j++ {
		freed += int(r.counts[slotOf(j)])
		if freed >= need {
			return time.Unix(0, (j+slotsPerWindow+1)*int64(slot)).Sub(now)
		}
	}
	return slot * (slotsPerWindow + 1)
}

func slotOf(i int64) int {
	const n = slotsPerWindow + 1
	return int(((i % n) + n) % n)
}

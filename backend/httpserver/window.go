package httpserver

import (
	"sync"
	"time"
)

// slotsPerWindow splits each window into sub-windows ("slots"). More slots cost memory per
// client and give a tighter release time; 20 means a 10 s window is tracked in 0.5 s steps.
const slotsPerWindow = 20

// maxTrackedClients bounds each limiter's memory (about 160 bytes per client). When this many
// clients are tracked, a new one takes the place of the client seen least recently. Refusing
// newcomers instead would let anyone with enough source addresses lock every new client out,
// holders of the API key included; evicting costs an address-spraying attacker nothing it did
// not already have, since to push out a client that is still sending it needs a table's worth
// of fresh addresses between two of that client's requests, and with those it could spread
// its own requests just as well.
const maxTrackedClients = 1 << 16

// window counts requests per key and guarantees "at most limit in any span of the window's
// length" to every key it tracks. Echo's memory store is a token bucket, which admits a full
// burst and then keeps refilling, so "Rate 2, Burst 20" lets ~40 requests through in 10 s; that
// is not the contract.
//
// Each key keeps slotsPerWindow+1 slot counters: the current slot and the slotsPerWindow before
// it, which together cover the last full window plus part of a slot. Counting the oldest slot
// whole makes the limiter slightly strict (a request can be refused for up to one slot longer
// than the exact window) but never lenient.
type window struct {
	limit   int
	slot    time.Duration
	maxKeys int

	mu   sync.Mutex
	keys map[string]*ring
	// recent is the sentinel of a circular list of the tracked rings in order of last sight. It
	// counts as newer than the newest ring and older than the oldest, so recent.older is the
	// ring seen most recently and recent.newer the one seen least recently. Both the idle sweep
	// and eviction take from that end, so a request costs O(1) however full the table is.
	recent ring
}

type ring struct {
	counts [slotsPerWindow + 1]int32
	head   int64 // slot index of the newest counter
	total  int

	key          string
	newer, older *ring
}

func newWindow(l Limit, maxKeys int) *window {
	slot := l.Window / slotsPerWindow
	if slot <= 0 {
		slot = time.Nanosecond
	}
	w := &window{limit: l.Requests, slot: slot, maxKeys: max(maxKeys, 1), keys: map[string]*ring{}}
	w.recent.newer, w.recent.older = &w.recent, &w.recent
	return w
}

// Allow counts one request for key unless key already has limit requests in the window; then it
// says how long until one more would be admitted. Refused requests are not counted.
func (w *window) Allow(key string, now time.Time) (bool, time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	r := w.ring(key, now, true)
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
	w.ring(key, now, true).add()
}

// ring returns key's counters advanced to now and marks key as just seen. An unknown key gets
// fresh counters when create is set (nil otherwise), taking the place of the least recently
// seen key when the table is full. Keys idle for a whole window are dropped on the way, so
// memory follows the active clients.
func (w *window) ring(key string, now time.Time, create bool) *ring {
	idx := now.UnixNano() / int64(w.slot)
	w.dropIdle(idx)
	r, ok := w.keys[key]
	switch {
	case ok:
		r.unlink()
	case !create:
		return nil
	default:
		if len(w.keys) >= w.maxKeys {
			// The evicted ring is reused: under a spray every request would allocate otherwise.
			r = w.recent.newer
			w.drop(r)
			*r = ring{head: idx, key: key}
		} else {
			r = &ring{head: idx, key: key}
		}
		w.keys[key] = r
	}
	w.linkNewest(r)
	r.advance(idx)
	return r
}

// dropIdle forgets the least recently seen keys whose counters have all left the window. The
// list is in order of last sight, so it stops at the first key still active.
func (w *window) dropIdle(idx int64) {
	for r := w.recent.newer; r != &w.recent && idx-r.head > slotsPerWindow; r = w.recent.newer {
		w.drop(r)
	}
}

func (w *window) drop(r *ring) {
	r.unlink()
	delete(w.keys, r.key)
}

func (w *window) linkNewest(r *ring) {
	r.older, r.newer = w.recent.older, &w.recent
	w.recent.older.newer = r
	w.recent.older = r
}

func (r *ring) unlink() {
	r.newer.older, r.older.newer = r.older, r.newer
	r.newer, r.older = nil, nil
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
		// Only the counters restart: the key and the ring's place in the recency list stay.
		r.counts, r.total, r.head = [slotsPerWindow + 1]int32{}, 0, idx
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

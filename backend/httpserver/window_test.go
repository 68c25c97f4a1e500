package httpserver

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// TestWindowNeverExceedsLimit replays random traffic and checks both bounds against a brute-force
// log of admitted requests: never more than limit in any span of one window, and never a refusal
// when fewer than limit were admitted in the last window plus one slot.
func TestWindowNeverExceedsLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		limit  int
		window time.Duration
		maxGap time.Duration
	}{
		{20, 10 * time.Second, 200 * time.Millisecond},
		{20, 10 * time.Second, 2 * time.Second},
		{30, time.Minute, 3 * time.Second},
		{1, time.Second, 300 * time.Millisecond},
		{300, time.Minute, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d per %s", tt.limit, tt.window), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(uint64(tt.limit), uint64(tt.window)))
			w := newWindow(Limit{Requests: tt.limit, Window: tt.window}, 10)
			slack := tt.window / slotsPerWindow
			now := t0.Add(time.Duration(rng.Int64N(int64(time.Second))))
			var admitted []time.Time
			inLast := func(span time.Duration) int {
				n := 0
				for _, a := range admitted {
					if now.Sub(a) < span {
						n++
					}
				}
				return n
			}
			for range 5000 {
				now = now.Add(time.Duration(rng.Int64N(int64(tt.maxGap))))
				ok, retry := w.Allow("k", now)
				if ok {
					admitted = append(admitted, now)
					if n := inLast(tt.window); n > tt.limit {
						t.Fatalf("%d admitted within %s at %s", n, tt.window, now.Sub(t0))
					}
					continue
				}
				if n := inLast(tt.window + slack); n < tt.limit {
					t.Fatalf("refused with only %d admitted in the last %s", n, tt.window+slack)
				}
				if retry <= 0 || retry > tt.window+slack {
					t.Fatalf("retry after %s", retry)
				}
			}
		})
	}
}

func TestWindowRetryAfterIsExact(t *testing.T) {
	t.Parallel()
	w := newWindow(Limit{Requests: 3, Window: 10 * time.Second}, 10)
	for i := range 3 {
		if ok, _ := w.Allow("k", t0.Add(time.Duration(i)*time.Second)); !ok {
			t.Fatalf("request %d refused", i)
		}
	}
	at := t0.Add(2500 * time.Millisecond)
	ok, retry := w.Allow("k", at)
	if ok {
		t.Fatal("4th admitted")
	}
	if ok, _ := w.Allow("k", at.Add(retry-time.Nanosecond)); ok {
		t.Fatalf("admitted before Retry-After (%s)", retry)
	}
	if ok, _ := w.Allow("k", at.Add(retry)); !ok {
		t.Fatalf("refused at Retry-After (%s)", retry)
	}
}

func TestWindowBlockedDoesNotCount(t *testing.T) {
	t.Parallel()
	w := newWindow(Limit{Requests: 2, Window: time.Minute}, 10)
	for range 10 {
		if blocked, _ := w.Blocked("k", t0); blocked {
			t.Fatal("Blocked counted as a request")
		}
	}
	w.Add("k", t0)
	w.Add("k", t0)
	if blocked, retry := w.Blocked("k", t0); !blocked || retry <= 0 {
		t.Fatalf("blocked=%v retry=%s after two adds", blocked, retry)
	}
	if blocked, _ := w.Blocked("other", t0); blocked {
		t.Fatal("keys share a window")
	}
	if len(w.keys) != 1 {
		t.Fatalf("Blocked created %d keys", len(w.keys))
	}
}

func TestWindowDropsIdleClients(t *testing.T) {
	t.Parallel()
	w := newWindow(Limit{Requests: 5, Window: 10 * time.Second}, 100)
	for i := range 50 {
		w.Allow(fmt.Sprint("ip", i), t0.Add(time.Duration(i)*100*time.Millisecond))
	}
	// At 11 s the first clients (seen at 0..0.4 s) have been idle for a window plus a slot.
	w.Allow("ip-new", t0.Add(11*time.Second))
	if got := len(w.keys); got >= 51 || got < 40 {
		t.Fatalf("%d keys tracked after some went idle", got)
	}
	w.Allow("ip-new", t0.Add(30*time.Second))
	if len(w.keys) != 1 {
		t.Fatalf("%d keys tracked, want only the active one", len(w.keys))
	}
	checkList(t, w)
}

// TestWindowFullTableEvictsLeastRecentlySeen: when strangers fill the table, a newcomer is
// tracked in the place of the client seen least recently, rather than refused; a client that
// keeps sending stays tracked and stays limited.
func TestWindowFullTableEvictsLeastRecentlySeen(t *testing.T) {
	t.Parallel()
	const maxKeys = 8
	tests := []struct {
		name      string
		strangers int // distinct one-off keys sent after the abuser hit its limit
	}{
		{"table filled once", maxKeys},
		{"table filled many times over", 10 * maxKeys},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWindow(Limit{Requests: 3, Window: 10 * time.Second}, maxKeys)
			now := t0
			for range 3 {
				if ok, _ := w.Allow("abuser", now); !ok {
					t.Fatal("abuser refused under its limit")
				}
			}
			for i := range tt.strangers {
				if ok, _ := w.Allow(fmt.Sprint("stranger", i), now); !ok {
					t.Fatalf("stranger %d refused: a full table locks newcomers out", i)
				}
				// The abuser keeps sending: every refusal is a sighting that keeps it tracked.
				if ok, _ := w.Allow("abuser", now); ok {
					t.Fatalf("abuser admitted after %d strangers: its count was evicted", i)
				}
				if len(w.keys) > maxKeys {
					t.Fatalf("%d keys tracked, bound is %d", len(w.keys), maxKeys)
				}
			}
			if ok, _ := w.Allow("newcomer", now); !ok {
				t.Fatal("newcomer refused by a full table")
			}
			checkList(t, w)
		})
	}
	// The victim of eviction is the least recently seen client: here the first stranger, not
	// the ones touched since.
	w := newWindow(Limit{Requests: 3, Window: 10 * time.Second}, 3)
	w.Allow("a", t0)
	w.Allow("b", t0)
	w.Allow("c", t0)
	w.Blocked("a", t0) // a sighting too
	w.Allow("d", t0)
	if _, ok := w.keys["b"]; ok {
		t.Fatal("b, the least recently seen, was kept")
	}
	for _, k := range []string{"a", "c", "d"} {
		if _, ok := w.keys[k]; !ok {
			t.Fatalf("%s evicted instead of b", k)
		}
	}
	checkList(t, w)
}

// checkList verifies that the recency list holds exactly the tracked rings, each once, in
// non-decreasing order of last slot from least to most recently seen.
func checkList(t *testing.T, w *window) {
	t.Helper()
	n := 0
	last := int64(-1 << 62)
	for r := w.recent.newer; r != &w.recent; r = r.newer {
		if w.keys[r.key] != r {
			t.Fatalf("ring %q on the list but not in the table", r.key)
		}
		if r.older.newer != r {
			t.Fatalf("list broken at %q", r.key)
		}
		if r.head < last {
			t.Fatalf("list out of order at %q", r.key)
		}
		last = r.head
		n++
		if n > len(w.keys) {
			t.Fatal("list longer than the table")
		}
	}
	if n != len(w.keys) {
		t.Fatalf("list holds %d rings, table %d", n, len(w.keys))
	}
}

func BenchmarkWindowFullTable(b *testing.B) {
	w := newWindow(Limit{Requests: 20, Window: 10 * time.Second}, maxTrackedClients)
	keys := make([]string, 4*maxTrackedClients)
	for i := range keys {
		keys[i] = fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
	}
	b.ResetTimer()
	for i := range b.N {
		w.Allow(keys[i%len(keys)], t0)
	}
}

// TestWindowSurvivesAClockStepBack: a wall clock stepped back (NTP) leaves a recently seen key
// with an older head than keys seen before it, so the idle sweep, which stops at the first active
// key, can miss it. When that key is seen again a whole window later its counters restart; the
// key and its place in the recency list must survive that, or the list breaks and every later
// request through the limiter fails.
func TestWindowSurvivesAClockStepBack(t *testing.T) {
	t.Parallel()
	w := newWindow(Limit{Requests: 1, Window: 10 * time.Second}, 4)
	w.Allow("a", t0.Add(time.Minute))
	w.Allow("b", t0) // the clock stepped back a minute
	if ok, _ := w.Allow("b", t0.Add(time.Minute+5*time.Second)); !ok {
		t.Fatal("b was refused although its only request left the window")
	}
	for i, key := range []string{"b", "c", "d", "e", "f", "a", "b"} {
		w.Allow(key, t0.Add(time.Minute+6*time.Second+time.Duration(i)*time.Millisecond))
	}
	if n := len(w.keys); n > 4 {
		t.Fatalf("%d keys tracked, limit 4", n)
	}
	listed := 0
	for r := w.recent.older; r != &w.recent; r = r.older {
		if w.keys[r.key] != r {
			t.Fatalf("recency list holds %q, which the table does not map to it", r.key)
		}
		listed++
	}
	if listed != len(w.keys) {
		t.Fatalf("recency list has %d rings, table %d", listed, len(w.keys))
	}
	if ok, _ := w.Allow("b", t0.Add(time.Minute+7*time.Second)); ok {
		t.Fatal("b got a second request within its window")
	}
}

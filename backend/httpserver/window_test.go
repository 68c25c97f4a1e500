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

func TestWindowEvictsIdleClientsAndFailsClosedWhenFull(t *testing.T) {
	t.Parallel()
	w := newWindow(Limit{Requests: 5, Window: 10 * time.Second}, 3)
	for i := range 3 {
		if ok, _ := w.Allow(fmt.Sprint("ip", i), t0); !ok {
			t.Fatalf("client %d refused", i)
		}
	}
	if ok, _ := w.Allow("ip-new", t0.Add(time.Second)); ok {
		t.Fatal("a 4th client admitted past maxKeys")
	}
	later := t0.Add(11 * time.Second)
	if ok, _ := w.Allow("ip-new", later); !ok {
		t.Fatal("idle clients were not evicted")
	}
	if len(w.keys) != 1 {
		t.Fatalf("%d keys tracked, want only the active one", len(w.keys))
	}
}

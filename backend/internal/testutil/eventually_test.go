package testutil

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestWaitFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		trueAfter int32 // calls before cond reports true; -1 = never
		timeout   time.Duration
		want      bool
		minCalls  int32
	}{
		{name: "already true", trueAfter: 0, timeout: time.Second, want: true, minCalls: 1},
		{name: "true after some polls", trueAfter: 5, timeout: 10 * time.Second, want: true, minCalls: 6},
		{name: "never true", trueAfter: -1, timeout: 50 * time.Millisecond, want: false, minCalls: 2},
		// A condition that holds is reported even when the time is already up.
		{name: "zero timeout", trueAfter: 0, timeout: 0, want: true, minCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			got := WaitFor(tt.timeout, func() bool {
				n := calls.Add(1)
				return tt.trueAfter >= 0 && n > tt.trueAfter
			})
			if got != tt.want {
				t.Fatalf("WaitFor = %v, want %v", got, tt.want)
			}
			if c := calls.Load(); c < tt.minCalls {
				t.Fatalf("cond called %d times, want at least %d", c, tt.minCalls)
			}
		})
	}
}

// recorder captures Fatalf instead of stopping the test.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) { r.failed = format }

func TestEventuallyFailsWithTheMessage(t *testing.T) {
	t.Parallel()
	r := &recorder{TB: t}
	Eventually(r, 10*time.Millisecond, func() bool { return false }, "run %s never finished", "ex-1")
	if r.failed != "after %s: run %s never finished" {
		t.Fatalf("Fatalf format = %q", r.failed)
	}
	r = &recorder{TB: t}
	Eventually(r, time.Second, func() bool { return true }, "unused")
	if r.failed != "" {
		t.Fatalf("failed on a condition that held: %q", r.failed)
	}
}

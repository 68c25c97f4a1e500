package testutil

import (
	"testing"
	"time"
)

// pollMax is the longest pause between two checks: polls start at 1 ms so a condition that holds
// almost at once costs almost nothing, and back off so a slow one does not burn the CPU that the
// code under test needs.
const pollMax = 20 * time.Millisecond

// WaitFor calls cond until it reports true and then returns true, or returns false once timeout
// has passed. cond runs on the caller's goroutine. Use it when the failure message needs the last
// observed state; otherwise use Eventually.
func WaitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for pause := time.Millisecond; ; pause = min(pause*2, pollMax) {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pause)
	}
}

// Eventually fails the test with the formatted message unless cond reports true within timeout.
func Eventually(t testing.TB, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	if !WaitFor(timeout, cond) {
		t.Fatalf("after %s: "+format, append([]any{timeout}, args...)...)
	}
}

package execution

import (
	"context"
	"testing"
	"time"

	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/trigger"
)

// The replace policy cancels the running run and any queued one, then starts the newest, and
// the two never run at once.
func TestReplacePolicy(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=hang"}, maxRuns: 4})
	tr := h.newTrigger("replace", "claude", func(tr *trigger.Trigger) { tr.ConcurrencyPolicy = trigger.PolicyReplace })
	h.setTiming(tr.ID, 600, 1)
	first := h.submit(tr, "one")
	h.wait(first.ID, 10*time.Second, StatusRunning)

	second := h.submit(tr, "two")
	old := h.wait(first.ID, 15*time.Second, StatusCancelled)
	if old.ErrorMessage != replacedMessage {
		t.Fatalf("replaced run says %q", old.ErrorMessage)
	}
	h.wait(second.ID, 10*time.Second, StatusRunning)
	// The replaced run's process is gone before the new one starts: never two at once.
	testutil.Eventually(t, 5*time.Second, func() bool {
		left := processesIn(tr.Paths[0].Path)
		if len(left) > 1 {
			t.Fatalf("processes of the trigger: %v, want only the new run's", left)
		}
		return len(left) == 1
	}, "the new run's process never appeared")

	// Two more in a row: the first of them, queued behind the stopping run (or just started
	// when that one ended), is replaced too.
	third, fourth := h.submit(tr, "three"), h.submit(tr, "four")
	if got := h.wait(third.ID, 15*time.Second, StatusCancelled); got.ErrorMessage != replacedMessage {
		t.Fatalf("third run: message %q", got.ErrorMessage)
	}
	h.wait(second.ID, 15*time.Second, StatusCancelled)
	h.wait(fourth.ID, 10*time.Second, StatusRunning)
	_ = h.engine.Cancel(context.Background(), fourth.ID)
	h.wait(fourth.ID, 15*time.Second, StatusCancelled)
}

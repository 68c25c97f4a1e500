package execution

import (
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
)

// A failed run raises one run_failed notification naming it; a successful or cancelled one none.
func TestFailedRunIsAnnounced(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=auto"}})
	tr := h.newTrigger("announce", "claude")
	ok := h.submit(tr, "[fake:success]")
	h.wait(ok.ID, 30*time.Second, StatusSuccess)
	bad := h.submit(tr, "[fake:auth]")
	h.wait(bad.ID, 30*time.Second, StatusFailed)

	// The notification follows the recorded outcome: wait for it.
	var got []events.Notification
	for deadline := time.Now().Add(10 * time.Second); len(got) == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		got = got[:0]
		for _, ev := range h.rec.Named(events.NotificationShow) {
			got = append(got, ev.Payload.(events.Notification))
		}
	}
	if len(got) != 1 {
		t.Fatalf("notifications = %+v, want exactly one for the failed run", got)
	}
	n := got[0]
	if n.Kind != events.KindRunFailed || n.ExecutionID != bad.ID || n.Level != events.LevelError || n.Title != "Run failed: announce" {
		t.Fatalf("notification = %+v", n)
	}
	if n.Message == "" {
		t.Fatal("notification says nothing about why the run failed")
	}
}

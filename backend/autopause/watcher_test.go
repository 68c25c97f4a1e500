package autopause

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/trigger"
)

// rig is a watcher over a real store and bus; outcomes are stored and published as the engine
// does (the row first, then execution:status).
type rig struct {
	t         *testing.T
	bus       *events.Bus
	notes     *events.Recorder
	triggers  *trigger.Service
	store     *execution.Store
	threshold atomic.Int64
	watcher   *Watcher
	n         int
}

func newRig(t *testing.T, threshold int) *rig {
	t.Helper()
	d := testutil.OpenDB(t)
	r := &rig{t: t, bus: events.NewBus(), notes: &events.Recorder{}, store: execution.NewStore(d)}
	r.triggers = trigger.New(trigger.Deps{DB: d, Emitter: r.notes, Log: logging.Discard()})
	r.threshold.Store(int64(threshold))
	r.watcher = New(r.triggers, func() int { return int(r.threshold.Load()) }, r.notes, logging.Discard())
	t.Cleanup(r.bus.Close)
	return r
}

// start runs the watcher with a queue of size events.
func (r *rig) start(size int) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	sub := r.bus.Subscribe(size, Match)
	go func() { r.watcher.Run(ctx, sub); close(done) }()
	r.t.Cleanup(func() { cancel(); <-done })
}

func (r *rig) newTrigger(name string) trigger.Trigger {
	r.t.Helper()
	tr, err := r.triggers.Create(context.Background(), trigger.Trigger{Name: name, PromptTemplate: "p", BackendType: "claude", Enabled: true})
	if err != nil {
		r.t.Fatal(err)
	}
	return tr
}

// finish stores a run of tr that ended with status and publishes it.
func (r *rig) finish(tr trigger.Trigger, status string) execution.Execution {
	r.t.Helper()
	ctx := context.Background()
	r.n++
	ex := execution.Execution{ID: db.NewID("exec-"), TriggerID: tr.ID, TriggerName: tr.Name, Kind: execution.KindScheduled,
		BackendType: "claude", Status: execution.StatusQueued, Prompt: "p", QueuedAt: db.Now(), Argv: []string{}, Warnings: []string{}}
	if err := r.store.Insert(ctx, ex, "{}", nil); err != nil {
		r.t.Fatal(err)
	}
	// Distinct, ordered finish times without sleeping.
	ex.Status, ex.FinishedAt = status, time.Now().UTC().Add(time.Duration(r.n)*time.Millisecond).Format(db.TimeFormat)
	if status != execution.StatusSuccess {
		ex.ErrorMessage = fmt.Sprintf("claude exited with status 1 (run %d).", r.n)
	}
	if err := r.store.Finish(ctx, ex); err != nil {
		r.t.Fatal(err)
	}
	r.bus.Emit(events.ExecutionStatus, ex.Summary())
	return ex
}

func (r *rig) paused(id string) trigger.Trigger {
	r.t.Helper()
	tr, err := r.triggers.Get(context.Background(), id)
	if err != nil {
		r.t.Fatal(err)
	}
	return tr
}

// waitPaused waits until the trigger's paused state is want, at most 10 s.
func (r *rig) waitPaused(id string, want bool) trigger.Trigger {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		tr := r.paused(id)
		if tr.Paused == want || time.Now().After(deadline) {
			return tr
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (r *rig) notifications() []events.Notification {
	var out []events.Notification
	for _, e := range r.notes.Named(events.NotificationShow) {
		out = append(out, e.Payload.(events.Notification))
	}
	return out
}

func TestPausesAfterNFailuresInARow(t *testing.T) {
	t.Parallel()
	r := newRig(t, 3)
	r.start(QueueSize)
	tr := r.newTrigger("Nightly audit")
	r.finish(tr, execution.StatusFailed)
	r.finish(tr, execution.StatusTimeout)
	// Two failures: a check now must leave it running.
	if err := r.watcher.Check(context.Background(), tr.ID); err != nil || r.paused(tr.ID).Paused {
		t.Fatalf("paused after 2 of 3 failures (%v)", err)
	}
	last := r.finish(tr, execution.StatusFailed)
	got := r.waitPaused(tr.ID, true)
	if !got.Paused {
		t.Fatal("not paused after 3 failures in a row")
	}
	want := "Paused after 3 failed runs in a row; the last one: claude exited with status 1 (run 3)."
	if got.PausedReason != want || got.PausedAt == "" {
		t.Errorf("reason %q at %q, want %q", got.PausedReason, got.PausedAt, want)
	}
	// The notification follows the stored pause.
	notes := r.notifications()
	for deadline := time.Now().Add(10 * time.Second); len(notes) == 0 && time.Now().Before(deadline); notes = r.notifications() {
		time.Sleep(10 * time.Millisecond)
	}
	if len(notes) != 1 {
		t.Fatalf("notifications = %+v, want one", notes)
	}
	n := notes[0]
	if n.Kind != events.KindTriggerPaused || n.Level != events.LevelWarning || n.ExecutionID != last.ID ||
		n.Title != "Nightly audit paused" || !strings.Contains(n.Message, want) || !strings.Contains(n.Message, "until you resume it") {
		t.Errorf("notification = %+v", n)
	}
	// More failures while paused (manual runs) do not notify again.
	r.finish(tr, execution.StatusFailed)
	if err := r.watcher.Check(context.Background(), tr.ID); err != nil {
		t.Fatal(err)
	}
	if len(r.notifications()) != 1 {
		t.Errorf("notified again while paused: %+v", r.notifications())
	}
	// Resumed, one more failure does not pause it again: the count starts afresh.
	if _, err := r.triggers.Resume(context.Background(), tr.ID); err != nil {
		t.Fatal(err)
	}
	r.finish(tr, execution.StatusFailed)
	if err := r.watcher.Check(context.Background(), tr.ID); err != nil || r.paused(tr.ID).Paused {
		t.Fatalf("paused again after one failure since resuming (%v)", err)
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		threshold int
		outcomes  []string
		want      bool
	}{
		{"below the threshold", 3, []string{"failed", "failed"}, false},
		{"a success resets the count", 3, []string{"failed", "failed", "success", "failed", "failed"}, false},
		{"failures after a success reach it", 3, []string{"success", "failed", "failed", "timeout"}, true},
		{"cancelled runs do not reset", 2, []string{"failed", "cancelled", "failed"}, true},
		{"interrupted runs do not count", 2, []string{"failed", "interrupted"}, false},
		{"zero never pauses", 0, []string{"failed", "failed", "failed", "failed", "failed", "failed"}, false},
		{"one pauses at the first failure", 1, []string{"success", "failed"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, tt.threshold)
			tr := r.newTrigger("T")
			for _, o := range tt.outcomes {
				r.finish(tr, o)
			}
			if err := r.watcher.Check(context.Background(), tr.ID); err != nil {
				t.Fatal(err)
			}
			if got := r.paused(tr.ID).Paused; got != tt.want {
				t.Fatalf("paused = %v, want %v", got, tt.want)
			}
			if got := len(r.notifications()) == 1; got != tt.want {
				t.Fatalf("notifications = %+v", r.notifications())
			}
		})
	}
}

func TestThresholdChangeAppliesAtOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t, 5)
	tr := r.newTrigger("T")
	r.finish(tr, execution.StatusFailed)
	r.finish(tr, execution.StatusFailed)
	if err := r.watcher.Check(context.Background(), tr.ID); err != nil || r.paused(tr.ID).Paused {
		t.Fatal("paused below the threshold")
	}
	r.threshold.Store(2)
	if err := r.watcher.Check(context.Background(), tr.ID); err != nil || !r.paused(tr.ID).Paused {
		t.Fatal("not paused once the threshold came down to the failures")
	}
}

// TestDroppedOutcomesAreMadeUp fills a one-event queue before the watcher reads it: the outcomes
// it lost are found by the pass over every trigger that a gap triggers.
func TestDroppedOutcomesAreMadeUp(t *testing.T) {
	t.Parallel()
	r := newRig(t, 3)
	sub := r.bus.Subscribe(1, Match)
	a, b := r.newTrigger("A"), r.newTrigger("B")
	for range 3 {
		r.finish(a, execution.StatusFailed)
	}
	for range 3 {
		r.finish(b, execution.StatusFailed)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.watcher.Run(ctx, sub); close(done) }()
	defer func() { cancel(); <-done }()
	if !r.waitPaused(a.ID, true).Paused || !r.waitPaused(b.ID, true).Paused {
		t.Fatalf("paused: A %v, B %v", r.paused(a.ID).Paused, r.paused(b.ID).Paused)
	}
}

func TestDeletedTriggerIsIgnored(t *testing.T) {
	t.Parallel()
	r := newRig(t, 1)
	tr := r.newTrigger("T")
	r.finish(tr, execution.StatusFailed)
	if err := r.triggers.Delete(context.Background(), tr.ID); err != nil {
		t.Fatal(err)
	}
	if err := r.watcher.Check(context.Background(), tr.ID); err != nil {
		t.Fatalf("Check of a deleted trigger = %v", err)
	}
}

func TestReason(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 300)
	tests := []struct {
		f    trigger.Failures
		want string
	}{
		{trigger.Failures{Count: 5}, "Paused after 5 failed runs in a row."},
		{trigger.Failures{Count: 2, LastError: "rate limited."}, "Paused after 2 failed runs in a row; the last one: rate limited."},
		{trigger.Failures{Count: 2, LastError: long}, "Paused after 2 failed runs in a row; the last one: " + strings.Repeat("é", 100) + "…."},
	}
	for _, tt := range tests {
		if got := Reason(tt.f); got != tt.want {
			t.Errorf("Reason(%d, %.20q) = %q", tt.f.Count, tt.f.LastError, got)
		}
	}
}

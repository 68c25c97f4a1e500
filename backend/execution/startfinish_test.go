package execution

import (
	"context"
	"errors"
	"testing"

	"github.com/agented/agented/backend/internal/testutil"
)

// TestStartAndFinishCarryTheAttempt: marking a run running stores its attempt in the same
// transaction, and not at all for a run that is no longer queued; finishing it updates the
// attempt with the outcome. An attempt that cannot be stored never costs the run's own status.
func TestStartAndFinishCarryTheAttempt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	newRun := func(t *testing.T, st *Store, id string) Execution {
		t.Helper()
		ex := Execution{ID: id, TriggerName: "t", Kind: KindManual, BackendType: "claude", Status: StatusQueued,
			QueuedAt: "2020-01-01T00:00:00.000Z", Argv: []string{}, Warnings: []string{}}
		if err := st.Insert(ctx, ex, "{}", nil); err != nil {
			t.Fatal(err)
		}
		ex.Status, ex.StartedAt = StatusRunning, "2020-01-01T00:00:01.000Z"
		return ex
	}
	started := Attempt{Attempt: 1, Backend: "claude", Status: StatusRunning, StartedAt: "2020-01-01T00:00:01.000Z"}

	t.Run("start then finish", func(t *testing.T) {
		t.Parallel()
		st := NewStore(testutil.OpenDB(t))
		ex := newRun(t, st, "exec-ok")
		if err := st.MarkRunning(ctx, ex, started); err != nil {
			t.Fatal(err)
		}
		if atts, err := st.Attempts(ctx, ex.ID); err != nil || len(atts) != 1 || atts[0].Status != StatusRunning {
			t.Fatalf("attempts after the start: %+v, %v", atts, err)
		}
		done := started
		done.Status, done.FinishedAt = StatusSuccess, "2020-01-01T00:00:02.000Z"
		ex.Status, ex.FinishedAt = StatusSuccess, done.FinishedAt
		if err := st.finish(ctx, ex, &done); err != nil {
			t.Fatal(err)
		}
		got, err := st.Get(ctx, ex.ID)
		if err != nil || got.Status != StatusSuccess {
			t.Fatalf("run after finish: %s, %v", got.Status, err)
		}
		if atts, err := st.Attempts(ctx, ex.ID); err != nil || len(atts) != 1 || atts[0].Status != StatusSuccess || atts[0].FinishedAt == "" {
			t.Fatalf("attempts after finish: %+v, %v", atts, err)
		}
	})

	t.Run("cancelled before it started", func(t *testing.T) {
		t.Parallel()
		st := NewStore(testutil.OpenDB(t))
		ex := newRun(t, st, "exec-gone")
		if ok, err := st.CancelQueued(ctx, ex.ID, "cancelled", "2020-01-01T00:00:01.000Z"); err != nil || !ok {
			t.Fatalf("cancel: %v %v", ok, err)
		}
		if err := st.MarkRunning(ctx, ex, started); !errors.Is(err, ErrNotActive) {
			t.Fatalf("MarkRunning of a cancelled run = %v, want ErrNotActive", err)
		}
		if atts, err := st.Attempts(ctx, ex.ID); err != nil || len(atts) != 0 {
			t.Fatalf("a run that never started has attempts: %+v, %v", atts, err)
		}
	})

	t.Run("attempt cannot be stored", func(t *testing.T) {
		t.Parallel()
		d := testutil.OpenDB(t)
		st := NewStore(d)
		ex := newRun(t, st, "exec-noatt")
		if _, err := d.Writer.Exec(`CREATE TRIGGER refuse_attempts BEFORE INSERT ON execution_attempts
			BEGIN SELECT RAISE(ABORT, 'attempts refused'); END`); err != nil {
			t.Fatal(err)
		}
		if err := st.MarkRunning(ctx, ex, started); !errors.Is(err, errAttemptNotSaved) {
			t.Fatalf("MarkRunning = %v, want errAttemptNotSaved", err)
		}
		if got, _ := st.Get(ctx, ex.ID); got.Status != StatusRunning {
			t.Fatalf("run is %s after its attempt failed, want running", got.Status)
		}
		ex.Status = StatusFailed
		if err := st.finish(ctx, ex, &started); !errors.Is(err, errAttemptNotSaved) {
			t.Fatalf("finish = %v, want errAttemptNotSaved", err)
		}
		if got, _ := st.Get(ctx, ex.ID); got.Status != StatusFailed {
			t.Fatalf("run is %s after finish, want failed", got.Status)
		}
	})
}

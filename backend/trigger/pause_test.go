package trigger

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/agented/agented/backend/db"
)

// finishRun stores a finished run of a trigger, finishedAt apart from the others.
func finishRun(t *testing.T, s *Service, triggerID, status, finishedAt string) string {
	t.Helper()
	id := db.NewID("exec-")
	_, err := s.db.Exec(context.Background(), `INSERT INTO executions(id, trigger_id, trigger_name, kind, backend_type, status,
		queued_at, finished_at, error_message) VALUES(?, ?, 'x', 'scheduled', 'claude', ?, ?, ?, ?)`,
		id, triggerID, status, finishedAt, finishedAt, "error of "+id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestPauseAndResume(t *testing.T) {
	t.Parallel()
	s, rec := newTestService(t)
	ctx := context.Background()
	in := valid("Nightly", "claude")
	in.Enabled = true
	tr, err := s.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Paused {
		t.Fatal("a new trigger is paused")
	}
	if _, err := s.Resume(ctx, tr.ID); !errors.Is(err, ErrNotPaused) {
		t.Fatalf("Resume of a running trigger = %v, want ErrNotPaused", err)
	}
	before := len(rec.Events())
	got, paused, err := s.Pause(ctx, tr.ID, "Paused after 5 failed runs in a row.")
	if err != nil || !paused || !got.Paused || got.PausedReason != "Paused after 5 failed runs in a row." || got.PausedAt == "" {
		t.Fatalf("Pause = %+v, %v, %v", got, paused, err)
	}
	if len(rec.Events()) == before {
		t.Error("no triggers:changed after a pause")
	}
	// Paused a second time: nothing changes, so the caller does not notify again.
	if again, paused, err := s.Pause(ctx, tr.ID, "another reason"); err != nil || paused || again.PausedReason != got.PausedReason {
		t.Fatalf("second Pause = %+v, %v, %v", again, paused, err)
	}
	// Every read path carries the state.
	list, err := s.List(ctx, "")
	if err != nil || len(list) != 1 || !list[0].Paused || list[0].PausedReason == "" {
		t.Fatalf("List = %+v, %v", list, err)
	}
	bySource, err := s.ListBySource(ctx, SourceManual)
	if err != nil || len(bySource) != 1 || !bySource[0].Paused {
		t.Fatalf("ListBySource = %+v, %v", bySource, err)
	}
	// An edit keeps the pause: it is not an editable field.
	got.Description = "edited"
	got.Paused = false
	if up, err := s.Update(ctx, got); err != nil || !up.Paused {
		t.Fatalf("Update = %+v, %v", up, err)
	}
	res, err := s.Resume(ctx, tr.ID)
	if err != nil || res.Paused || res.PausedReason != "" || res.PausedAt != "" {
		t.Fatalf("Resume = %+v, %v", res, err)
	}
	if _, err := s.Resume(ctx, tr.ID); !errors.Is(err, ErrNotPaused) {
		t.Fatalf("second Resume = %v", err)
	}
	for _, op := range []func() error{
		func() error { _, _, err := s.Pause(ctx, "trig-missing", "r"); return err },
		func() error { _, err := s.Resume(ctx, "trig-missing"); return err },
	} {
		if err := op(); !errors.Is(err, ErrNotFound) {
			t.Errorf("on a missing trigger: %v, want ErrNotFound", err)
		}
	}
	// Deleting the trigger removes its pause row with it.
	if _, _, err := s.Pause(ctx, tr.ID, "r"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, tr.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.db.Reader.QueryRow(`SELECT COUNT(*) FROM trigger_pauses`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("pause rows left: %d, %v", n, err)
	}
}

func TestRecentFailures(t *testing.T) {
	t.Parallel()
	ts := func(i int) string { return fmt.Sprintf("2026-01-01T00:00:%02d.000Z", i) }
	tests := []struct {
		name      string
		statuses  []string // oldest first
		limit     int
		wantCount int
	}{
		{"no runs", nil, 5, 0},
		{"all failed", []string{"failed", "timeout", "failed"}, 5, 3},
		{"a success resets", []string{"failed", "failed", "success", "failed"}, 5, 1},
		{"newest success means none", []string{"failed", "failed", "success"}, 5, 0},
		{"cancelled and interrupted neither count nor reset", []string{"failed", "cancelled", "failed", "interrupted", "failed"}, 5, 3},
		{"running and queued are not finished", []string{"failed", "running", "queued"}, 5, 1},
		{"counting stops at the limit", []string{"failed", "failed", "failed", "failed"}, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newTestService(t)
			ctx := context.Background()
			tr, err := s.Create(ctx, valid("T", "claude"))
			if err != nil {
				t.Fatal(err)
			}
			var lastFailed string
			for i, st := range tt.statuses {
				finished := ts(i + 1)
				if st == "running" || st == "queued" {
					finished = ""
				}
				id := finishRun(t, s, tr.ID, st, finished)
				if st == "failed" || st == "timeout" {
					lastFailed = id
				}
			}
			f, err := s.RecentFailures(ctx, tr.ID, tt.limit)
			if err != nil || f.Count != tt.wantCount {
				t.Fatalf("RecentFailures = %+v, %v; want %d", f, err, tt.wantCount)
			}
			if f.Count > 0 && (f.LastID != lastFailed || f.LastError != "error of "+lastFailed) {
				t.Errorf("last = %s %q, want %s", f.LastID, f.LastError, lastFailed)
			}
		})
	}
}

func TestResumeStartsTheCountAfresh(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	tr, err := s.Create(ctx, valid("T", "claude"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		finishRun(t, s, tr.ID, "failed", fmt.Sprintf("2000-01-01T00:00:%02d.000Z", i))
	}
	if _, _, err := s.Pause(ctx, tr.ID, "r"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resume(ctx, tr.ID); err != nil {
		t.Fatal(err)
	}
	if f, err := s.RecentFailures(ctx, tr.ID, 5); err != nil || f.Count != 0 {
		t.Fatalf("after resume = %+v, %v; the failures before it must not count", f, err)
	}
	finishRun(t, s, tr.ID, "failed", "2999-01-01T00:00:00.000Z")
	if f, err := s.RecentFailures(ctx, tr.ID, 5); err != nil || f.Count != 1 {
		t.Fatalf("one failure after resume = %+v, %v", f, err)
	}
}

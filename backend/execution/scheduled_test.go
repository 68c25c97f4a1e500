package execution

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/trigger"
)

// A scheduled firing goes through the engine like a manual run: a queued run of kind
// "scheduled" with the scheduled message, claimed exactly once; a missed fire time under
// run-once queues one catch-up run that says why.
func TestScheduledFiringRunsThroughTheEngine(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=success"}, maxRuns: 2})
	start := time.Now().Truncate(time.Second)
	once := h.newTrigger("once", "claude", func(tr *trigger.Trigger) {
		tr.Enabled, tr.TriggerSource, tr.ScheduleType = true, trigger.SourceScheduled, "once"
		tr.ScheduleAt = start.Add(time.Hour).UTC().Format(time.RFC3339)
	})
	daily := h.newTrigger("daily", "codex", func(tr *trigger.Trigger) {
		tr.Enabled, tr.TriggerSource, tr.ScheduleType, tr.ScheduleTimezone = true, trigger.SourceScheduled, "daily", "UTC"
		tr.ScheduleTime, tr.MissedRunPolicy = start.Add(2*time.Hour).UTC().Format("15:04"), schedule.MissedRunOnce
	})
	clock := schedule.NewFakeClock(start)
	sched := schedule.New(schedule.Options{Store: schedule.NewSQLStore(h.db), Jobs: h.triggers, Firer: h.engine,
		Clock: clock, Log: logging.Discard(), MaxSleep: 24 * time.Hour})
	if err := sched.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sched.Stop(context.Background()) })
	waitTimer := func(before int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); clock.Created() <= before; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the scheduler did not go back to sleep")
			}
		}
	}
	waitTimer(0)

	before := clock.Created()
	clock.Advance(time.Hour) // the once trigger's moment
	waitTimer(before)
	runs := h.runsOf(once.ID)
	if len(runs) != 1 || runs[0].Kind != KindScheduled || runs[0].Message != ScheduledMessage {
		t.Fatalf("once runs = %+v", runs)
	}
	h.wait(runs[0].ID, 20*time.Second, StatusSuccess)

	// Asleep for a day: the daily fire time was missed; run-once queues one catch-up.
	clock.Jump(24 * time.Hour)
	before = clock.Created()
	wait, _ := clock.Pending()
	clock.Advance(wait)
	waitTimer(before)
	runs = h.runsOf(daily.ID)
	if len(runs) != 1 || !strings.Contains(runs[0].Message, "catch-up") || !strings.Contains(runs[0].Message, "asleep") {
		t.Fatalf("daily runs = %+v", runs)
	}
	if again := h.runsOf(once.ID); len(again) != 1 {
		t.Fatalf("the once trigger ran %d times", len(again))
	}
}

func (h *harness) runsOf(triggerID string) []Execution {
	h.t.Helper()
	page, err := h.engine.List(context.Background(), ListFilter{TriggerID: triggerID, Limit: 50})
	if err != nil {
		h.t.Fatal(err)
	}
	return page.Executions
}

// Firings due together share one transaction, but a claim that fails (fired elsewhere) or a
// trigger the engine refuses leaves only that run out.
func TestFireBatchKeepsTheOthers(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=success"}, noStart: true})
	sched := func(tr *trigger.Trigger) {
		tr.Enabled, tr.TriggerSource, tr.ScheduleType, tr.ScheduleCron, tr.ScheduleTimezone = true, trigger.SourceScheduled, "cron", "* * * * *", "UTC"
	}
	a, b, c := h.newTrigger("a", "claude", sched), h.newTrigger("b", "gemini", sched), h.newTrigger("c", "codex", sched)
	if _, err := h.triggers.SetEnabled(context.Background(), c.ID, false); err != nil {
		t.Fatal(err)
	}
	claimed := func(context.Context, *sql.Tx) error { return schedule.ErrClaimed }
	res := h.engine.Fire(context.Background(), []schedule.Firing{
		{TriggerID: a.ID}, {TriggerID: b.ID, Claim: claimed}, {TriggerID: c.ID},
	})
	if res[0].Err != nil || res[0].ExecutionID == "" {
		t.Fatalf("a: %+v", res[0])
	}
	if !errors.Is(res[1].Err, schedule.ErrClaimed) || !errors.Is(res[2].Err, ErrDisabled) {
		t.Fatalf("b: %+v, c: %+v", res[1], res[2])
	}
	if len(h.runsOf(a.ID)) != 1 || len(h.runsOf(b.ID)) != 0 || len(h.runsOf(c.ID)) != 0 {
		t.Fatal("wrong runs stored")
	}
}

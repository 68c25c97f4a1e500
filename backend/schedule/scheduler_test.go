package schedule_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/trigger"
)

// A minutely trigger fires once per minute on time; after a restart the stored plan is picked
// up, and nothing fires twice or is lost across the restart.
func TestFiresOnTimeAndSurvivesRestart(t *testing.T) {
	t.Parallel()
	h := newHarness(t, at("2026-12-07T10:00:30Z"), 0)
	tr := h.create("minutely", everyMinute)
	h.start()
	h.advanceTo(at("2026-12-07T10:03:30Z"))
	want := []string{"2026-12-07T10:01:00Z", "2026-12-07T10:02:00Z", "2026-12-07T10:03:00Z"}
	if got := h.fired.planned(tr.ID); !equal(got, want) {
		t.Fatalf("fired %v, want %v", got, want)
	}
	h.stop()

	h.clock.Advance(20 * time.Second) // closed for 20 s: 10:03:50
	h.start()
	if got := h.fired.planned(tr.ID); len(got) != 3 {
		t.Fatalf("a restart fired again: %v", got)
	}
	h.advanceTo(at("2026-12-07T10:05:10Z"))
	want = append(want, "2026-12-07T10:04:00Z", "2026-12-07T10:05:00Z")
	if got := h.fired.planned(tr.ID); !equal(got, want) {
		t.Fatalf("fired %v, want %v", got, want)
	}
	st, ok := h.sched.State(tr.ID)
	if !ok || st.LastOutcome != schedule.OutcomeFired || st.NextFireTimes[0] != "2026-12-07T10:06:00Z" || len(st.NextFireTimes) != 5 {
		t.Fatalf("state = %+v", st)
	}
}

// Editing a trigger's schedule re-plans it; renaming it does not move its plan; disabling or
// deleting it stops it.
func TestChangedAndDeletedTriggersReplan(t *testing.T) {
	t.Parallel()
	h := newHarness(t, at("2026-12-07T08:00:00Z"), time.Hour)
	ctx := context.Background()
	tr := h.create("daily", func(tr *trigger.Trigger) { tr.ScheduleType, tr.ScheduleTime = "daily", "09:00" })
	h.start()
	if got := h.sched.NextFireTimes(tr.ID); got[0] != "2026-12-07T09:00:00Z" {
		t.Fatalf("next = %v", got)
	}
	tr.ScheduleTime = "10:30"
	tr, err := h.triggers.Update(ctx, tr)
	if err != nil {
		t.Fatal(err)
	}
	h.reload()
	if got := h.sched.NextFireTimes(tr.ID); got[0] != "2026-12-07T10:30:00Z" || got[1] != "2026-12-08T10:30:00Z" {
		t.Fatalf("after the edit next = %v", got)
	}
	h.advanceTo(at("2026-12-07T10:00:00Z"))
	if got := h.fired.planned(tr.ID); len(got) != 0 {
		t.Fatalf("fired at the old time: %v", got)
	}
	tr.Name = "daily, renamed"
	if tr, err = h.triggers.Update(ctx, tr); err != nil {
		t.Fatal(err)
	}
	h.reload()
	h.advanceTo(at("2026-12-07T10:31:00Z"))
	if got := h.fired.planned(tr.ID); !equal(got, []string{"2026-12-07T10:30:00Z"}) {
		t.Fatalf("fired %v", got)
	}

	if _, err := h.triggers.SetEnabled(ctx, tr.ID, false); err != nil {
		t.Fatal(err)
	}
	h.reload()
	if _, ok := h.sched.State(tr.ID); ok {
		t.Fatal("a disabled trigger still has a plan")
	}
	if _, err := h.triggers.SetEnabled(ctx, tr.ID, true); err != nil {
		t.Fatal(err)
	}
	h.reload()
	if err := h.triggers.Delete(ctx, tr.ID); err != nil {
		t.Fatal(err)
	}
	h.reload()
	h.advanceTo(at("2026-12-09T11:00:00Z"))
	if got := h.fired.planned(tr.ID); len(got) != 1 {
		t.Fatalf("a deleted trigger fired: %v", got)
	}
	var n int
	if err := h.db.Reader.QueryRow(`SELECT COUNT(*) FROM schedule_plans`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("plans left: %d (%v)", n, err)
	}
	if up := h.sched.Upcoming(10); len(up) != 0 {
		t.Fatalf("upcoming = %+v", up)
	}
}

// A once trigger fires a single time, also across a restart, and says so.
func TestOnceFiresOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, at("2026-12-07T10:00:00Z"), time.Hour)
	tr := h.create("once", func(tr *trigger.Trigger) { tr.ScheduleType, tr.ScheduleAt = "once", "2026-12-07T10:00:05Z" })
	h.start()
	if got := h.sched.NextFireTimes(tr.ID); !equal(got, []string{"2026-12-07T10:00:05Z"}) {
		t.Fatalf("next = %v", got)
	}
	h.advanceTo(at("2026-12-07T11:00:00Z"))
	h.stop()
	h.start()
	h.advanceTo(at("2026-12-08T11:00:00Z"))
	if got := h.fired.planned(tr.ID); !equal(got, []string{"2026-12-07T10:00:05Z"}) {
		t.Fatalf("fired %v, want once", got)
	}
	st, ok := h.sched.State(tr.ID)
	if !ok || len(st.NextFireTimes) != 0 || !strings.Contains(st.Note, "Fired once") {
		t.Fatalf("state = %+v", st)
	}
}

// Fire times missed while the machine slept (the wall clock jumps ahead of monotonic time) or
// while Agented was closed are skipped or caught up by exactly one run, per trigger.
func TestMissedRuns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		policy    string
		restart   bool // closed and reopened, instead of asleep
		wantRuns  int
		wantOut   string
		wantCause string
	}{
		{"asleep, skip", schedule.MissedSkip, false, 0, schedule.OutcomeMissed, "asleep"},
		{"asleep, run once", schedule.MissedRunOnce, false, 1, schedule.OutcomeCaughtUp, "asleep"},
		{"closed, skip", schedule.MissedSkip, true, 0, schedule.OutcomeMissed, "not running"},
		{"closed, run once", schedule.MissedRunOnce, true, 1, schedule.OutcomeCaughtUp, "not running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, at("2026-12-07T10:00:30Z"), 0)
			minutely := h.create("minutely", func(tr *trigger.Trigger) { everyMinute(tr); tr.MissedRunPolicy = tt.policy })
			hourly := h.create("hourly", func(tr *trigger.Trigger) {
				tr.ScheduleType, tr.ScheduleCron, tr.MissedRunPolicy = "cron", "0 * * * *", tt.policy
			})
			h.start()
			h.advanceTo(at("2026-12-07T10:01:30Z"))
			if got := h.fired.planned(minutely.ID); len(got) != 1 {
				t.Fatalf("before the gap: %v", got)
			}
			if tt.restart {
				h.stop()
				h.clock.Advance(3 * time.Hour)
				h.start()
			} else {
				// Suspended for three hours: the wall clock moves, timers do not, then the
				// machine resumes and the pending timer fires.
				h.clock.Jump(3 * time.Hour)
				h.wake(time.Second)
			}
			for _, tr := range []trigger.Trigger{minutely, hourly} {
				runs := h.fired.firings(tr.ID)
				if tr.ID == minutely.ID {
					runs = runs[1:]
				}
				if len(runs) != tt.wantRuns {
					t.Fatalf("%s: %d runs after the gap, want %d (no burst)", tr.Name, len(runs), tt.wantRuns)
				}
				if tt.wantRuns == 1 && (!runs[0].CatchUp || !strings.Contains(runs[0].Reason, tt.wantCause)) {
					t.Fatalf("%s: catch-up run = %+v", tr.Name, runs[0])
				}
				st, _ := h.sched.State(tr.ID)
				if st.LastOutcome != tt.wantOut || !strings.Contains(st.LastDetail, tt.wantCause) {
					t.Fatalf("%s: state = %+v", tr.Name, st)
				}
				if next := at(st.NextFireTimes[0]); !next.After(h.clock.Now()) {
					t.Fatalf("%s: next fire %s is not ahead of now", tr.Name, next)
				}
			}
			// Afterwards it runs on time again.
			before := len(h.fired.firings(minutely.ID))
			h.advanceTo(h.clock.Now().Add(2 * time.Minute))
			if got := len(h.fired.firings(minutely.ID)) - before; got != 2 {
				t.Fatalf("%d runs in the two minutes after, want 2", got)
			}
		})
	}
}

// A fire time a little late (under the grace) is not a missed one, even after a short sleep.
func TestLateWithinGraceFires(t *testing.T) {
	t.Parallel()
	h := newHarness(t, at("2026-12-07T10:00:50Z"), 0)
	tr := h.create("minutely", everyMinute)
	h.start()
	h.clock.Jump(40 * time.Second) // 10:01:30, the 10:01 timer not fired yet
	h.wake(time.Second)
	runs := h.fired.firings(tr.ID)
	if len(runs) != 1 || runs[0].CatchUp || runs[0].PlannedAt.Format("15:04") != "10:01" {
		t.Fatalf("runs = %+v", runs)
	}
}

// When the engine refuses a run (concurrency policy skip, a disabled trigger), the fire time
// still passes and the trigger's state says why.
func TestRefusedRunMovesOn(t *testing.T) {
	t.Parallel()
	h := newHarness(t, at("2026-12-07T10:00:30Z"), 0)
	tr := h.create("busy", everyMinute)
	h.fired.refuse[tr.ID] = errors.New("firing skipped: a run of busy is active")
	h.start()
	h.advanceTo(at("2026-12-07T10:02:30Z"))
	st, _ := h.sched.State(tr.ID)
	if st.LastOutcome != schedule.OutcomeSkipped || !strings.Contains(st.LastDetail, "a run of busy is active") ||
		st.LastPlannedAt != "2026-12-07T10:02:00Z" || st.NextFireTimes[0] != "2026-12-07T10:03:00Z" {
		t.Fatalf("state = %+v", st)
	}
}

// A claim made for a fire time that was already claimed fails, so two processes sharing a store
// (or one restarted after a crash) never run the same fire time twice.
func TestClaimOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, at("2026-12-07T10:00:30Z"), 0)
	tr := h.create("minutely", everyMinute)
	h.start()
	st := schedule.NewSQLStore(h.db)
	from := at("2026-12-07T10:01:00Z")
	next := schedule.Plan{TriggerID: tr.ID, SpecKey: tr.ScheduleSpec().Key(), NextAt: at("2026-12-07T10:02:00Z"), LastPlannedAt: from}
	ctx := context.Background()
	if err := h.db.Tx(ctx, func(tx *sqlTx) error { return st.Claim(from, next)(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	err := h.db.Tx(ctx, func(tx *sqlTx) error { return st.Claim(from, next)(ctx, tx) })
	if !errors.Is(err, schedule.ErrClaimed) {
		t.Fatalf("second claim: %v", err)
	}
}

// Daylight saving days through the whole loop: a daily 02:30 job fires once on the day without
// 02:30 and once on the day with two, in two zones.
func TestLoopDaylightSaving(t *testing.T) {
	t.Parallel()
	tests := []struct {
		zone, time, from, to string
		want                 []string
	}{
		{"Europe/Berlin", "02:30", "2026-03-28T12:00:00+01:00", "2026-03-30T12:00:00+02:00",
			[]string{"2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"}},
		{"Europe/Berlin", "02:30", "2026-10-24T12:00:00+02:00", "2026-10-26T12:00:00+01:00",
			[]string{"2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"}},
		{"America/New_York", "02:30", "2026-03-07T12:00:00-05:00", "2026-03-09T12:00:00-04:00",
			[]string{"2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"}},
		{"America/New_York", "01:30", "2026-10-31T12:00:00-04:00", "2026-11-02T12:00:00-05:00",
			[]string{"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.from, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, at(tt.from), time.Hour)
			tr := h.create("daily", func(tr *trigger.Trigger) {
				tr.ScheduleType, tr.ScheduleTime, tr.ScheduleTimezone = "daily", tt.time, tt.zone
			})
			h.start()
			h.advanceTo(at(tt.to))
			var got []string
			loc, _ := time.LoadLocation(tt.zone)
			for _, f := range h.fired.firings(tr.ID) {
				got = append(got, f.PlannedAt.In(loc).Format(time.RFC3339))
			}
			if !equal(got, tt.want) {
				t.Fatalf("fired %v, want %v", got, tt.want)
			}
		})
	}
}

// Upcoming merges every trigger's coming fire times, soonest first.
func TestUpcoming(t *testing.T) {
	t.Parallel()
	h := newHarness(t, at("2026-12-07T10:00:30Z"), 0)
	h.create("every 20", func(tr *trigger.Trigger) { tr.ScheduleType, tr.ScheduleCron = "cron", "*/20 * * * *" })
	h.create("daily", func(tr *trigger.Trigger) { tr.ScheduleType, tr.ScheduleTime = "daily", "10:30" })
	h.start()
	var got []string
	for _, u := range h.sched.Upcoming(4) {
		got = append(got, u.FireAt+" "+u.TriggerName)
	}
	want := []string{"2026-12-07T10:20:00Z every 20", "2026-12-07T10:30:00Z daily", "2026-12-07T10:40:00Z every 20",
		"2026-12-07T11:00:00Z every 20"}
	if !equal(got, want) {
		t.Fatalf("upcoming = %v, want %v", got, want)
	}
}

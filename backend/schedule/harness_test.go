package schedule_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/trigger"
)

// recorder is a Firer that queues nothing but commits the claim, as the engine does, and keeps
// every firing.
type recorder struct {
	db *db.DB

	mu     sync.Mutex
	fired  []schedule.Firing
	refuse map[string]error // trigger id -> error the "engine" answers
}

func (r *recorder) Fire(ctx context.Context, firings []schedule.Firing) []schedule.Fired {
	out := make([]schedule.Fired, len(firings))
	for i, f := range firings {
		r.mu.Lock()
		err := r.refuse[f.TriggerID]
		r.mu.Unlock()
		if err == nil {
			err = r.db.Tx(ctx, func(tx *sql.Tx) error { return f.Claim(ctx, tx) })
		}
		if err != nil {
			out[i].Err = err
			continue
		}
		r.mu.Lock()
		r.fired = append(r.fired, f)
		out[i].ExecutionID = fmt.Sprintf("exec-%d", len(r.fired))
		r.mu.Unlock()
	}
	return out
}

func (r *recorder) firings(triggerID string) []schedule.Firing {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []schedule.Firing
	for _, f := range r.fired {
		if f.TriggerID == triggerID {
			out = append(out, f)
		}
	}
	return out
}

// planned returns the planned times of a trigger's firings, RFC 3339.
func (r *recorder) planned(triggerID string) []string {
	var out []string
	for _, f := range r.firings(triggerID) {
		out = append(out, f.PlannedAt.Format(time.RFC3339))
	}
	return out
}

type harness struct {
	t        *testing.T
	db       *db.DB
	clock    *schedule.FakeClock
	triggers *trigger.Service
	fired    *recorder
	sched    *schedule.Scheduler
	maxSleep time.Duration
}

func newHarness(t *testing.T, start time.Time, maxSleep time.Duration) *harness {
	t.Helper()
	d := testutil.OpenDB(t)
	clock := schedule.NewFakeClock(start)
	h := &harness{t: t, db: d, clock: clock, maxSleep: maxSleep,
		triggers: trigger.New(trigger.Deps{DB: d, Emitter: &events.Recorder{}, Log: logging.Discard(), Now: clock.Now}),
		fired:    &recorder{db: d, refuse: map[string]error{}}}
	return h
}

// start starts a scheduler on the harness' store, as Agented does at launch.
func (h *harness) start() {
	h.t.Helper()
	h.sched = schedule.New(schedule.Options{Store: schedule.NewSQLStore(h.db), Jobs: h.triggers, Firer: h.fired,
		Clock: h.clock, Log: logging.Discard(), MaxSleep: h.maxSleep})
	before := h.clock.Created()
	if err := h.sched.Start(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	h.settle(before)
	h.t.Cleanup(func() { h.stop() })
}

func (h *harness) stop() {
	if h.sched != nil {
		if err := h.sched.Stop(context.Background()); err != nil {
			h.t.Error(err)
		}
	}
}

// settle waits until the scheduler has made a timer after the count before, i.e. it handled
// whatever woke it and sleeps again.
func (h *harness) settle(before int) {
	h.t.Helper()
	testutil.Eventually(h.t, 10*time.Second, func() bool { return h.clock.Created() > before }, "the scheduler did not go back to sleep")
}

// advanceTo moves both clocks to target, waking the scheduler at every timer on the way, as
// real time passing does.
func (h *harness) advanceTo(target time.Time) {
	h.t.Helper()
	for {
		now := h.clock.Now()
		wait, ok := h.clock.Pending()
		if !ok {
			h.t.Fatal("no timer pending")
		}
		if now.Add(wait).After(target) {
			h.clock.Advance(target.Sub(now))
			return
		}
		before := h.clock.Created()
		h.clock.Advance(wait)
		h.settle(before)
	}
}

// wake advances by d at once, as a single late wake-up (after a suspend).
func (h *harness) wake(d time.Duration) {
	h.t.Helper()
	before := h.clock.Created()
	wait, _ := h.clock.Pending()
	h.clock.Advance(max(d, wait))
	h.settle(before)
}

// reload tells the scheduler triggers changed and waits for the re-plan.
func (h *harness) reload() {
	h.t.Helper()
	before := h.clock.Created()
	h.sched.Reload()
	h.settle(before)
}

func (h *harness) create(name string, mutate func(*trigger.Trigger)) trigger.Trigger {
	h.t.Helper()
	tr := trigger.Trigger{Name: name, PromptTemplate: "check {paths}", BackendType: "claude", Enabled: true,
		TriggerSource: trigger.SourceScheduled, ScheduleTimezone: "UTC"}
	mutate(&tr)
	created, err := h.triggers.Create(context.Background(), tr)
	if err != nil {
		h.t.Fatal(err)
	}
	return created
}

func everyMinute(tr *trigger.Trigger) { tr.ScheduleType, tr.ScheduleCron = "cron", "* * * * *" }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

type sqlTx = sql.Tx

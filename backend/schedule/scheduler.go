package schedule

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// Job is one enabled scheduled trigger as the scheduler sees it.
type Job struct {
	TriggerID       string
	Name            string
	Spec            Spec
	MissedRunPolicy string // skip | run-once
}

// Jobs lists the triggers to schedule (the trigger service): every enabled trigger whose source
// is "scheduled".
type Jobs interface {
	ScheduledJobs(ctx context.Context) ([]Job, error)
}

// Firing asks for one run of a scheduled trigger.
type Firing struct {
	TriggerID string
	Name      string
	PlannedAt time.Time // the fire time this run is for
	CatchUp   bool      // a missed fire time caught up (run-once)
	Reason    string    // why it was missed, for a catch-up
	// Claim must run inside the transaction that queues the run (execution.Request.Claim).
	Claim func(ctx context.Context, tx *sql.Tx) error
}

// Fired is the result of one Firing.
type Fired struct {
	ExecutionID string
	Err         error // ErrClaimed when another process fired it; any other refusal of the run
}

// Firer queues scheduled runs the way a manual run is queued (the execution engine). The
// firings due together come in one call, so it can store them in one transaction; results[i]
// is firings[i]'s.
type Firer interface {
	Fire(ctx context.Context, firings []Firing) (results []Fired)
}

// Defaults of Options.
const (
	// DefaultMisfireGrace is how late a fire time may be handled and still count as on time. A
	// later one was missed: its trigger's missed-run policy decides.
	DefaultMisfireGrace = time.Minute
	// DefaultMaxSleep bounds one wait of the timer. Timers count monotonic time, which stops
	// while the machine sleeps, so a long wait would wake far past its fire time; waking at
	// least this often notices a resumed machine quickly.
	DefaultMaxSleep = 15 * time.Second
	// DefaultJumpThreshold is how far the wall clock may run ahead of monotonic time between
	// two wake-ups before it counts as a sleep (or a clock set forward).
	DefaultJumpThreshold = 5 * time.Second
)

// Options are the scheduler's collaborators and tunables.
type Options struct {
	Store         Store
	Jobs          Jobs
	Firer         Firer
	Clock         Clock        // nil: the real clock
	Log           *slog.Logger // nil: discard
	Go            func(func()) // panic-safe goroutine starter; nil: go
	OnChange      func()       // called after plans changed (the UI refetches); may be nil
	MisfireGrace  time.Duration
	MaxSleep      time.Duration
	JumpThreshold time.Duration
}

// Scheduler fires scheduled triggers from one timer.
type Scheduler struct {
	o   Options
	log *slog.Logger

	mu      sync.Mutex
	entries map[string]*entry
	started bool

	reload  chan struct{}
	done    chan struct{}
	stopped chan struct{}

	// Readings at the last wake-up: their drift apart reveals a sleep.
	lastWall time.Time
	lastMono time.Duration
	starting bool // the first pass after Start: past fire times were missed while Agented was closed
}

type entry struct {
	job   Job
	sched *Schedule
	plan  Plan
}

// New returns a stopped scheduler; call Start.
func New(o Options) *Scheduler {
	if o.Clock == nil {
		o.Clock = NewRealClock()
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Go == nil {
		o.Go = func(f func()) { go f() }
	}
	if o.MisfireGrace <= 0 {
		o.MisfireGrace = DefaultMisfireGrace
	}
	if o.MaxSleep <= 0 {
		o.MaxSleep = DefaultMaxSleep
	}
	if o.JumpThreshold <= 0 {
		o.JumpThreshold = DefaultJumpThreshold
	}
	return &Scheduler{o: o, log: o.Log.With("component", "schedule"), entries: map[string]*entry{},
		reload: make(chan struct{}, 1), done: make(chan struct{}), stopped: make(chan struct{})}
}

// Start loads the stored plans, re-plans every scheduled trigger against them and starts the
// timer loop. Fire times that passed while Agented was closed are handled by the first pass,
// under each trigger's missed-run policy.
func (s *Scheduler) Start(ctx context.Context) error {
	plans, err := s.o.Store.Plans(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	for _, p := range plans {
		s.entries[p.TriggerID] = &entry{plan: p}
	}
	s.started, s.starting = true, true
	s.lastWall, s.lastMono = s.o.Clock.Now(), s.o.Clock.Mono()
	s.mu.Unlock()
	if err := s.replan(ctx); err != nil {
		return err
	}
	s.o.Go(s.loop)
	return nil
}

// Reload re-reads the scheduled triggers and re-plans the ones whose schedule changed; call it
// whenever triggers change. It returns at once.
func (s *Scheduler) Reload() {
	select {
	case s.reload <- struct{}{}:
	default:
	}
}

// Stop ends the loop and waits for it (a firing in progress completes first) or for ctx.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	if !s.started {
		s.mu.Unlock()
		return nil
	}
	s.started = false
	s.mu.Unlock()
	close(s.done)
	select {
	case <-s.stopped:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("scheduler still firing at shutdown: %w", ctx.Err())
	}
}

func (s *Scheduler) loop() {
	defer close(s.stopped)
	ctx := context.Background()
	for {
		// No timer at all when a fire time is already due: a timer is made only to sleep.
		var wake <-chan time.Time
		var timer Timer
		if d := s.sleep(); d > 0 {
			timer = s.o.Clock.NewTimer(d)
			wake = timer.C()
		} else {
			closed := make(chan time.Time)
			close(closed)
			wake = closed
		}
		select {
		case <-s.done:
			if timer != nil {
				timer.Stop()
			}
			return
		case <-s.reload:
			if timer != nil {
				timer.Stop()
			}
			if err := s.replan(ctx); err != nil {
				s.log.Error("re-plan schedules", "err", err)
			}
		case <-wake:
		}
		s.tick(ctx)
	}
}

// idleSleep is the wait when nothing is planned: a change of trigger wakes the loop anyway, so
// an Agented without schedules wakes only once a day.
const idleSleep = 24 * time.Hour

// sleep is the wait until the earliest fire time, at most MaxSleep (idleSleep when no trigger
// has a next fire time).
func (s *Scheduler) sleep() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.o.Clock.Now()
	d, planned := s.o.MaxSleep, false
	for _, e := range s.entries {
		if e.sched != nil && !e.plan.NextAt.IsZero() {
			d, planned = min(d, e.plan.NextAt.Sub(now)), true
		}
	}
	if !planned {
		return max(idleSleep, s.o.MaxSleep)
	}
	return max(d, 0)
}

// replan brings the entries in line with the scheduled triggers: new or changed schedules get a
// fresh plan from now, unchanged ones keep theirs (a past fire time stays due, so the next pass
// applies the missed-run policy), and the plans of triggers no longer scheduled are dropped.
func (s *Scheduler) replan(ctx context.Context) error {
	jobs, err := s.o.Jobs.ScheduledJobs(ctx)
	if err != nil {
		return fmt.Errorf("list scheduled triggers: %w", err)
	}
	now := s.o.Clock.Now()
	seen := map[string]bool{}
	changed := false
	for _, job := range jobs {
		sched, err := Parse(job.Spec)
		if err != nil {
			s.log.Warn("trigger has an invalid schedule; it will not fire", "trigger_id", job.TriggerID, "err", err)
			continue
		}
		seen[job.TriggerID] = true
		key := job.Spec.Key()
		s.mu.Lock()
		e := s.entries[job.TriggerID]
		if e != nil && e.plan.SpecKey == key {
			e.job, e.sched = job, sched
			s.mu.Unlock()
			continue
		}
		p := Plan{TriggerID: job.TriggerID, SpecKey: key, NextAt: sched.Next(now)}
		s.entries[job.TriggerID] = &entry{job: job, sched: sched, plan: p}
		s.mu.Unlock()
		if err := s.o.Store.Save(ctx, p); err != nil {
			return err
		}
		changed = true
		s.log.Info("schedule planned", "trigger_id", job.TriggerID, "next", stamp(p.NextAt), "schedule", sched.Describe())
	}
	s.mu.Lock()
	var gone []string
	for id := range s.entries {
		if !seen[id] {
			gone = append(gone, id)
			delete(s.entries, id)
		}
	}
	s.mu.Unlock()
	for _, id := range gone {
		if err := s.o.Store.Delete(ctx, id); err != nil {
			return err
		}
		changed = true
		s.log.Info("schedule removed", "trigger_id", id)
	}
	if changed && s.o.OnChange != nil {
		s.o.OnChange()
	}
	return nil
}

// due is one fire time to handle in a pass.
type due struct {
	e      *entry
	at     time.Time
	missed bool
}

// tick handles every fire time that has come: on time ones fire, missed ones follow their
// trigger's policy. Each trigger gets at most one run per pass, and its next fire time is always
// after now, so however long Agented was away, nothing bursts.
func (s *Scheduler) tick(ctx context.Context) {
	now, mono := s.o.Clock.Now(), s.o.Clock.Mono()
	s.mu.Lock()
	jumped := now.Sub(s.lastWall)-(mono-s.lastMono) > s.o.JumpThreshold
	starting := s.starting
	s.lastWall, s.lastMono, s.starting = now, mono, false
	var list []due
	for _, e := range s.entries {
		if e.sched == nil || e.plan.NextAt.IsZero() || e.plan.NextAt.After(now) {
			continue
		}
		list = append(list, due{e: e, at: e.plan.NextAt, missed: now.Sub(e.plan.NextAt) > s.o.MisfireGrace})
	}
	s.mu.Unlock()
	if len(list) == 0 {
		return
	}
	reason := "Agented was busy"
	switch {
	case starting:
		reason = "Agented was not running"
	case jumped:
		reason = "the computer was asleep"
	}
	if jumped {
		s.log.Warn("wall clock jumped ahead of monotonic time (sleep or clock change)", "due", len(list))
	}
	sort.Slice(list, func(i, j int) bool { return list[i].at.Before(list[j].at) })
	s.fireAll(ctx, list, now, reason)
	if s.o.OnChange != nil {
		s.o.OnChange()
	}
}

// fireAll handles one pass's due fire times: missed ones under skip are recorded at once, the
// rest are fired together.
func (s *Scheduler) fireAll(ctx context.Context, list []due, now time.Time, reason string) {
	var firings []Firing
	var plans []Plan
	var owners []due
	for _, d := range list {
		s.mu.Lock()
		job, sched, plan := d.e.job, d.e.sched, d.e.plan
		s.mu.Unlock()
		next := plan
		next.NextAt, next.LastPlannedAt = sched.Next(now), d.at
		if d.missed && job.MissedRunPolicy != MissedRunOnce {
			next.LastOutcome = OutcomeMissed
			next.LastDetail = fmt.Sprintf("Missed %s because %s; skipped (missed-run policy skip)", d.at.Format("2006-01-02 15:04 MST"), reason)
			s.log.Info("missed fire time skipped", "trigger_id", job.TriggerID, "planned", stamp(d.at), "reason", reason)
			s.save(ctx, d.e, next)
			continue
		}
		next.LastOutcome, next.LastDetail = OutcomeFired, ""
		f := Firing{TriggerID: job.TriggerID, Name: job.Name, PlannedAt: d.at}
		if d.missed {
			next.LastOutcome = OutcomeCaughtUp
			next.LastDetail = fmt.Sprintf("Missed %s because %s; ran once on %s", d.at.Format("2006-01-02 15:04 MST"), reason,
				now.In(d.at.Location()).Format("2006-01-02 15:04"))
			f.CatchUp, f.Reason = true, reason
		}
		f.Claim = s.o.Store.Claim(d.at, next)
		firings, plans, owners = append(firings, f), append(plans, next), append(owners, d)
	}
	if len(firings) == 0 {
		return
	}
	for i, r := range s.o.Firer.Fire(ctx, firings) {
		d, next, f := owners[i], plans[i], firings[i]
		log := s.log.With("trigger_id", f.TriggerID, "planned", stamp(d.at))
		switch {
		case r.Err == nil:
			log.Info("scheduled run queued", "execution_id", r.ExecutionID, "catch_up", f.CatchUp)
			s.keep(d.e, next)
		case errors.Is(r.Err, ErrClaimed):
			// Another process sharing the store fired it and moved the plan as this one would have.
			log.Info("fire time already claimed", "err", r.Err)
			s.keep(d.e, next)
		default:
			next.LastOutcome, next.LastDetail = OutcomeSkipped, "Not run: "+r.Err.Error()
			log.Warn("scheduled run not queued", "err", r.Err)
			s.save(ctx, d.e, next)
		}
	}
}

// keep sets an entry's plan in memory, unless the entry was replaced meanwhile.
func (s *Scheduler) keep(e *entry, p Plan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entries[p.TriggerID] == e {
		e.plan = p
	}
}

// save stores a plan and, unless the entry was replaced meanwhile, keeps it in memory. A plan
// that cannot be stored still moves on in memory: firing the same time again would be worse.
func (s *Scheduler) save(ctx context.Context, e *entry, p Plan) {
	if err := s.o.Store.Save(ctx, p); err != nil {
		s.log.Error("save plan", "trigger_id", p.TriggerID, "err", err)
	}
	s.keep(e, p)
}

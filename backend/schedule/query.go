package schedule

import (
	"sort"
	"time"
)

// State is what a trigger's detail says about its schedule.
type State struct {
	TriggerID     string   `json:"triggerId"`
	Sentence      string   `json:"sentence"`      // "Every Monday at 09:00, Europe/Berlin"
	NextFireTimes []string `json:"nextFireTimes"` // up to PreviewCount, RFC 3339; empty when it will not fire again
	LastPlannedAt string   `json:"lastPlannedAt"` // the fire time handled last
	LastOutcome   string   `json:"lastOutcome"`   // fired | caught-up | missed | skipped
	LastDetail    string   `json:"lastDetail"`
	// Note says why there is no next fire time, e.g. for a once trigger that has run.
	Note string `json:"note"`
}

// Upcoming is one coming fire time, for the Dashboard.
type Upcoming struct {
	TriggerID   string `json:"triggerId"`
	TriggerName string `json:"triggerName"`
	FireAt      string `json:"fireAt"` // RFC 3339 in the schedule's zone
	Sentence    string `json:"sentence"`
}

// State returns a scheduled trigger's plan; false when the trigger is not scheduled (or not
// enabled), so it will not fire.
func (s *Scheduler) State(triggerID string) (State, bool) {
	s.mu.Lock()
	e := s.entries[triggerID]
	var plan Plan
	var sched *Schedule
	if e != nil {
		plan, sched = e.plan, e.sched
	}
	s.mu.Unlock()
	if sched == nil {
		return State{}, false
	}
	st := State{TriggerID: triggerID, Sentence: sched.Describe(), NextFireTimes: Format(upcomingOf(sched, plan, PreviewCount)),
		LastPlannedAt: stamp(plan.LastPlannedAt), LastOutcome: plan.LastOutcome, LastDetail: plan.LastDetail}
	if plan.NextAt.IsZero() {
		st.Note = "No next run"
		if sched.Spec().Type == TypeOnce {
			st.Note = "A once schedule fires a single time; it has no next run"
			if !plan.LastPlannedAt.IsZero() {
				st.Note = "Fired once (" + plan.LastPlannedAt.In(sched.Location()).Format("2006-01-02 15:04") + "); it has no next run"
			}
		}
	}
	return st, true
}

// NextFireTimes returns up to PreviewCount coming fire times of a trigger, RFC 3339; empty when
// it will not fire.
func (s *Scheduler) NextFireTimes(triggerID string) []string {
	st, ok := s.State(triggerID)
	if !ok {
		return []string{}
	}
	return st.NextFireTimes
}

// Upcoming returns the next limit fire times across every scheduled trigger, soonest first.
func (s *Scheduler) Upcoming(limit int) []Upcoming {
	if limit <= 0 {
		limit = 10
	}
	type fire struct {
		at time.Time
		e  *entry
	}
	var all []fire
	s.mu.Lock()
	for _, e := range s.entries {
		if e.sched == nil {
			continue
		}
		for _, at := range upcomingOf(e.sched, e.plan, limit) {
			all = append(all, fire{at: at, e: e})
		}
	}
	s.mu.Unlock()
	sort.Slice(all, func(i, j int) bool {
		if all[i].at.Equal(all[j].at) {
			return all[i].e.job.Name < all[j].e.job.Name
		}
		return all[i].at.Before(all[j].at)
	})
	out := []Upcoming{}
	for _, f := range all[:min(limit, len(all))] {
		out = append(out, Upcoming{TriggerID: f.e.job.TriggerID, TriggerName: f.e.job.Name,
			FireAt: f.at.Format(time.RFC3339), Sentence: f.e.sched.Describe()})
	}
	return out
}

// upcomingOf is the plan's next fire time and the ones after it.
func upcomingOf(sched *Schedule, plan Plan, n int) []time.Time {
	if plan.NextAt.IsZero() {
		return nil
	}
	first := plan.NextAt.In(sched.Location())
	return append([]time.Time{first}, sched.NextN(first, n-1)...)
}

// StateFor returns what a trigger's detail shows about a schedule: the stored plan when it is
// current, else the schedule computed from now (a trigger saved a moment ago, before the
// scheduler re-planned it). active is false for a disabled or unscheduled trigger, which has no
// fire times.
func (s *Scheduler) StateFor(triggerID string, spec Spec, active bool) State {
	st := State{TriggerID: triggerID, NextFireTimes: []string{}}
	sched, err := Parse(spec)
	if err != nil {
		st.Note = "The schedule is invalid: " + err.Error()
		return st
	}
	st.Sentence = sched.Describe()
	if !active {
		st.Note = "Disabled: it does not fire"
		return st
	}
	s.mu.Lock()
	e := s.entries[triggerID]
	current := e != nil && e.sched != nil && e.plan.SpecKey == spec.Key()
	s.mu.Unlock()
	if current {
		st, _ = s.State(triggerID)
		return st
	}
	st.NextFireTimes = Format(sched.NextN(s.o.Clock.Now(), PreviewCount))
	return st
}

// Preview describes a schedule that is not saved yet, with its next fire times from now.
func (s *Scheduler) Preview(spec Spec) Preview { return PreviewOf(spec, s.o.Clock.Now()) }

// Health is the scheduler's part of the readiness report.
type Health struct {
	Running bool `json:"running"`
	Plans   int  `json:"plans"` // scheduled triggers with a plan
	// Overdue counts fire times more than the misfire grace in the past while the scheduler runs:
	// the loop is stuck or the store refuses writes.
	Overdue    int    `json:"overdue"`
	NextFireAt string `json:"nextFireAt"` // the earliest planned fire time, RFC 3339; "" when none
}

// Health reports whether the loop runs and keeps up.
func (s *Scheduler) Health() Health {
	now := s.o.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	h := Health{Running: s.started}
	var next time.Time
	for _, e := range s.entries {
		if e.sched == nil {
			continue
		}
		h.Plans++
		at := e.plan.NextAt
		if at.IsZero() {
			continue
		}
		if now.Sub(at) > s.o.MisfireGrace {
			h.Overdue++
		}
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	h.NextFireAt = stamp(next)
	return h
}

package bindings

import (
	"context"
	"errors"

	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/trigger"
)

// SchedulesAPI shows when scheduled triggers fire: a schedule's sentence and next fire times
// (also before it is saved) and the coming runs of every trigger.
type SchedulesAPI struct {
	ctx      context.Context
	sched    *schedule.Scheduler
	triggers *trigger.Service
}

// NewSchedulesAPI returns the facade.
func NewSchedulesAPI(ctx context.Context, sched *schedule.Scheduler, triggers *trigger.Service) *SchedulesAPI {
	return &SchedulesAPI{ctx: ctx, sched: sched, triggers: triggers}
}

// Preview describes unsaved schedule fields: the sentence ("Every Monday at 09:00,
// Europe/Berlin"), the next five fire times, or the fields' errors.
func (a *SchedulesAPI) Preview(spec schedule.Spec) (schedule.Preview, error) {
	return a.sched.Preview(spec), nil
}

// State returns a trigger's schedule: sentence, next five fire times, last outcome, and a note
// when it will not fire again.
func (a *SchedulesAPI) State(triggerID string) (schedule.State, error) {
	t, err := a.triggers.Get(a.ctx, triggerID)
	if err != nil {
		return schedule.State{}, err
	}
	if t.TriggerSource != trigger.SourceScheduled {
		return schedule.State{}, schedule.ErrNotScheduled
	}
	return a.sched.StateFor(t.ID, t.ScheduleSpec(), t.Enabled), nil
}

// NextFireTimes returns a trigger's next five fire times (RFC 3339); empty when it will not fire.
func (a *SchedulesAPI) NextFireTimes(triggerID string) ([]string, error) {
	st, err := a.State(triggerID)
	if errors.Is(err, schedule.ErrNotScheduled) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	return st.NextFireTimes, nil
}

// Upcoming returns the next limit fire times across all triggers, soonest first (the Dashboard).
func (a *SchedulesAPI) Upcoming(limit int) ([]schedule.Upcoming, error) {
	return a.sched.Upcoming(min(max(limit, 1), 100)), nil
}

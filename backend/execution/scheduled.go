package execution

import (
	"context"
	"fmt"

	"github.com/agented/agented/backend/schedule"
)

var _ schedule.Firer = (*Engine)(nil)

// ScheduledMessage is the {message} of a scheduled run.
const ScheduledMessage = "Scheduled execution"

// Fire queues a scheduled run exactly as a manual run is queued (the trigger's snapshot, its
// concurrency policy, the global limit), with the schedule's claim in the same transaction.
func (e *Engine) Fire(ctx context.Context, f schedule.Firing) (string, error) {
	msg := ScheduledMessage
	if f.CatchUp {
		msg = fmt.Sprintf("%s (catch-up: the run planned for %s was missed because %s)", ScheduledMessage,
			f.PlannedAt.Format("2006-01-02 15:04 MST"), f.Reason)
	}
	ex, err := e.Submit(ctx, Request{TriggerID: f.TriggerID, Kind: KindScheduled, Message: msg, Claim: f.Claim})
	if err != nil {
		return "", err
	}
	return ex.ID, nil
}

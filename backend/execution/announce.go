package execution

import (
	"fmt"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/events"
)

// guardTitles are the notification titles of the runs a guard stopped.
var guardTitles = map[string]string{
	StopTimeout:  "Run timed out",
	StopStalled:  "Run stopped: stalled",
	StopMaxCost:  "Run stopped: cost limit reached",
	StopMaxTurns: "Run stopped: turn limit reached",
	StopBudget:   "Run stopped: budget used up",
}

// announceFailure raises a notification for a run that ended failed or that a guard stopped:
// guard_stop for a guard (timeout, stall, cost, turns, budget), run_failed otherwise. A storage
// failure has already raised its own notification while the run was being stopped.
func (e *Engine) announceFailure(ex Execution) {
	if title, ok := guardTitles[ex.StopReason]; ok {
		if ex.StopReason == StopBudget && ex.ExitCode == nil {
			title = "Run refused: budget used up"
		}
		events.Notify(e.d.Emitter, events.Notification{
			Kind: events.KindGuardStop, Level: events.LevelWarning, Title: title + ": " + ex.TriggerName,
			Message: ex.ErrorMessage, ExecutionID: ex.ID,
		})
		return
	}
	if ex.Status != StatusFailed || ex.FailureKind == agent.FailureStorage {
		return
	}
	msg := ex.ErrorMessage
	if msg == "" {
		msg = "The run failed"
	}
	if ex.FailureKind != "" && ex.FailureKind != agent.FailureCrashed {
		msg = fmt.Sprintf("%s (%s)", msg, ex.FailureKind)
	}
	events.Notify(e.d.Emitter, events.Notification{
		Kind:        events.KindRunFailed,
		Level:       events.LevelError,
		Title:       "Run failed: " + ex.TriggerName,
		Message:     msg,
		ExecutionID: ex.ID,
	})
}

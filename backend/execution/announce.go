package execution

import (
	"fmt"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/events"
)

// announceFailure raises a run_failed notification for a run that ended failed. A storage failure
// has already raised its own notification while the run was being stopped, so it gets no second.
func (e *Engine) announceFailure(ex Execution) {
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

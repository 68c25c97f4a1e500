package events

// Levels of a Notification.
const (
	LevelInfo    = "info"
	LevelWarning = "warning"
	LevelError   = "error"
)

// Kinds of a Notification. Each kind has its own on/off Setting for OS notifications, so a user
// can keep, say, budget warnings and silence failed runs.
const (
	KindRunFailed        = "run_failed"
	KindGuardStop        = "guard_stop"
	KindBudget           = "budget"
	KindTriggerPaused    = "trigger_paused"
	KindRetriesExhausted = "retries_exhausted"
	KindStorage          = "storage"
	// KindPRApproval: a pull request from an untrusted author waits for approval before it runs.
	KindPRApproval = "pr_approval"
)

// Notification is the payload of NotificationShow. It is meant for people: Title is short,
// Message says what happened and what Agented did about it. ExecutionID, when set, names the run
// it is about so the UI can link to it.
type Notification struct {
	Kind        string `json:"kind"`
	Level       string `json:"level"`
	Title       string `json:"title"`
	Message     string `json:"message"`
	ExecutionID string `json:"executionId,omitempty"`
}

// Notify emits a notification.
func Notify(em Emitter, n Notification) { em.Emit(NotificationShow, n) }

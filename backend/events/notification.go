package events

// Levels of a Notification.
const (
	LevelInfo    = "info"
	LevelWarning = "warning"
	LevelError   = "error"
)

// Notification is the payload of NotificationShow. It is meant for people: Title is short,
// Message says what happened and what Agented did about it. ExecutionID, when set, names the run
// it is about so the UI can link to it.
type Notification struct {
	Level       string `json:"level"`
	Title       string `json:"title"`
	Message     string `json:"message"`
	ExecutionID string `json:"executionId,omitempty"`
}

// Notify emits a notification.
func Notify(em Emitter, n Notification) { em.Emit(NotificationShow, n) }

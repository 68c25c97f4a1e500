// Package notify keeps what Agented told the user. It listens to every notification on the event
// bus (failed runs, guard stops, budget warnings, paused triggers, exhausted retries, storage
// failures), stores it for the bell in the app and the REST API, and, when the user wants that
// kind, raises an OS notification too. An OS notification that cannot be shown (no notification
// daemon, a headless server) is logged and skipped: the stored entry is what counts.
package notify

import "github.com/agented/agented/backend/events"

// Kinds lists every notification kind in display order; each has its own OS-notification switch.
var Kinds = []string{
	events.KindRunFailed, events.KindGuardStop, events.KindBudget,
	events.KindTriggerPaused, events.KindRetriesExhausted, events.KindStorage, events.KindPRApproval,
}

// Entry is one stored notification.
type Entry struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Level       string `json:"level"` // info | warning | error
	Title       string `json:"title"`
	Message     string `json:"message"`
	ExecutionID string `json:"executionId"` // "" when it is about no run
	CreatedAt   string `json:"createdAt"`
	Read        bool   `json:"read"`
}

// Page is the newest notifications and how many are unread in all.
type Page struct {
	Notifications []Entry `json:"notifications"`
	Unread        int     `json:"unread"`
}

// Changed is the payload of events.NotificationsChanged.
type Changed struct {
	Unread int `json:"unread"`
}

// Query selects notifications: the newest Limit (default 50, at most 200), only unread ones when
// UnreadOnly is set.
type Query struct {
	UnreadOnly bool `json:"unreadOnly"`
	Limit      int  `json:"limit"`
}

// Bounds of Query.Limit.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

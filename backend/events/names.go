package events

// Event names are `domain:verb[:id]`. Every name the backend emits is declared here and mirrored
// in frontend/src/constants/events.ts; names_test.go fails when the two lists drift apart, which
// is how a stray name (the kind that silently never reaches a listener) is caught.
const (
	// SettingsChanged carries the full settings.Settings after any update.
	SettingsChanged = "settings:changed"
	// SecretsChanged carries no payload: the UI refetches key status (never key values).
	SecretsChanged = "secrets:changed"
	// AgentCLIDetected carries []clidetect.Info after a detection pass.
	AgentCLIDetected = "agentcli:detected"
	// TriggersChanged says the trigger list changed; the UI refetches.
	TriggersChanged = "triggers:changed"
	// SchedulesChanged says fire times moved (a scheduled run fired, a schedule was re-planned);
	// the UI refetches next and upcoming runs.
	SchedulesChanged = "schedules:changed"
	// BusMissed tells a subscriber how many events it lost because it fell behind.
	BusMissed = "bus:missed"
	// ExecutionStatus carries a status change of any execution.
	ExecutionStatus = "execution:status"
	// ExecutionLogPrefix + execution id carries batched log lines with sequence numbers.
	ExecutionLogPrefix = "execution:log:"
	// WebhookDelivery carries the list row (webhook.Delivery without headers or payload) of a
	// delivery that was just recorded.
	WebhookDelivery = "webhook:delivery"
	// NotificationShow carries a Notification: something the user must see now, wherever they
	// are in the app (the UI shows it as a toast).
	NotificationShow = "notification:show"
	// AccountsChanged says an account or a cooldown changed; the UI refetches the accounts.
	AccountsChanged = "accounts:changed"
	// NotificationsChanged carries notify.Changed (the unread count) after a notification was
	// stored or marked read: the bell refetches its list.
	NotificationsChanged = "notifications:changed"
	// PlanningChangedPrefix + project id carries planning.Changed after that project's planning
	// files changed (debounced); the board refetches.
	PlanningChangedPrefix = "planning:changed:"
	// PlanningCommandsChanged carries the planning.CommandSet just saved or reset: an open board
	// updates its command bar and its "Initialize planning" button.
	PlanningCommandsChanged = "planningcommands:changed"
	// PtyChanged carries a terminal.Session whose status changed: started, exited (with its exit
	// status) or closed (the UI drops its tab).
	PtyChanged = "pty:changed"
	// PtyOutputPrefix + session id carries a terminal.Output: a batch of what the terminal printed.
	PtyOutputPrefix = "pty:output:"
	// PullRequestsChanged says a pull request's row changed (seen, run status, comment, approval);
	// the UI refetches the Pull requests screen.
	PullRequestsChanged = "pullrequests:changed"
	// ProjectsChanged says a product or project changed (a clone's status too); the UI refetches.
	ProjectsChanged = "projects:changed"
	// AuditAdded carries the audit.Entry just recorded: an open Audit screen shows it at once.
	AuditAdded = "audit:added"
	// CloneProgressPrefix + project id carries project.CloneProgress while a clone or sync runs.
	CloneProgressPrefix = "clone:progress:"
)

// CloneProgress returns the progress event name of one project's clone.
func CloneProgress(projectID string) string { return CloneProgressPrefix + projectID }

// ExecutionLog returns the log event name of one execution.
func ExecutionLog(executionID string) string { return ExecutionLogPrefix + executionID }

// PlanningChanged returns the event name of one project's planning files changing.
func PlanningChanged(projectID string) string { return PlanningChangedPrefix + projectID }

// PtyOutput returns the output event name of one terminal session.
func PtyOutput(sessionID string) string { return PtyOutputPrefix + sessionID }

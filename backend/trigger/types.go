// Package trigger holds the bots: what to run (prompt template, backend, model, permissions),
// where (linked directories), what starts it (manual, schedule, webhook, GitHub) and how a new
// firing behaves while one is running.
package trigger

// Sources of a trigger.
const (
	SourceManual    = "manual"
	SourceScheduled = "scheduled"
	SourceWebhook   = "webhook"
	SourceGitHub    = "github"
)

// Concurrency policies: what a firing does while a run of the same trigger is active.
const (
	PolicyQueue    = "queue"    // wait for the running one (default)
	PolicySkip     = "skip"     // drop this firing
	PolicyParallel = "parallel" // run alongside
	PolicyReplace  = "replace"  // cancel the running one, then run this one
)

// Policies lists the concurrency policies.
var Policies = []string{PolicyQueue, PolicySkip, PolicyParallel, PolicyReplace}

// Trigger is a bot definition. Secrets (the webhook secret) are never part of it: HasWebhookSecret
// only says whether one is stored in the keyring.
type Trigger struct {
	ID                string `json:"id"`
	Name              string `json:"name"`
	Description       string `json:"description"`
	PromptTemplate    string `json:"promptTemplate"`
	SkillCommand      string `json:"skillCommand"` // prefixed to the rendered prompt
	BackendType       string `json:"backendType"`  // claude | codex | gemini | opencode
	Model             string `json:"model"`
	AllowedTools      string `json:"allowedTools"`      // claude: comma list
	PermissionProfile string `json:"permissionProfile"` // read-only | edits | full-auto
	MaxTurns          int    `json:"maxTurns"`          // claude: 0 = unlimited
	TriggerSource     string `json:"triggerSource"`     // manual | scheduled | webhook | github
	MatchFieldPath    string `json:"matchFieldPath"`
	MatchFieldValue   string `json:"matchFieldValue"`
	TextFieldPath     string `json:"textFieldPath"`
	DetectionKeyword  string `json:"detectionKeyword"`
	GitHubRepoFilter  string `json:"githubRepoFilter"` // owner/repo, glob allowed
	GitHubEvents      string `json:"githubEvents"`     // e.g. "pull_request:opened,synchronize,reopened"
	// GitHubReport says whether a finished review is written back to the pull request as one
	// sticky comment; GitHubMode whether pull requests arrive by webhook or by polling every
	// GitHubPollSeconds. Safe mode holds a PR from a fork or from an author who is not an owner,
	// member or collaborator (nor on GitHubAllowAuthors) for approval, unless
	// GitHubTrustAllAuthors turns it off.
	GitHubReport          string   `json:"githubReport"`      // none | comment
	GitHubMode            string   `json:"githubMode"`        // webhook | poll
	GitHubPollSeconds     int      `json:"githubPollSeconds"` // 10..86400, default 60
	GitHubAllowAuthors    []string `json:"githubAllowAuthors"`
	GitHubTrustAllAuthors bool     `json:"githubTrustAllAuthors"`
	ScheduleType          string   `json:"scheduleType"`     // daily | weekly | monthly | cron | once
	ScheduleTime          string   `json:"scheduleTime"`     // HH:MM
	ScheduleDay           int      `json:"scheduleDay"`      // weekly 0-6 (Mon=0), monthly 1-28
	ScheduleTimezone      string   `json:"scheduleTimezone"` // IANA
	ScheduleCron          string   `json:"scheduleCron"`
	ScheduleAt            string   `json:"scheduleAt"`          // once: RFC 3339
	MissedRunPolicy       string   `json:"missedRunPolicy"`     // skip | run-once
	TimeoutSeconds        int      `json:"timeoutSeconds"`      // 60..3600, default 600
	GraceSeconds          int      `json:"sigtermGraceSeconds"` // 1..300, default 10
	ConcurrencyPolicy     string   `json:"concurrencyPolicy"`   // queue | skip | parallel | replace
	// AccountID is the account of BackendType a run uses ("" = the backend's default account);
	// FallbackChain is tried in order when it hits a rate limit or an exhausted quota.
	AccountID     string       `json:"accountId"`
	FallbackChain []ChainEntry `json:"fallbackChain"`
	// StallMinutes: a run that prints nothing for this long while its processes gain no CPU time
	// is stalled (0 = never); StallAction says whether Agented then warns or stops it.
	StallMinutes int    `json:"stallMinutes"`
	StallAction  string `json:"stallAction"` // warn | cancel
	// MaxCostUSD stops a run whose cost (reported, or estimated from its tokens) reaches it
	// (0 = no limit). MaxTurns is enforced the same way for every backend.
	MaxCostUSD float64 `json:"maxCostUsd"`
	// Isolation says where a run works: in the linked directory itself (none), or in its own git
	// worktree on branch agented/<run id> made from that directory's repository (worktree).
	Isolation        string `json:"isolation"`
	Enabled          bool   `json:"enabled"`
	IsPredefined     bool   `json:"isPredefined"`
	HasWebhookSecret bool   `json:"hasWebhookSecret"`
	// Paused is set when the trigger paused itself after failing too often in a row (read-only:
	// resumed with Resume). A paused trigger does not fire from its schedule, webhook or GitHub;
	// a manual run still works, so a fix can be tried before resuming.
	Paused       bool         `json:"paused"`
	PausedReason string       `json:"pausedReason"`
	PausedAt     string       `json:"pausedAt"`
	Paths        []LinkedPath `json:"paths"`
	// ProjectIDs are the projects the trigger works in, in order: a run works in the first one's
	// working copy and is granted the others' (and Paths) too. Update with nil keeps the stored
	// links; an empty list removes them.
	ProjectIDs []string `json:"projectIds"`
	CreatedAt  string   `json:"createdAt"`
	UpdatedAt  string   `json:"updatedAt"`
}

// LinkedPath is a local directory a trigger may work in. The first one is the run's working
// directory unless the trigger links a project (whose working copy comes first); all are passed
// with the CLI's own flag.
type LinkedPath struct {
	ID        int64  `json:"id"`
	Path      string `json:"path"` // absolute, symlinks resolved when linked
	ProjectID string `json:"projectId"`
	Position  int    `json:"position"`
	Missing   bool   `json:"missing"` // the directory no longer exists
}

// Summary is a list row: the trigger plus its latest run.
type Summary struct {
	Trigger
	LastExecutionID     string `json:"lastExecutionId"`
	LastStatus          string `json:"lastStatus"` // "" when it never ran
	LastStartedAt       string `json:"lastStartedAt"`
	LastFinishedAt      string `json:"lastFinishedAt"`
	NextRunAt           string `json:"nextRunAt"` // the scheduler's next fire time, RFC 3339; "" when none
	RunningCount        int    `json:"runningCount"`
	QueuedCount         int    `json:"queuedCount"`
	MissingPathsWarning string `json:"missingPathsWarning"`
}

// TemplateVersion is one entry of a trigger's prompt history (newest first).
type TemplateVersion struct {
	ID        int64  `json:"id"`
	TriggerID string `json:"triggerId"`
	Template  string `json:"template"` // the template as it was saved at ChangedAt
	ChangedAt string `json:"changedAt"`
}

// Sample values for a prompt preview; empty fields get readable defaults.
type Sample struct {
	Message      string `json:"message"`
	Paths        string `json:"paths"`
	PRURL        string `json:"prUrl"`
	PRNumber     string `json:"prNumber"`
	PRTitle      string `json:"prTitle"`
	PRAuthor     string `json:"prAuthor"`
	RepoURL      string `json:"repoUrl"`
	RepoFullName string `json:"repoFullName"`
}

// Preview is a rendered prompt and the placeholders it did not recognise.
type Preview struct {
	Rendered            string   `json:"rendered"`
	UnknownPlaceholders []string `json:"unknownPlaceholders"`
}

// Placeholder documents one placeholder for the editor's autocomplete.
type Placeholder struct {
	Name        string `json:"name"`        // without braces
	Description string `json:"description"` // shown in the editor
	Sources     string `json:"sources"`     // where it is filled: "all" | "github" | ...
}

// Package pullrequest reviews GitHub pull requests with GitHub triggers: it records every pull
// request a trigger saw with one history row per head SHA, runs each head SHA once whether a
// webhook or the poller saw it first, holds pull requests from untrusted authors until someone
// approves them (and then runs them with the read-only permission profile), follows each run to
// its end, and writes the review back to the pull request as one sticky comment.
package pullrequest

// Statuses of a pull request: the state of the run of its current head SHA.
const (
	StatusWaiting  = "waiting approval" // safe mode holds it until approved or rejected
	StatusQueued   = "queued"
	StatusRunning  = "running"
	StatusReviewed = "reviewed" // the run succeeded
	StatusFailed   = "failed"   // the run failed, timed out, was cancelled or interrupted
	StatusSkipped  = "skipped"  // rejected, or the trigger refused the run
)

// Statuses lists every status, for filters.
var Statuses = []string{StatusWaiting, StatusQueued, StatusRunning, StatusReviewed, StatusFailed, StatusSkipped}

// Where a head SHA was first seen.
const (
	SourceWebhook = "webhook"
	SourcePoll    = "poll"
)

// Summary is a pull request as the REST list returns it.
type Summary struct {
	ID           string   `json:"id"`
	TriggerID    string   `json:"triggerId"`
	Repo         string   `json:"repo"`
	Number       int      `json:"number"`
	Title        string   `json:"title"`
	Author       string   `json:"author"`
	HeadSHA      string   `json:"headSha"`
	Status       string   `json:"status"`
	ExecutionIDs []string `json:"executionIds"` // newest first, one per head SHA that ran
	CommentURL   string   `json:"commentUrl"`
}

// Page is one page of the REST list.
type Page struct {
	PullRequests []Summary `json:"pullRequests"`
	Total        int       `json:"total"`
}

// PullRequest is a pull request with everything the screen shows.
type PullRequest struct {
	ID                string    `json:"id"`
	TriggerID         string    `json:"triggerId"`
	TriggerName       string    `json:"triggerName"`
	Repo              string    `json:"repo"`
	Number            int       `json:"number"`
	Title             string    `json:"title"`
	Author            string    `json:"author"`
	AuthorAssociation string    `json:"authorAssociation"`
	HTMLURL           string    `json:"htmlUrl"`
	HeadSHA           string    `json:"headSha"`
	HeadRef           string    `json:"headRef"`
	BaseRef           string    `json:"baseRef"`
	Fork              bool      `json:"fork"`
	Status            string    `json:"status"`
	ExecutionIDs      []string  `json:"executionIds"`
	CommentURL        string    `json:"commentUrl"`
	LastError         string    `json:"lastError"` // the last GitHub or run error, with its reason
	DecidedBy         string    `json:"decidedBy"` // who approved or rejected it
	DecisionReason    string    `json:"decisionReason"`
	DecidedAt         string    `json:"decidedAt"`
	CreatedAt         string    `json:"createdAt"`
	UpdatedAt         string    `json:"updatedAt"`
	History           []HeadRun `json:"history"` // newest first
}

// HeadRun is one head SHA of a pull request and its run.
type HeadRun struct {
	HeadSHA     string `json:"headSha"`
	ExecutionID string `json:"executionId"` // "" while it waits for approval or when skipped
	Status      string `json:"status"`
	Source      string `json:"source"`   // webhook | poll
	ReadOnly    bool   `json:"readOnly"` // approved from safe mode: ran with the read-only profile
	CreatedAt   string `json:"createdAt"`
}

// Summary is p as the REST list returns it.
func (p PullRequest) Summary() Summary {
	return Summary{ID: p.ID, TriggerID: p.TriggerID, Repo: p.Repo, Number: p.Number, Title: p.Title, Author: p.Author,
		HeadSHA: p.HeadSHA, Status: p.Status, ExecutionIDs: p.ExecutionIDs, CommentURL: p.CommentURL}
}

// Filter selects pull requests, newest first.
type Filter struct {
	Repo      string `json:"repo"`
	Status    string `json:"status"`
	TriggerID string `json:"triggerId"`
	Limit     int    `json:"limit"` // default 50, at most 500
	Offset    int    `json:"offset"`
}

// List is one page of the screen's list.
type List struct {
	PullRequests []PullRequest `json:"pullRequests"`
	Total        int           `json:"total"`
}

// Limits of a list page.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// GitHubSettings is Settings → GitHub: where the API is and whether a token is set. The token
// itself is never returned.
type GitHubSettings struct {
	APIURL        string `json:"apiUrl"`        // the stored setting; "" means the default
	EffectiveURL  string `json:"effectiveUrl"`  // what is called: AGENTED_GITHUB_API_URL, the setting or the default
	APIURLFromEnv bool   `json:"apiUrlFromEnv"` // AGENTED_GITHUB_API_URL overrides the setting
	TokenSet      bool   `json:"tokenSet"`
	TokenFromEnv  bool   `json:"tokenFromEnv"` // GITHUB_TOKEN overrides the keyring
	TokenEnvVar   string `json:"tokenEnvVar"`
}

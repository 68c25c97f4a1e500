// Package execution runs triggers: it renders the prompt, starts the CLI in its own process group
// with stdin closed, streams and stores every output line, enforces timeouts, cancellation and the
// concurrency limit with a persistent queue, and records the outcome.
package execution

import (
	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/gitstate"
	"github.com/agented/agented/backend/worktree"
)

// Statuses of an execution.
const (
	StatusQueued      = "queued"
	StatusRunning     = "running"
	StatusSuccess     = "success"
	StatusFailed      = "failed"
	StatusTimeout     = "timeout"
	StatusCancelled   = "cancelled"
	StatusInterrupted = "interrupted"
)

// How a run was started.
const (
	KindManual    = "manual"
	KindScheduled = "scheduled"
	KindWebhook   = "webhook"
	KindGitHub    = "github"
	KindRerun     = "rerun"
)

// Streams of a line.
const (
	StreamStdout = "stdout"
	StreamStderr = "stderr"
	StreamSystem = "system" // lines Agented adds: start, exit, timeout, truncation marker
)

// Execution is one run of a trigger.
type Execution struct {
	ID          string `json:"id"`
	TriggerID   string `json:"triggerId"`
	TriggerName string `json:"triggerName"`
	Kind        string `json:"kind"` // manual | scheduled | webhook | github | rerun
	BackendType string `json:"backendType"`
	Status      string `json:"status"`
	Prompt      string `json:"prompt"`  // the first SummaryBytes only when PromptTruncated
	Message     string `json:"message"` // the first SummaryBytes only when MessageTruncated
	// PromptBytes and MessageBytes are the full sizes in bytes. A list, the dashboard and status
	// events carry summaries (see Execution.Summary); the detail (Get) carries all of both.
	PromptBytes      int64       `json:"promptBytes"`
	PromptTruncated  bool        `json:"promptTruncated"`
	MessageBytes     int64       `json:"messageBytes"`
	MessageTruncated bool        `json:"messageTruncated"`
	Argv             []string    `json:"argv"` // secrets redacted; the prompt as agent.PromptPlaceholder
	WorkingDir       string      `json:"workingDir"`
	ExitCode         *int        `json:"exitCode"`
	QueuedAt         string      `json:"queuedAt"`
	StartedAt        string      `json:"startedAt"`
	FinishedAt       string      `json:"finishedAt"`
	DurationMs       int64       `json:"durationMs"`
	ErrorMessage     string      `json:"errorMessage"`
	FailureKind      string      `json:"failureKind"`
	FailureEvidence  string      `json:"failureEvidence"`
	ResetAt          string      `json:"resetAt"`
	Usage            agent.Usage `json:"usage"`
	LineCount        int64       `json:"lineCount"`
	StoredBytes      int64       `json:"storedBytes"`
	Truncated        bool        `json:"truncated"`
	Warnings         []string    `json:"warnings"`
	RerunOf          string      `json:"rerunOf"`
	// PlanProjectID and PlanID tag a run started from a plan of a project's planning board
	// (PlanID is the PLAN file's path inside .planning); both "" for any other run.
	PlanProjectID string `json:"planProjectId"`
	PlanID        string `json:"planId"`
	// StopReason says why Agented stopped the run or refused to start it (see the Stop*
	// constants); "" when it ended by itself.
	StopReason string `json:"stopReason"`
	// StalledAt is when a running run began to look stalled (no output, idle processes) under a
	// trigger whose stall action is warn; "" when it does not.
	StalledAt string `json:"stalledAt"`
	// The account of the attempt that ran last ("" = none: the global provider keys), and
	// whether it billed an API key or a subscription login.
	AccountID   string `json:"accountId"`
	AccountName string `json:"accountName"`
	Billing     string `json:"billing"`
	// WaitUntil is set while a queued run waits for an account's limit to reset (RFC 3339 UTC);
	// WaitReason says which accounts it waits for.
	WaitUntil  string `json:"waitUntil"`
	WaitReason string `json:"waitReason"`
	// Attempts are the CLI processes of this run in order; filled by Get only.
	Attempts []Attempt `json:"attempts,omitempty"`
	GitRecord
}

// GitRecord is what a run did in git: where it worked (its own worktree when the trigger isolates
// runs), the state of its directory before its first attempt and after its last, and what it
// changed against the commit its worktree was made from. Filled by Get only; a list leaves it
// empty.
type GitRecord struct {
	Isolation    string `json:"isolation"` // none | worktree; "" = recorded nothing (a run from before)
	RepoDir      string `json:"repoDir"`   // top of the repository the worktree was made from
	WorktreePath string `json:"worktreePath"`
	Branch       string `json:"branch"`     // agented/<run id>
	BaseCommit   string `json:"baseCommit"` // the commit the worktree was made from
	// GitBefore and GitAfter come from gitstate, the same fingerprint the router uses to decide
	// whether a rate-limited attempt changed anything.
	GitBefore *gitstate.State    `json:"gitBefore" jsonschema:"nullable"`
	GitAfter  *gitstate.State    `json:"gitAfter" jsonschema:"nullable"`
	DiffStat  *worktree.DiffStat `json:"diffStat" jsonschema:"nullable"`
	// WorktreeRemovedAt is set once the worktree is removed; the branch stays. SavedCommit or
	// SavedPatch says where its uncommitted changes went, SavedNote says it in words.
	WorktreeRemovedAt string `json:"worktreeRemovedAt"`
	SavedCommit       string `json:"savedCommit"`
	SavedPatch        string `json:"savedPatch"`
	SavedNote         string `json:"savedNote"`
}

// Diff is a run's changes against its base commit, for reading.
type Diff struct {
	ExecutionID string            `json:"executionId"`
	Branch      string            `json:"branch"`
	BaseCommit  string            `json:"baseCommit"`
	Stat        worktree.DiffStat `json:"stat"`
	Text        string            `json:"text"`      // unified diff
	Truncated   bool              `json:"truncated"` // Text was cut at worktree.MaxDiffBytes
}

// Attempt is one CLI process of a run: the first on the trigger's own backend and account, the
// next ones on its fallback chain after a rate limit or an exhausted quota, or the same session
// resumed after its account's reset.
type Attempt struct {
	Attempt      int    `json:"attempt"` // 1, 2, ...
	Entry        int    `json:"entry"`   // 0 = the trigger's own backend/account, n = fallbackChain[n-1]
	Backend      string `json:"backend"`
	AccountID    string `json:"accountId"`
	AccountName  string `json:"accountName"`
	Model        string `json:"model"`
	Billing      string `json:"billing"` // api_key | subscription
	Status       string `json:"status"`  // running | success | failed | timeout | cancelled | interrupted
	FailureKind  string `json:"failureKind"`
	Reason       string `json:"reason"`  // the line that proved the failure, or what the router decided
	ResetAt      string `json:"resetAt"` // when the account's limit resets (reported, else the default cooldown)
	SessionID    string `json:"sessionId"`
	ChangedFiles bool   `json:"changedFiles"` // the working directory changed during the attempt
	Resumed      bool   `json:"resumed"`      // it continued the previous attempt's session
	StartedAt    string `json:"startedAt"`
	FinishedAt   string `json:"finishedAt"`
	// Usage is what this attempt used and cost; the run's usage is the sum over its attempts.
	Usage agent.Usage `json:"usage"`
}

// Stop reasons of an execution.
const (
	StopTimeout   = "timeout"
	StopStalled   = "stalled"
	StopMaxCost   = "max_cost"
	StopMaxTurns  = "max_turns"
	StopBudget    = "budget"
	StopCancelled = "cancelled"
)

// Line is one output line. Seq starts at 1 and has no gaps within an execution, so a viewer can
// tell a missed line from a quiet CLI.
type Line struct {
	Seq    int64  `json:"seq"`
	Stream string `json:"stream"`
	TS     string `json:"ts"`
	Text   string `json:"text"`
}

// LogBatch is the payload of events.ExecutionLog(id): lines in sequence order.
type LogBatch struct {
	ExecutionID string `json:"executionId"`
	Lines       []Line `json:"lines"`
}

// ListFilter selects executions for the history screen.
type ListFilter struct {
	TriggerID string `json:"triggerId"`
	// ProjectID keeps the runs of a project: those of the triggers linked to it and those
	// started from its plans.
	ProjectID string `json:"projectId"`
	Status    string `json:"status"`
	Backend   string `json:"backend"`
	From      string `json:"from"`  // RFC 3339, inclusive
	To        string `json:"to"`    // RFC 3339, exclusive
	Query     string `json:"query"` // full-text search over log lines
	Limit     int    `json:"limit"` // default 50, max 500
	Offset    int    `json:"offset"`
}

// Page is one page of executions.
type Page struct {
	Executions []Execution `json:"executions"`
	Total      int         `json:"total"`
}

// LinesPage is a page of a run's log, by sequence number.
type LinesPage struct {
	Lines []Line `json:"lines"`
	Next  int64  `json:"next"` // pass as after= for the next page; 0 when at the end
	Total int64  `json:"total"`
}

// SearchHit is a matching line inside one execution's log.
type SearchHit struct {
	Seq  int64  `json:"seq"`
	Text string `json:"text"`
}

// Dashboard is the home screen's data.
type Dashboard struct {
	Running        []Execution `json:"running"`
	Queued         []Execution `json:"queued"`
	RecentFailures []Execution `json:"recentFailures"`
	TodayTotal     int         `json:"todayTotal"`
	TodaySuccess   int         `json:"todaySuccess"`
	TodayFailed    int         `json:"todayFailed"`
	TodayCostUSD   float64     `json:"todayCostUsd"`
}

// SearchResult is the matches of a query inside one run's log.
type SearchResult struct {
	Hits  []SearchHit `json:"hits"` // first Limit matches in sequence order
	Total int         `json:"total"`
}

// Package agent knows the four AI coding CLIs: how to call each one non-interactively (argv and
// environment), how to read its structured output (usage, failures, transcript) and how each one
// reports that it is not installed, not logged in, rate limited or out of quota.
package agent

// Backend names, as stored on triggers and executions.
const (
	Claude   = "claude"
	Codex    = "codex"
	Gemini   = "gemini"
	OpenCode = "opencode"
)

// Backends lists every supported backend in display order.
var Backends = []string{Claude, Codex, Gemini, OpenCode}

// Permission profiles a trigger can choose; each maps to the CLI's own flags.
const (
	ProfileReadOnly = "read-only" // review: read files, run nothing that writes
	ProfileEdits    = "edits"     // may edit files in the working directories
	ProfileFullAuto = "full-auto" // no approvals at all (claude refuses this as root)
)

// Spec is everything needed to build one CLI invocation.
type Spec struct {
	Backend      string
	Prompt       string
	Model        string   // "" = the CLI's default
	AllowedTools string   // claude only: comma list; "" = the profile's default
	MaxTurns     int      // claude only: 0 = no limit flag
	Dirs         []string // linked directories; Dirs[0] is the working directory
	Profile      string   // ProfileReadOnly | ProfileEdits | ProfileFullAuto ("" = read-only)
	IsRoot       bool     // the process runs as root (claude's skip-permissions check)
	// ResumeSession, when set, continues that session of the CLI instead of starting a new
	// one (see CanResume); the prompt is then what the session is told next.
	ResumeSession string
}

// Command is a built invocation: the argv (argv[0] is the CLI name, resolved to a path by the
// engine), the working directory, extra environment, and warnings for the user (e.g. a profile
// that cannot be honoured as root).
type Command struct {
	Argv     []string
	Dir      string
	Env      []string // KEY=VALUE added to the child environment (never secrets)
	Warnings []string
	// Stdin is the prompt when it is too long to be an argument (see PromptArgMax); the engine
	// then gives it to the CLI as its standard input. "" means stdin is /dev/null.
	Stdin string
	// PromptArg is the index of the Argv entry that holds the prompt, or -1 when the prompt is
	// on Stdin. The engine records a short placeholder there instead of a second copy.
	PromptArg int
}

// Failure kinds, stored on an execution.
const (
	FailureNone        = ""
	FailureCLINotFound = "cli_not_found"
	FailureAuth        = "auth"            // not logged in / bad key
	FailureRateLimited = "rate_limited"    // retry later (ResetAt when the CLI said)
	FailureQuota       = "quota"           // quota or usage limit exhausted
	FailureCrashed     = "crashed"         // killed by a signal or non-zero exit with no known cause
	FailureError       = "error"           // the CLI reported an error result
	FailureTimeout     = "timeout"         // our timeout
	FailureCancelled   = "cancelled"       // the user cancelled
	FailureInterrupted = "interrupted"     // Agented stopped mid-run
	FailureTruncated   = "output_capped"   // informational: output cap reached (run may still succeed)
	FailureTooLong     = "prompt_too_long" // the prompt or arguments exceed what the OS or CLI accepts
	FailureStorage     = "storage"         // Agented could not store the run's output and stopped it
	FailureMaxTurns    = "max_turns"       // the turn limit was reached (the CLI's own or Agented's guard)
	FailureStalled     = "stalled"         // no output and an idle process tree for the trigger's stall time
	FailureMaxCost     = "max_cost"        // the run's cost reached the trigger's maxCostUsd
	FailureBudget      = "budget"          // a hard budget was reached
)

// Usage is what a run cost and produced, as far as the CLI reports it. InputTokens counts every
// prompt token, cached or not, and CachedTokens the part read from a cache, for every backend
// (Anthropic and opencode report the parts separately; they are added up). CostUSD is reported
// by claude and opencode only; Model is empty when the CLI does not name it (codex, opencode).
// Turns is the CLI's own count: claude num_turns, codex turns, opencode steps, gemini model
// responses.
type Usage struct {
	InputTokens  int64   `json:"inputTokens"`
	OutputTokens int64   `json:"outputTokens"`
	CachedTokens int64   `json:"cachedTokens"`
	CostUSD      float64 `json:"costUsd"`
	// CostEstimated says CostUSD was computed by Agented from the tokens and its price table,
	// because the CLI reported no cost.
	CostEstimated bool   `json:"costEstimated"`
	Turns         int    `json:"turns"`
	SessionID     string `json:"sessionId"`
	Model         string `json:"model"`
	ResultText    string `json:"resultText"`
}

// Failure says why a run did not succeed, with the output line that proved it.
type Failure struct {
	Kind     string `json:"kind"`
	Evidence string `json:"evidence"`
	ResetAt  string `json:"resetAt"` // RFC 3339 UTC when the CLI said when a limit resets
}

// Outcome is what a Parser concluded after the last line.
type Outcome struct {
	Usage Usage
	// Success is the CLI's own terminal verdict (claude result.is_error, codex turn.completed,
	// gemini result.status, opencode absence of error events); nil when it printed none.
	Success *bool
	Failure *Failure // nil when nothing pointed at a failure
}

// Entry kinds of a transcript.
const (
	EntryText       = "text"        // assistant text
	EntryToolCall   = "tool_call"   // a tool the agent called, with its input
	EntryToolResult = "tool_result" // what the tool returned
	EntryError      = "error"       // an error the CLI reported
	EntrySystem     = "system"      // init, retries, rate-limit notices, final result summary
	EntryRaw        = "raw"         // a line that is not the CLI's JSON: kept as is
)

// Entry is one readable item of a run's transcript.
type Entry struct {
	Seq     int64  `json:"seq"` // the log line it came from
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	Tool    string `json:"tool"`    // tool name for calls/results
	Input   string `json:"input"`   // tool input, pretty JSON
	IsError bool   `json:"isError"` // for tool results and errors
}

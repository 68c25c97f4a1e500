package agent

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Text patterns shared by the CLIs' error messages. They are applied only to text the CLI
// itself reported as an error (a failed result, an error event, a known stderr line), never to
// the assistant's ordinary answer, which may well talk about rate limits.
var (
	quotaRe = regexp.MustCompile(`(?i)you(?:'|’)ve hit your|you(?:'|’)ve reached your|usage limit|exhausted your (?:daily )?quota|exceeded your current quota|quota exceeded|insufficient_quota|usage_limit_reached|out of (?:usage )?credits|credit balance is too low|FreeUsageLimitError|free limit reached|spend limit`)
	authRe  = regexp.MustCompile(`(?i)not logged in|please run /login|invalid api key|invalid x-api-key|incorrect api key|api key not valid|API_KEY_INVALID|authentication_error|authentication_failed|\b401\b|unauthorized|please set an auth method|invalid auth method|oauth token has (?:expired|been revoked)|ProviderAuthError`)
	rateRe  = regexp.MustCompile(`(?i)\b429\b|rate[ _-]?limit|too many requests|RESOURCE_EXHAUSTED|resource has been exhausted|overloaded|exhausted your capacity|capacity exceeded|at capacity`)

	// Lines a CLI prints when it rejects its own command line or environment.
	usageErrRe = regexp.MustCompile(`(?i)^error: unknown option|^error: unexpected argument|^error: invalid value|^unknown arguments?:|^not enough arguments following|^Error: When using --print|cannot be used with root/sudo privileges|^Not inside a trusted directory|^Error finding codex home|not running in a trusted directory|^opencode run \[message\.\.\]`)

	// Lines a shell or launcher prints when the program (or its interpreter) is missing.
	notFoundRe = regexp.MustCompile(`(?i)command not found|: not found$|^(?:/usr/bin/)?env: .*: No such file or directory|exec: .*: (?:executable file not found|no such file)`)
)

// classifyText returns the failure kind an error message points at, or "" when it names none.
// Quota comes first because quota messages often carry a 429 too.
func classifyText(s string) string {
	switch {
	case quotaRe.MatchString(s):
		return FailureQuota
	case authRe.MatchString(s):
		return FailureAuth
	case rateRe.MatchString(s):
		return FailureRateLimited
	}
	return ""
}

// specific kinds explain a failure; generic ones only say that it failed.
func specific(kind string) bool {
	switch kind {
	case FailureAuth, FailureRateLimited, FailureQuota, FailureCLINotFound:
		return true
	}
	return false
}

// limitKind says whether a kind is about a limit with a possible reset time.
func limitKind(kind string) bool { return kind == FailureRateLimited || kind == FailureQuota }

// base holds what every parser keeps: a few aggregates and evidence lines, never the output.
type base struct {
	now     func() time.Time
	usage   Usage
	success *bool

	verdict *Failure // from the CLI's terminal error or a fatal line
	hint    *Failure // from signals that matter only if the run does not succeed (retries...)

	lastStderr string
	lastStdout string // last stdout line that was not the CLI's JSON
	notFound   string
	usageErr   string

	noise    *regexp.Regexp        // stderr lines that explain nothing (banners, warnings)
	exitKind func(int) exitMeaning // backend meanings of exit codes
}

// exitMeaning is what a backend's exit code says on its own.
type exitMeaning struct {
	kind string
	note string
}

func (b *base) setSuccess(v bool) { b.success = &v }

// setVerdict records the failure the CLI reported. A specific kind replaces a generic one;
// otherwise the first stays, taking a reset time from a later report of the same kind.
func (b *base) setVerdict(f Failure) {
	b.verdict = merge(b.verdict, f)
}

// setHint records a softer signal (a retry on 429, a warning); the latest specific one wins.
func (b *base) setHint(f Failure) {
	if b.hint == nil || specific(f.Kind) || !specific(b.hint.Kind) {
		if b.hint != nil && f.ResetAt == "" && b.hint.Kind == f.Kind {
			f.ResetAt = b.hint.ResetAt
		}
		b.hint = &f
	}
}

func merge(cur *Failure, f Failure) *Failure {
	switch {
	case cur == nil, specific(f.Kind) && !specific(cur.Kind):
		return &f
	case cur.Kind == f.Kind && cur.ResetAt == "" && f.ResetAt != "":
		c := *cur
		c.ResetAt = f.ResetAt
		return &c
	}
	return cur
}

// raw records a line that is not the CLI's JSON.
func (b *base) raw(stream, text string) {
	text = strings.TrimSpace(stripANSI(cleanLine(text)))
	if text == "" {
		return
	}
	if b.notFound == "" && notFoundRe.MatchString(text) {
		b.notFound = evidence(text, "")
	}
	if b.usageErr == "" && usageErrRe.MatchString(text) {
		b.usageErr = evidence(text, "")
	}
	if stream == "stderr" {
		if b.noise == nil || !b.noise.MatchString(text) {
			b.lastStderr = evidence(text, "")
		}
		return
	}
	b.lastStdout = evidence(text, "")
}

// finish turns what was seen into the outcome. The order goes from the strongest proof (what
// the CLI said about its own failure) to the weakest (an exit code alone).
func (b *base) finish(exitCode int) Outcome {
	out := Outcome{Usage: b.usage, Success: b.success}
	out.Failure = b.failure(exitCode)
	return out
}

func (b *base) failure(exitCode int) *Failure {
	if b.verdict != nil {
		return b.verdict
	}
	if b.success != nil && *b.success {
		return nil
	}
	if exitCode == 127 || (exitCode != 0 && b.notFound != "") {
		ev := b.notFound
		if ev == "" {
			ev = "exit status 127: the command was not found"
		}
		return &Failure{Kind: FailureCLINotFound, Evidence: ev}
	}
	if b.hint != nil {
		return b.hint
	}
	if exitCode == 0 {
		return nil
	}
	if b.usageErr != "" && exitCode > 0 {
		return &Failure{Kind: FailureError, Evidence: b.usageErr}
	}
	if exitCode > 0 && b.exitKind != nil {
		if m := b.exitKind(exitCode); m.kind != "" {
			ev := b.lastStderr
			if ev == "" {
				ev = fmt.Sprintf("exit status %d (%s)", exitCode, m.note)
			}
			return &Failure{Kind: m.kind, Evidence: ev}
		}
	}
	if exitCode < 0 {
		ev := "killed by a signal"
		if b.lastStderr != "" {
			ev += "; last stderr line: " + b.lastStderr
		}
		return &Failure{Kind: FailureCrashed, Evidence: evidence(ev, "")}
	}
	ev := b.lastStderr
	if ev == "" {
		ev = b.lastStdout
	}
	if ev == "" {
		ev = fmt.Sprintf("exit status %d with no output explaining it", exitCode)
	}
	return &Failure{Kind: FailureCrashed, Evidence: ev}
}

var ansiRe = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]`)

// stripANSI removes colour codes before matching (gemini prints its trust error in red).
func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	return ansiRe.ReplaceAllString(s, "")
}

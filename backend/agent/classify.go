package agent

import (
	"regexp"
	"strings"
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

// noiseFilter recognises stderr lines that explain nothing: known banners by prefix, and the
// shapes of printed stack traces. It is called on every stderr line, so it avoids regexps on
// long lines.
type noiseFilter struct {
	prefixes []string
	short    *regexp.Regexp // applied to lines up to 200 bytes
}

func (n noiseFilter) match(s string) bool {
	for _, p := range n.prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return n.short != nil && len(s) <= 200 && n.short.MatchString(s)
}

// containsAny is a cheap prefilter before a regexp.
func containsAny(s string, needles ...string) bool {
	for _, n := range needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

var ansiRe = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]`)

// stripANSI removes colour codes before matching (gemini prints its trust error in red).
func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	return ansiRe.ReplaceAllString(s, "")
}

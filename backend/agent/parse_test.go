package agent

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testNow is the parsers' clock in tests; its location (UTC) stands for the machine's zone.
var testNow = time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)

// fixtureLines reads testdata/<backend>/<name>.jsonl as stdout and <name>.stderr as stderr.
// A missing file is an empty stream; a last line without newline is kept as is.
func fixtureLines(t *testing.T, backend, name string) []RawLine {
	t.Helper()
	var out []RawLine
	for _, s := range []struct{ stream, ext string }{{"stdout", ".jsonl"}, {"stderr", ".stderr"}} {
		data, err := os.ReadFile(filepath.Join("testdata", backend, name+s.ext))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		text := strings.TrimSuffix(string(data), "\n")
		for _, l := range strings.Split(text, "\n") {
			out = append(out, RawLine{Seq: int64(len(out) + 1), Stream: s.stream, Text: l})
		}
	}
	if len(out) == 0 {
		t.Fatalf("no fixture %s/%s", backend, name)
	}
	return out
}

func runFixture(t *testing.T, backend, name string, exitCode int) Outcome {
	t.Helper()
	p := newParser(backend, func() time.Time { return testNow })
	for _, l := range fixtureLines(t, backend, name) {
		p.Line(l.Seq, l.Stream, l.Text)
	}
	return p.Finish(exitCode)
}

func ptr[T any](v T) *T { return &v }

func TestParsers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		backend, fixture string
		exit             int
		success          *bool
		kind             string // "" = no failure
		evidence         string // substring of Failure.Evidence
		resetAt          string
		usage            *Usage // checked when set
	}{
		// claude
		{backend: Claude, fixture: "success", exit: 0, success: ptr(true), usage: &Usage{InputTokens: 32, OutputTokens: 22, CostUSD: 0.00071, Turns: 2, SessionID: "5ed95d9a-2f4c-4935-adca-b92e48c362df", Model: "claude-opus-4-8[1m]", ResultText: "Created shared/written.txt as asked."}},
		{backend: Claude, fixture: "retry_success", exit: 0, success: ptr(true), usage: &Usage{InputTokens: 2112, OutputTokens: 7, CachedTokens: 2000, CostUSD: 0.000141, Turns: 1, SessionID: "3f0c2a8e-5b1d-4a7e-9c44-2d6b8f1e0a77", Model: "claude-sonnet-5", ResultText: "All tests pass."}},
		{backend: Claude, fixture: "auth", exit: 1, success: ptr(false), kind: FailureAuth, evidence: `"result":"Not logged in · Please run /login"`},
		{backend: Claude, fixture: "auth_key", exit: 1, success: ptr(false), kind: FailureAuth, evidence: "Invalid API key"},
		{backend: Claude, fixture: "ratelimit", exit: 1, success: ptr(false), kind: FailureRateLimited, evidence: "Request rejected (429)"},
		{backend: Claude, fixture: "subscription", exit: 1, success: ptr(false), kind: FailureQuota, evidence: "You've hit your session limit", resetAt: "2026-11-26T14:00:00Z"},
		{backend: Claude, fixture: "ratelimit_event_only", exit: -1, kind: FailureQuota, evidence: `"status":"rejected"`, resetAt: "2026-11-26T14:00:00Z"},
		{backend: Claude, fixture: "maxturns", exit: 1, success: ptr(false), kind: FailureMaxTurns, evidence: "error_max_turns"},
		{backend: Claude, fixture: "noise", exit: 0, success: ptr(true), usage: &Usage{InputTokens: 10, OutputTokens: 5, CostUSD: 0.0003, Turns: 1, SessionID: "3f0c2a8e-5b1d-4a7e-9c44-2d6b8f1e0a77", Model: "claude-sonnet-5", ResultText: "done"}},
		{backend: Claude, fixture: "root", exit: 1, kind: FailureError, evidence: "--dangerously-skip-permissions cannot be used with root/sudo privileges"},
		{backend: Claude, fixture: "notfound", exit: 127, kind: FailureCLINotFound, evidence: "claude: command not found"},
		{backend: Claude, fixture: "notfound", exit: 1, kind: FailureCLINotFound, evidence: "command not found"},
		// codex
		{backend: Codex, fixture: "success", exit: 0, success: ptr(true), usage: &Usage{InputTokens: 50, OutputTokens: 18, CachedTokens: 5, Turns: 1, SessionID: "01a214d4-bab9-7d90-9fa0-ae4cece559e9", ResultText: "Fixed the retry bug; tests pass."}},
		{backend: Codex, fixture: "retry429_success", exit: 0, success: ptr(true)},
		{backend: Codex, fixture: "usage_limit", exit: 1, success: ptr(false), kind: FailureQuota, evidence: "turn.failed", resetAt: "2026-11-25T23:35:00Z"},
		{backend: Codex, fixture: "usage_limit_time", exit: 1, success: ptr(false), kind: FailureQuota, evidence: "You’ve hit your usage limit", resetAt: "2026-11-25T23:29:00Z"},
		{backend: Codex, fixture: "ratelimit", exit: 1, success: ptr(false), kind: FailureRateLimited, evidence: "exceeded retry limit, last status: 429"},
		{backend: Codex, fixture: "auth", exit: 1, success: ptr(false), kind: FailureAuth, evidence: "401 Unauthorized"},
		{backend: Codex, fixture: "reconnect", exit: -1, kind: FailureCrashed, evidence: "killed by a signal"},
		{backend: Codex, fixture: "nogit", exit: 1, kind: FailureError, evidence: "Not inside a trusted directory"},
		// gemini
		{backend: Gemini, fixture: "success", exit: 0, success: ptr(true), usage: &Usage{InputTokens: 900, OutputTokens: 17, CachedTokens: 300, Turns: 3, SessionID: "e01d7583-0b3c-4d1e-8f5a-6c2b9d4e7f10", Model: "gemini-2.5-pro", ResultText: "The backoff looks right."}},
		{backend: Gemini, fixture: "quota", exit: 173, success: ptr(false), kind: FailureQuota, evidence: "exhausted your daily quota"},
		{backend: Gemini, fixture: "auth", exit: 41, kind: FailureAuth, evidence: "Please set an Auth method"},
		{backend: Gemini, fixture: "auth", exit: 41, kind: FailureAuth, evidence: "GEMINI_API_KEY"},
		{backend: Gemini, fixture: "auth_key", exit: 145, success: ptr(false), kind: FailureAuth, evidence: "API key not valid"},
		{backend: Gemini, fixture: "retry", exit: -1, kind: FailureRateLimited, evidence: "Attempt 2 failed with status 429"},
		{backend: Gemini, fixture: "retry_in", exit: 173, success: ptr(false), kind: FailureRateLimited, evidence: "Please retry in 38.5s", resetAt: "2026-11-25T20:00:39Z"},
		{backend: Gemini, fixture: "untrusted", exit: 55, kind: FailureError, evidence: "not running in a trusted directory"},
		{backend: Gemini, fixture: "json_success", exit: 0, success: ptr(true), usage: &Usage{InputTokens: 40, OutputTokens: 10, CachedTokens: 10, Turns: 2, SessionID: "e01d7583-0b3c-4d1e-8f5a-6c2b9d4e7f10", Model: "gemini-2.5-pro", ResultText: "The backoff looks right."}},
		{backend: Gemini, fixture: "json_quota", exit: 173, success: ptr(false), kind: FailureQuota, evidence: `"message": "You have exhausted your daily quota on this model."`},
		// opencode
		{backend: OpenCode, fixture: "success", exit: 0, success: ptr(true), usage: &Usage{InputTokens: 1232, OutputTokens: 22, CachedTokens: 1000, CostUSD: 0.000426, Turns: 2, SessionID: "ses_deb2689ddffeyZv22OgCN4U7fn", ResultText: "The backoff looks right."}},
		{backend: OpenCode, fixture: "rejected", exit: 0, success: ptr(true)},
		{backend: OpenCode, fixture: "auth", exit: 1, success: ptr(false), kind: FailureAuth, evidence: `"statusCode":401`},
		{backend: OpenCode, fixture: "ratelimit", exit: 1, success: ptr(false), kind: FailureRateLimited, evidence: `"statusCode":429`, resetAt: "2026-11-25T20:00:01Z"},
		{backend: OpenCode, fixture: "unified_reset", exit: 1, success: ptr(false), kind: FailureRateLimited, evidence: "rate limit", resetAt: "2026-11-25T21:00:00Z"},
		{backend: OpenCode, fixture: "zen_quota", exit: 1, success: ptr(false), kind: FailureQuota, evidence: "Usage limit reached", resetAt: "2026-11-25T22:15:00Z"},
		{backend: OpenCode, fixture: "free_limit", exit: 1, success: ptr(false), kind: FailureQuota, evidence: "FreeUsageLimitError"},
		{backend: OpenCode, fixture: "unknown", exit: 1, success: ptr(false), kind: FailureError, evidence: "UnknownError"},
		{backend: OpenCode, fixture: "usage", exit: 1, kind: FailureError, evidence: "opencode run [message..]"},
	}
	for _, tt := range tests {
		t.Run(tt.backend+"/"+tt.fixture, func(t *testing.T) {
			t.Parallel()
			got := runFixture(t, tt.backend, tt.fixture, tt.exit)
			switch {
			case tt.success == nil && got.Success != nil:
				t.Errorf("success %v, want nil", *got.Success)
			case tt.success != nil && (got.Success == nil || *got.Success != *tt.success):
				t.Errorf("success %v, want %v", got.Success, *tt.success)
			}
			if tt.kind == "" {
				if got.Failure != nil {
					t.Errorf("unexpected failure %+v", *got.Failure)
				}
			} else {
				f := got.Failure
				if f == nil {
					t.Fatalf("no failure, want %s", tt.kind)
				}
				if f.Kind != tt.kind {
					t.Errorf("kind %s, want %s (evidence %q)", f.Kind, tt.kind, f.Evidence)
				}
				if !strings.Contains(f.Evidence, tt.evidence) {
					t.Errorf("evidence %q lacks %q", f.Evidence, tt.evidence)
				}
				if len(f.Evidence) > evidenceMax+2*len("…") {
					t.Errorf("evidence is %d bytes", len(f.Evidence))
				}
				if f.ResetAt != tt.resetAt {
					t.Errorf("resetAt %q, want %q", f.ResetAt, tt.resetAt)
				}
			}
			if tt.usage != nil {
				u := got.Usage
				u.CostUSD = roundCost(u.CostUSD)
				if u != *tt.usage {
					t.Errorf("usage\n got %+v\nwant %+v", u, *tt.usage)
				}
			}
		})
	}
}

func roundCost(c float64) float64 { return float64(int64(c*1e9+0.5)) / 1e9 }

// Exit codes alone, with no output at all.
func TestParserExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		backend  string
		exit     int
		kind     string
		evidence string
	}{
		{Claude, 0, "", ""},
		{Claude, 127, FailureCLINotFound, "exit status 127"},
		{Claude, 1, FailureCrashed, "exit status 1"},
		{Claude, -1, FailureCrashed, "killed by a signal"},
		{Codex, 2, FailureError, "exit status 2"},
		{Gemini, 41, FailureAuth, "exit status 41"},
		{Gemini, 173, FailureRateLimited, "429"},
		{Gemini, 55, FailureError, "untrusted"},
		{OpenCode, 1, FailureCrashed, "exit status 1"},
		{"aider", 3, FailureCrashed, "exit status 3"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.backend, tt.exit), func(t *testing.T) {
			t.Parallel()
			got := NewParser(tt.backend).Finish(tt.exit)
			if tt.kind == "" {
				if got.Failure != nil {
					t.Fatalf("unexpected failure %+v", got.Failure)
				}
				return
			}
			if got.Failure == nil || got.Failure.Kind != tt.kind || !strings.Contains(got.Failure.Evidence, tt.evidence) {
				t.Fatalf("failure %+v, want %s with %q", got.Failure, tt.kind, tt.evidence)
			}
		})
	}
}

// The evidence is the last stderr line that explains something, not a banner or stack frame.
func TestParserLastStderrEvidence(t *testing.T) {
	t.Parallel()
	p := NewParser(Codex)
	p.Line(1, "stderr", "Reading additional input from stdin...")
	p.Line(2, "stderr", "thread 'main' panicked at core/src/lib.rs:10:5")
	p.Line(3, "stdout", "not json")
	p.Line(4, "stderr", "Reading additional input from stdin...")
	got := p.Finish(101)
	if got.Failure == nil || got.Failure.Kind != FailureCrashed || got.Failure.Evidence != "thread 'main' panicked at core/src/lib.rs:10:5" {
		t.Fatalf("failure %+v", got.Failure)
	}
	long := NewParser(Gemini)
	long.Line(1, "stderr", "boom "+strings.Repeat("x", 5000))
	got = long.Finish(1)
	if n := len(got.Failure.Evidence); n > evidenceMax+len("…") || !strings.HasPrefix(got.Failure.Evidence, "boom") {
		t.Fatalf("evidence %d bytes: %.40q", n, got.Failure.Evidence)
	}
}

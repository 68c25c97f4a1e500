package execution

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/trigger"
)

// A prompt past the kernel's 128 KiB per argument reaches every CLI whole (on stdin, as a
// file), the run succeeds, and the stored argv holds a placeholder rather than the prompt. A
// short prompt stays an argument with stdin on /dev/null. Before, the long prompt failed the
// run at exec (E2BIG) as "cli_not_found".
func TestLongPromptReachesTheCLI(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{maxRuns: 4})
	tests := []struct {
		name  string
		size  int // bytes of message
		stdin bool
	}{
		{"short", 100, false},
		{"300KiB", 300 << 10, true},
	}
	for _, b := range agent.Backends {
		for _, tt := range tests {
			t.Run(b+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				tr := h.newTrigger("prompt "+b+" "+tt.name, b, func(tr *trigger.Trigger) { tr.PromptTemplate = "[fake:echoenv] {message}" })
				end := fmt.Sprintf("END-OF-PROMPT-%s-%d", b, time.Now().UnixNano())
				msg := strings.Repeat("word ", tt.size/5) + end
				ex := h.submit(tr, msg)
				done := h.wait(ex.ID, 60*time.Second, StatusSuccess, StatusFailed)
				lines := h.allLines(ex.ID)
				text := joinLines(lines)
				if done.Status != StatusSuccess {
					t.Fatalf("status %s (%s: %s)\n%s", done.Status, done.FailureKind, done.ErrorMessage, clip(text, 3000))
				}
				want := []string{
					"prompt-bytes=" + strconv.Itoa(len(done.Prompt)), "prompt-tail=" + done.Prompt[len(done.Prompt)-32:],
					"stdin-is-devnull=" + strconv.FormatBool(!tt.stdin),
				}
				for _, w := range want {
					if !strings.Contains(text, w) {
						t.Errorf("the CLI did not print %q:\n%s", w, clip(text, 3000))
					}
				}
				placeholder := agent.PromptPlaceholder(done.Prompt)
				if got := strings.Join(done.Argv, " "); strings.Contains(got, end) || len(got) > 2000 {
					t.Errorf("the stored argv repeats the prompt (%d bytes)", len(got))
				}
				hasPlaceholder := slices.ContainsFunc(done.Argv, func(a string) bool { return strings.HasSuffix(a, placeholder) })
				if hasPlaceholder == tt.stdin {
					t.Errorf("argv %q: placeholder %q present=%v, want %v", done.Argv, placeholder, hasPlaceholder, !tt.stdin)
				}
				if onStdin := strings.Contains(text, "is given on standard input"); onStdin != tt.stdin {
					t.Errorf("log says the prompt is on stdin: %v, want %v", onStdin, tt.stdin)
				}
			})
		}
	}
}

// The kernel refusing the arguments or environment (E2BIG) is reported as such, not as a
// missing CLI. A single environment string over 128 KiB makes execve fail that way.
func TestArgumentListTooLongIsNotCLINotFound(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"AGENTED_TEST_HUGE=" + strings.Repeat("x", 200<<10)}})
	ex := h.submit(h.newTrigger("e2big", agent.Claude), "hi")
	done := h.wait(ex.ID, 30*time.Second, StatusFailed, StatusSuccess)
	if done.Status != StatusFailed || done.FailureKind != agent.FailureTooLong || !strings.Contains(done.ErrorMessage, "too long") {
		t.Fatalf("status %s kind %q error %q, want failed %q", done.Status, done.FailureKind, done.ErrorMessage, agent.FailureTooLong)
	}
}

// A gemini prompt over the 8 MiB gemini reads from stdin fails with the reason instead of being
// cut silently by the CLI.
func TestGeminiPromptOverItsLimitFails(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	ex := h.submit(h.newTrigger("gemini huge", agent.Gemini), strings.Repeat("g", agent.GeminiStdinMax))
	done := h.wait(ex.ID, 30*time.Second, StatusFailed, StatusSuccess)
	if done.Status != StatusFailed || done.FailureKind != agent.FailureTooLong || !strings.Contains(done.ErrorMessage, "8.0 MiB") {
		t.Fatalf("status %s kind %q error %q", done.Status, done.FailureKind, done.ErrorMessage)
	}
}

func joinLines(lines []Line) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// Status events (every window and SSE client gets each one), the dashboard and the queue carry
// summaries of a run with a 2 MiB prompt; the run itself still gets the whole prompt.
func TestStatusEventsAndDashboardCarrySummaries(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	tr := h.newTrigger("summaries", agent.Codex, func(tr *trigger.Trigger) { tr.PromptTemplate = "[fake:hang] {message}" })
	ex := h.submit(tr, strings.Repeat("ß", 1<<20)+" END")
	h.wait(ex.ID, 30*time.Second, StatusRunning)
	dash, err := h.engine.Dashboard(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(dash.Running) != 1 {
		t.Fatalf("dashboard running %d", len(dash.Running))
	}
	checkSummaryOf(t, "dashboard", dash.Running[0], ex.Prompt)
	if err := h.engine.Cancel(context.Background(), ex.ID); err != nil {
		t.Fatal(err)
	}
	h.wait(ex.ID, 30*time.Second, StatusCancelled)
	// The final event follows the stored status.
	var statuses []events.Event
	testutil.Eventually(t, 30*time.Second, func() bool {
		statuses = h.rec.Named(events.ExecutionStatus)
		return len(statuses) >= 3
	}, "status events: want queued, running and cancelled")
	for _, ev := range statuses {
		checkSummaryOf(t, "event", ev.Payload.(Execution), ex.Prompt)
	}
	full, err := h.engine.Get(context.Background(), ex.ID)
	if err != nil || full.Prompt != ex.Prompt || full.PromptTruncated {
		t.Fatalf("detail: %d bytes of %d, truncated %v, %v", len(full.Prompt), len(ex.Prompt), full.PromptTruncated, err)
	}
	if !strings.Contains(joinLines(h.allLines(ex.ID)), "is given on standard input") {
		t.Error("the run did not get its prompt on stdin")
	}
	// The message is inside the prompt, so it is stored once: as its place there.
	var stored string
	var at *int64
	if err := h.db.Reader.QueryRow(`SELECT message, message_at FROM execution_texts WHERE execution_id = ?`, ex.ID).Scan(&stored, &at); err != nil {
		t.Fatal(err)
	}
	if stored != "" || at == nil || *at != int64(len("[fake:hang] ")) || full.Message != ex.Message {
		t.Errorf("message stored as %d bytes at %v; the detail has %d of %d bytes", len(stored), at, len(full.Message), len(ex.Message))
	}
}

func checkSummaryOf(t *testing.T, where string, got Execution, prompt string) {
	t.Helper()
	if !got.PromptTruncated || got.PromptBytes != int64(len(prompt)) || len(got.Prompt) > SummaryBytes ||
		!strings.HasPrefix(prompt, got.Prompt) || !utf8.ValidString(got.Prompt) || len(got.Prompt) < SummaryBytes-3 {
		t.Errorf("%s: %d of %d bytes (truncated %v), want the first KiB", where, len(got.Prompt), got.PromptBytes, got.PromptTruncated)
	}
	if !got.MessageTruncated || len(got.Message) > SummaryBytes || got.MessageBytes != int64(len(prompt)-len("[fake:hang] ")) {
		t.Errorf("%s: message %d of %d bytes (truncated %v)", where, len(got.Message), got.MessageBytes, got.MessageTruncated)
	}
}

package execution

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/trigger"
)

func TestRunSuccessEveryBackend(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=success"}, maxRuns: 4})
	for _, b := range []string{"claude", "codex", "gemini", "opencode"} {
		t.Run(b, func(t *testing.T) {
			tr := h.newTrigger("ok "+b, b)
			ex := h.submit(tr, "hello")
			if ex.Status != StatusQueued || !strings.HasPrefix(ex.ID, "exec-") {
				t.Fatalf("submit = %+v", ex)
			}
			if !strings.Contains(ex.Prompt, "do hello in "+tr.Paths[0].Path) {
				t.Fatalf("prompt = %q", ex.Prompt)
			}
			done := h.wait(ex.ID, 30*time.Second, StatusSuccess, StatusFailed)
			lines := h.allLines(ex.ID)
			if done.Status != StatusSuccess {
				t.Fatalf("status %s (%s: %s)\n%v", done.Status, done.FailureKind, done.FailureEvidence, lines)
			}
			checkSeq(t, lines)
			if done.ExitCode == nil || *done.ExitCode != 0 || done.LineCount != int64(len(lines)) {
				t.Fatalf("exit %v, lines %d/%d", done.ExitCode, done.LineCount, len(lines))
			}
			if done.Usage.InputTokens == 0 || done.Usage.OutputTokens == 0 {
				t.Fatalf("usage not parsed: %+v", done.Usage)
			}
			if done.WorkingDir != tr.Paths[0].Path || done.Argv[0] != filepath.Join(fakeCLIs(t), b) {
				t.Fatalf("dir %s argv %v", done.WorkingDir, done.Argv)
			}
			tx, err := h.engine.Transcript(context.Background(), ex.ID, 0, 1000)
			if err != nil || len(tx) == 0 {
				t.Fatalf("transcript = %v, %v", tx, err)
			}
		})
	}
}

func TestFailuresAreClassified(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode, backend, kind string
	}{
		{"auth", "claude", "auth"},
		{"auth", "codex", "auth"},
		{"auth", "gemini", "auth"},
		{"auth", "opencode", "auth"},
		{"ratelimit", "claude", ""}, // the subscription "resets ..." form: rate_limited or quota
		{"ratelimit", "gemini", ""},
		{"crash", "claude", "crashed"},
	}
	for _, tt := range tests {
		t.Run(tt.mode+"/"+tt.backend, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=" + tt.mode}})
			ex := h.submit(h.newTrigger("f", tt.backend), "x")
			done := h.wait(ex.ID, 30*time.Second, StatusSuccess, StatusFailed)
			if done.Status != StatusFailed {
				t.Fatalf("status = %s", done.Status)
			}
			if tt.kind != "" && done.FailureKind != tt.kind {
				t.Fatalf("failure = %q (%s), want %q", done.FailureKind, done.FailureEvidence, tt.kind)
			}
			if tt.kind == "" && done.FailureKind != "rate_limited" && done.FailureKind != "quota" {
				t.Fatalf("failure = %q, want rate_limited or quota", done.FailureKind)
			}
			if done.FailureEvidence == "" {
				t.Fatal("no evidence line")
			}
		})
	}
}

func TestCLINotFound(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{resolver: dirResolver{t.TempDir()}})
	ex := h.submit(h.newTrigger("missing", "codex"), "")
	done := h.wait(ex.ID, 10*time.Second, StatusFailed)
	if done.FailureKind != "cli_not_found" || !strings.Contains(done.ErrorMessage, "command not found") {
		t.Fatalf("%+v", done)
	}
	lines := h.allLines(ex.ID)
	if len(lines) == 0 || lines[len(lines)-1].Stream != StreamSystem {
		t.Fatalf("no explanation in the log: %v", lines)
	}
}

func TestOutputEdgeCases(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{maxRuns: 4})
	tests := []struct {
		mode  string
		check func(t *testing.T, lines []Line)
	}{
		{"invalidutf8", func(t *testing.T, lines []Line) {
			if !anyLine(lines, func(s string) bool { return strings.ContainsRune(s, '\uFFFD') }) {
				t.Fatal("invalid UTF-8 not replaced")
			}
		}},
		{"nonewline", func(t *testing.T, lines []Line) {
			if !anyLine(lines, func(s string) bool { return strings.Contains(s, "no newline") }) {
				t.Fatal("last line without newline lost")
			}
		}},
		{"afterresult", func(t *testing.T, lines []Line) {
			if !anyLine(lines, func(s string) bool { return strings.Contains(s, "after") }) {
				t.Fatal("lines after the result lost")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			h2 := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=" + tt.mode}})
			ex := h2.submit(h2.newTrigger(tt.mode, "claude"), "")
			h2.wait(ex.ID, 30*time.Second, StatusSuccess, StatusFailed)
			lines := h2.allLines(ex.ID)
			checkSeq(t, lines)
			tt.check(t, lines)
		})
	}
	_ = h
}

func anyLine(lines []Line, f func(string) bool) bool {
	for _, l := range lines {
		if f(l.Text) {
			return true
		}
	}
	return false
}

func TestCancelAndTimeoutKillTheGroup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, mode string
		cancel     bool
		want       string
		forced     bool
	}{
		{"cancel hang", "hang", true, StatusCancelled, false},
		{"cancel ignoring SIGTERM", "ignoreterm", true, StatusCancelled, true},
		{"timeout hang", "hang", false, StatusTimeout, false},
		{"timeout ignoring SIGTERM", "ignoreterm", false, StatusTimeout, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=" + tt.mode}})
			tr := h.newTrigger(tt.name, "claude")
			h.setTiming(tr.ID, 2, 1)
			if tt.cancel {
				h.setTiming(tr.ID, 600, 1)
			}
			ex := h.submit(tr, "")
			h.wait(ex.ID, 10*time.Second, StatusRunning)
			testutil.Eventually(t, 10*time.Second, func() bool { return len(processesIn(tr.Paths[0].Path)) > 0 },
				"run %s has no process", ex.ID)
			// The fake prints its first events only after it has set up its signal handling; a
			// cancel before that would find a CLI that does not ignore SIGTERM yet.
			testutil.Eventually(t, 10*time.Second, func() bool { return len(h.allLines(ex.ID)) > 0 },
				"run %s printed nothing", ex.ID)
			if tt.cancel {
				if err := h.engine.Cancel(context.Background(), ex.ID); err != nil {
					t.Fatal(err)
				}
			}
			done := h.wait(ex.ID, 20*time.Second, tt.want)
			if left := processesIn(tr.Paths[0].Path); len(left) > 0 {
				t.Fatalf("processes left behind: %v", left)
			}
			lines := h.allLines(ex.ID)
			forced := anyLine(lines, func(s string) bool { return strings.Contains(s, "ignored SIGTERM") })
			if forced != tt.forced {
				t.Fatalf("forced kill = %v, want %v: %v", forced, tt.forced, lines)
			}
			if err := h.engine.Cancel(context.Background(), done.ID); !errors.Is(err, ErrNotActive) {
				t.Fatalf("cancel of a finished run: %v", err)
			}
		})
	}
}

func TestConcurrencyLimitAndPolicies(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=hang"}, maxRuns: 1})
	a := h.newTrigger("a", "claude")
	b := h.newTrigger("b", "claude", func(tr *trigger.Trigger) { tr.ConcurrencyPolicy = trigger.PolicySkip })
	first := h.submit(a, "")
	h.wait(first.ID, 10*time.Second, StatusRunning)
	second := h.submit(b, "")
	if got, _ := h.engine.Get(context.Background(), second.ID); got.Status != StatusQueued {
		t.Fatalf("over the limit but %s", got.Status)
	}
	if _, err := h.engine.Submit(context.Background(), Request{TriggerID: b.ID, Kind: KindManual}); !errors.Is(err, ErrSkipped) {
		t.Fatalf("skip policy: %v", err)
	}
	_ = h.engine.Cancel(context.Background(), first.ID)
	firstDone := h.wait(first.ID, 10*time.Second, StatusCancelled)
	// Over the limit, the second run starts only once the first has ended, however long that took.
	if started := h.wait(second.ID, 10*time.Second, StatusRunning); started.StartedAt < firstDone.FinishedAt {
		t.Fatalf("second run started at %s, before the first ended at %s", started.StartedAt, firstDone.FinishedAt)
	}
	_ = h.engine.Cancel(context.Background(), second.ID)
	h.wait(second.ID, 10*time.Second, StatusCancelled)

	// queue policy: a second run of the same trigger waits even with free slots.
	h.mu.Lock()
	h.limits.MaxConcurrent = 4
	h.mu.Unlock()
	q := h.newTrigger("q", "claude", func(tr *trigger.Trigger) { tr.ConcurrencyPolicy = trigger.PolicyQueue })
	r1, r2 := h.submit(q, ""), h.submit(q, "")
	h.wait(r1.ID, 10*time.Second, StatusRunning)
	// A started r2 would be caught here or by the StartedAt check after its cancel below.
	if got, _ := h.engine.Get(context.Background(), r2.ID); got.Status != StatusQueued {
		t.Fatalf("queue policy: second run is %s", got.Status)
	}
	if err := h.engine.Cancel(context.Background(), r2.ID); err != nil {
		t.Fatalf("cancel queued: %v", err)
	}
	if got := h.wait(r2.ID, 5*time.Second, StatusCancelled); got.StartedAt != "" {
		t.Fatal("a cancelled queued run was started")
	}
	_ = h.engine.Cancel(context.Background(), r1.ID)
	h.wait(r1.ID, 10*time.Second, StatusCancelled)
}

func TestQueuedRunsSurviveRestart(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	h1 := newHarness(t, harnessOpts{db: d, noStart: true, env: []string{"FAKEAGENT_MODE=success"}})
	tr := h1.newTrigger("later", "gemini")
	ex := h1.submit(tr, "")
	// A run left "running" by a crash.
	if _, err := d.Writer.Exec(`INSERT INTO executions(id, trigger_id, trigger_name, kind, backend_type, status, prompt_head, queued_at)
		VALUES('exec-crashed', ?, 'later', 'manual', 'gemini', 'running', 'p', ?)`, tr.ID, db.Now()); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, harnessOpts{db: d, env: []string{"FAKEAGENT_MODE=success"}})
	h2.wait(ex.ID, 30*time.Second, StatusSuccess)
	if got, _ := h2.engine.Get(context.Background(), "exec-crashed"); got.Status != StatusInterrupted {
		t.Fatalf("crashed run is %s", got.Status)
	}
}

func TestOutputCapKeepsMarkerAndTail(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=lines", "FAKEAGENT_LINES=50000"}, capBytes: 64 << 10})
	ex := h.submit(h.newTrigger("big", "claude"), "")
	done := h.wait(ex.ID, 60*time.Second, StatusSuccess, StatusFailed)
	if !done.Truncated || done.LineCount < 50000 {
		t.Fatalf("truncated %v, lines %d", done.Truncated, done.LineCount)
	}
	lines := h.allLines(ex.ID)
	if !anyLine(lines, func(s string) bool { return strings.Contains(s, "output cap of") }) {
		t.Fatal("no truncation marker stored")
	}
	if !anyLine(lines, func(s string) bool { return strings.Contains(s, "line 50000 ") || strings.HasSuffix(s, "line 50000") }) {
		t.Fatal("the tail was not kept")
	}
	if len(lines) > 20000 {
		t.Fatalf("%d lines stored despite a 64 KiB cap", len(lines))
	}
	// Every line still reached the live viewer, once, in order.
	var seqs []int64
	for _, e := range h.rec.Named("execution:log:" + ex.ID) {
		for _, l := range e.Payload.(LogBatch).Lines {
			seqs = append(seqs, l.Seq)
		}
	}
	for i, s := range seqs {
		if s != int64(i+1) {
			t.Fatalf("live line %d has seq %d", i, s)
		}
	}
	if int64(len(seqs)) != done.LineCount {
		t.Fatalf("live %d lines, run has %d", len(seqs), done.LineCount)
	}
}

func TestSecretsRedactedFromLog(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=success"}})
	tr := h.newTrigger("leaky", "claude", func(tr *trigger.Trigger) { tr.PromptTemplate = "key is FAKE-secret-for-redaction {message}" })
	ex := h.submit(tr, "")
	done := h.wait(ex.ID, 30*time.Second, StatusSuccess, StatusFailed)
	for _, a := range done.Argv {
		if strings.Contains(a, "FAKE-secret-for-redaction") {
			t.Fatalf("argv leaks the secret: %v", done.Argv)
		}
	}
}

func TestShutdownInterruptsAndKillsAfterDeadline(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=ignoreterm"}})
	tr := h.newTrigger("stubborn", "claude")
	h.setTiming(tr.ID, 600, 120) // a grace far longer than the shutdown allows
	ex := h.submit(tr, "")
	h.wait(ex.ID, 10*time.Second, StatusRunning)
	testutil.Eventually(t, 10*time.Second, func() bool { return len(processesIn(tr.Paths[0].Path)) > 0 },
		"run %s has no process", ex.ID)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	_ = h.engine.Shutdown(ctx)
	if d := time.Since(start); d > 8*time.Second {
		t.Fatalf("shutdown took %s", d)
	}
	if left := processesIn(tr.Paths[0].Path); len(left) > 0 {
		t.Fatalf("CLI outlived shutdown: %v", left)
	}
	if got := h.wait(ex.ID, 5*time.Second, StatusInterrupted); got.FailureKind != "interrupted" {
		t.Fatalf("%+v", got)
	}
	if _, err := h.engine.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: KindManual}); !errors.Is(err, ErrShuttingDown) {
		t.Fatalf("submit after shutdown: %v", err)
	}
}

// Many parallel runs submitted at once: each is started exactly once (a dispatch pass that read
// the queue before an earlier pass marked a run running must not start it again) and stores
// every line once.
func TestParallelRunsStartOnce(t *testing.T) {
	t.Parallel()
	const runs, lines = 24, 2000
	h := newHarness(t, harnessOpts{env: []string{"FAKEAGENT_MODE=lines", "FAKEAGENT_LINES=2000"}, maxRuns: runs})
	tr := h.newTrigger("many", "claude")
	var ids []string
	for range runs {
		ids = append(ids, h.submit(tr, "").ID)
	}
	for _, id := range ids {
		done := h.wait(id, 2*time.Minute, StatusSuccess, StatusFailed)
		got := h.allLines(id)
		checkSeq(t, got)
		n := 0
		for _, l := range got {
			if strings.HasPrefix(l.Text, "line ") {
				n++
				if want := fmt.Sprintf("line %d ", n); !strings.HasPrefix(l.Text, want) {
					t.Fatalf("%s: %q where %q was due", id, l.Text, want)
				}
			}
		}
		if done.Status != StatusSuccess || n != lines || len(done.Warnings) > 0 {
			t.Fatalf("%s: %s, %d lines, warnings %v", id, done.Status, n, done.Warnings)
		}
	}
}

// TestDispatchLooksPastAPageOfWaitingRuns queues more runs of a busy queue-policy trigger than one
// dispatch page holds; a run of another trigger queued after them must still start at once.
func TestDispatchLooksPastAPageOfWaitingRuns(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{maxRuns: 2})
	busy := h.newTrigger("busy", "claude", func(tr *trigger.Trigger) {
		tr.PromptTemplate = "[fake:hang] {message}"
		tr.ConcurrencyPolicy = trigger.PolicyQueue
	})
	other := h.newTrigger("other", "claude", func(tr *trigger.Trigger) { tr.PromptTemplate = "[fake:success] {message}" })
	first := h.submit(busy, "first")
	h.wait(first.ID, time.Minute, StatusRunning)
	for range dispatchPage + 20 {
		h.submit(busy, "waiting")
	}
	done := h.wait(h.submit(other, "late").ID, time.Minute, StatusSuccess, StatusFailed)
	if done.Status != StatusSuccess {
		t.Fatalf("the other trigger's run ended %s: %s", done.Status, done.ErrorMessage)
	}
	if err := h.engine.Cancel(context.Background(), first.ID); err != nil {
		t.Fatal(err)
	}
}

// TestQueuedRunKeepsItsTrigger: a run starts with the trigger as it was when the run was queued,
// whether the engine kept it in memory (queued by this process) or reads the stored snapshot
// (queued by an earlier one); an edit made in between applies to later runs only.
func TestQueuedRunKeepsItsTrigger(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	h := newHarness(t, harnessOpts{db: d, maxRuns: 1})
	blocker := h.newTrigger("blocker", "claude", func(tr *trigger.Trigger) { tr.PromptTemplate = "[fake:hang] {message}" })
	echo := h.newTrigger("echo", "claude", func(tr *trigger.Trigger) {
		tr.PromptTemplate, tr.Model = "[fake:echoenv] {message}", "model-when-queued"
	})
	busy := h.submit(blocker, "")
	h.wait(busy.ID, 30*time.Second, StatusRunning)
	inMemory := h.submit(echo, "")
	edited := echo
	edited.Model = "model-after-edit"
	if _, err := h.triggers.Update(context.Background(), edited); err != nil {
		t.Fatal(err)
	}
	if err := h.engine.Cancel(context.Background(), busy.ID); err != nil {
		t.Fatal(err)
	}
	h.wait(inMemory.ID, 30*time.Second, StatusSuccess)

	// Queued by an engine that never started: the next one reads the stored snapshot.
	earlier := newHarness(t, harnessOpts{db: d, noStart: true})
	fromStore := earlier.submit(echo, "")
	if _, err := h.triggers.Update(context.Background(), echo); err != nil { // the edit undone
		t.Fatal(err)
	}
	h.engine.wake()
	h.wait(fromStore.ID, 30*time.Second, StatusSuccess)

	for _, c := range []struct {
		id, want, not string
	}{
		{inMemory.ID, "model-when-queued", "model-after-edit"},
		{fromStore.ID, "model-after-edit", "model-when-queued"},
	} {
		ex, err := h.engine.Get(context.Background(), c.id)
		if err != nil {
			t.Fatal(err)
		}
		argv := strings.Join(ex.Argv, " ")
		if !strings.Contains(argv, c.want) || strings.Contains(argv, c.not) {
			t.Errorf("run %s argv = %q, want %q and not %q", c.id, argv, c.want, c.not)
		}
	}
}

// TestPausedTriggerDoesNotFire: a trigger that paused itself is refused for every automatic
// firing, saying why, while a manual run (the user trying a fix) still starts.
func TestPausedTriggerDoesNotFire(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{noStart: true})
	tr := h.newTrigger("Paused bot", "claude", func(tr *trigger.Trigger) { tr.Enabled = true })
	if _, _, err := h.triggers.Pause(context.Background(), tr.ID, "Paused after 5 failed runs in a row."); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{KindScheduled, KindWebhook, KindGitHub} {
		_, err := h.engine.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: kind})
		if !errors.Is(err, ErrPaused) || !strings.Contains(err.Error(), "Paused after 5 failed runs in a row.") ||
			!strings.Contains(err.Error(), "resume it") {
			t.Errorf("%s firing of a paused trigger = %v, want ErrPaused with the reason", kind, err)
		}
	}
	for _, kind := range []string{KindManual, KindRerun} {
		if _, err := h.engine.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: kind}); err != nil {
			t.Errorf("%s run of a paused trigger = %v, want it queued", kind, err)
		}
	}
	if _, err := h.triggers.Resume(context.Background(), tr.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.engine.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: KindScheduled}); err != nil {
		t.Errorf("scheduled firing after resume = %v", err)
	}
}

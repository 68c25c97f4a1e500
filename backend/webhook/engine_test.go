package webhook

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/agented/agented/backend/execution"
)

// TestWithRealEngine dispatches through the real execution.Engine (not started, so no CLI runs:
// the fake agent program is built by the execution package's own tests, not shared through
// testutil) and checks the queued execution it stored: kind, message and the rendered prompt
// with the PR placeholders filled.
func TestWithRealEngine(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	engine := execution.NewEngine(execution.Deps{
		Store: execution.NewStore(e.db), Triggers: e.triggers, Emitter: e.rec, Log: slog.New(slog.DiscardHandler),
		Go:     func(fn func()) { go fn() },
		Limits: func() execution.Limits { return execution.Limits{MaxConcurrent: 1, OutputCapBytes: 1 << 20} },
	})
	e.svc.dispatch = engine
	tr := e.trigger(githubTrigger("acme/*", ""))
	res := e.gh("pull_request", prBody("opened", "acme/api", 12), true, "")
	if res.Status != 202 {
		t.Fatalf("%d %s", res.Status, mustJSON(t, res.Body))
	}
	runs := res.Body.(GitHubResponse).Runs
	if len(runs) != 1 || runs[0].TriggerID != tr.ID {
		t.Fatalf("runs %+v", runs)
	}
	ex, err := engine.Get(context.Background(), runs[0].ExecutionID)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Kind != execution.KindGitHub || ex.Status != execution.StatusQueued ||
		ex.Prompt != "/pr-review https://github.com/acme/api/pull/12 Fix it" || !strings.HasPrefix(ex.Message, "PR #12: Fix it\n") {
		t.Fatalf("execution %+v", ex)
	}
	if _, err := e.triggers.SetEnabled(context.Background(), tr.ID, false); err != nil {
		t.Fatal(err)
	}
	// Disabled after ListBySource would have read it: the engine's refusal is reported per trigger.
	r, err := engine.Submit(context.Background(), execution.Request{TriggerID: tr.ID, Kind: execution.KindGitHub})
	if err == nil {
		t.Fatalf("disabled trigger queued %+v", r)
	}
	if code, _ := submitSkip(err); code != SkipRefused {
		t.Fatalf("code %s for %v", code, err)
	}
	// A trigger that paused itself is skipped, and the delivery says why.
	if _, err := e.triggers.SetEnabled(context.Background(), tr.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.triggers.Pause(context.Background(), tr.ID, "Paused after 5 failed runs in a row."); err != nil {
		t.Fatal(err)
	}
	res = e.gh("pull_request", prBody("opened", "acme/api", 13), true, "")
	body := res.Body.(GitHubResponse)
	if len(body.Runs) != 0 || len(body.Skipped) != 1 || body.Skipped[0].Code != SkipRefused ||
		!strings.Contains(body.Skipped[0].Reason, "trigger is paused") || !strings.Contains(body.Skipped[0].Reason, "Paused after 5 failed runs in a row.") {
		t.Fatalf("delivery to a paused trigger: %d %s", res.Status, mustJSON(t, res.Body))
	}
}

package execution

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/usage"
)

// scriptCLI writes a small shell script standing in for a CLI and returns its directory.
func scriptCLI(t *testing.T, backend, body string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, backend), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// guardHarness runs scripts with a fast guard clock: one stall minute lasts two seconds.
func guardHarness(t *testing.T, dir string, more func(*Deps)) *harness {
	t.Helper()
	return newHarness(t, harnessOpts{resolver: dirResolver{dir}, deps: func(d *Deps) {
		d.GuardTick, d.StallUnit = 100*time.Millisecond, 2*time.Second
		p, _ := usage.NewPricing(context.Background(), nil)
		d.Pricer = p
		if more != nil {
			more(d)
		}
	}})
}

func notificationsOf(h *harness, kind string) []events.Notification {
	var out []events.Notification
	for _, ev := range h.rec.Named(events.NotificationShow) {
		if n := ev.Payload.(events.Notification); n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// A CLI that prints nothing and whose processes sleep is stalled and, with the cancel action,
// stopped with the reason stalled.
func TestStallIdleIsStopped(t *testing.T) {
	t.Parallel()
	h := guardHarness(t, scriptCLI(t, "claude", `echo '{"type":"system","subtype":"init","session_id":"s"}'; sleep 120`), nil)
	tr := h.newTrigger("idle", "claude", func(tr *trigger.Trigger) { tr.StallMinutes, tr.StallAction = 1, trigger.StallCancel })
	ex := h.wait(h.submit(tr, "x").ID, 60*time.Second, StatusFailed, StatusSuccess, StatusTimeout)
	if ex.Status != StatusFailed || ex.StopReason != StopStalled || ex.FailureKind != "stalled" {
		t.Fatalf("status %s stop %q kind %q, want failed/stalled", ex.Status, ex.StopReason, ex.FailureKind)
	}
	if !strings.Contains(ex.ErrorMessage, "no output") || !strings.Contains(ex.ErrorMessage, "no CPU") {
		t.Fatalf("error message %q does not say why", ex.ErrorMessage)
	}
}

// A CLI that prints nothing while a child works (a long silent test suite) is busy, not stalled:
// it runs to its end although it was silent for longer than the stall time.
func TestStallBusyChildIsNotStalled(t *testing.T) {
	t.Parallel()
	busy := `echo '{"type":"system","subtype":"init","session_id":"s"}'
sh -c 'end=$(($(date +%s)+7)); while [ $(date +%s) -lt $end ]; do i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; done'
echo done`
	h := guardHarness(t, scriptCLI(t, "claude", busy), nil)
	tr := h.newTrigger("busy", "claude", func(tr *trigger.Trigger) { tr.StallMinutes, tr.StallAction = 1, trigger.StallCancel })
	ex := h.wait(h.submit(tr, "x").ID, 90*time.Second, StatusFailed, StatusSuccess, StatusTimeout)
	if ex.Status != StatusSuccess || ex.StopReason != "" || ex.StalledAt != "" {
		t.Fatalf("status %s stop %q stalled %q (%s), want a success never stalled", ex.Status, ex.StopReason, ex.StalledAt, ex.ErrorMessage)
	}
}

// With the warn action a stalled run is marked (banner), announced, and keeps running.
func TestStallWarnMarksAndNotifies(t *testing.T) {
	t.Parallel()
	h := guardHarness(t, scriptCLI(t, "claude", `echo start; sleep 120`), nil)
	tr := h.newTrigger("warned", "claude", func(tr *trigger.Trigger) { tr.StallMinutes, tr.StallAction = 1, trigger.StallWarn })
	id := h.submit(tr, "x").ID
	deadline := time.Now().Add(60 * time.Second)
	for {
		ex, err := h.engine.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if ex.StalledAt != "" {
			if ex.Status != StatusRunning {
				t.Fatalf("a warned run stopped: %s", ex.Status)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never marked stalled (status %s)", ex.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for deadline := time.Now().Add(5 * time.Second); len(notificationsOf(h, events.KindGuardStop)) == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if n := notificationsOf(h, events.KindGuardStop); len(n) != 1 || n[0].ExecutionID != id || n[0].Level != events.LevelWarning {
		t.Fatalf("guard_stop notifications = %+v", n)
	}
	if err := h.engine.Cancel(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	ex := h.wait(id, 30*time.Second, StatusCancelled)
	if ex.StopReason != StopCancelled || ex.StalledAt == "" || !strings.Contains(strings.Join(ex.Warnings, "\n"), "looked stalled") {
		t.Fatalf("stop %q stalled %q warnings %v", ex.StopReason, ex.StalledAt, ex.Warnings)
	}
}

// opencode reports a cost per step: the run is stopped when its cost reaches maxCostUsd, well
// before its last step.
const opencodeSteps = `i=1; while [ $i -le 30 ]; do
echo '{"type":"step_start","sessionID":"s","part":{}}'
echo '{"type":"step_finish","sessionID":"s","part":{"tokens":{"input":10,"output":5,"reasoning":0,"cache":{"read":0,"write":0}},"cost":0.1}}'
echo "step $i" >&2
sleep 0.2; i=$((i+1)); done`

func TestMaxCostStopsMidRun(t *testing.T) {
	t.Parallel()
	h := guardHarness(t, scriptCLI(t, "opencode", opencodeSteps), nil)
	tr := h.newTrigger("spender", "opencode", func(tr *trigger.Trigger) { tr.MaxCostUSD = 0.35 })
	ex := h.wait(h.submit(tr, "x").ID, 60*time.Second, StatusFailed, StatusSuccess)
	if ex.Status != StatusFailed || ex.StopReason != StopMaxCost {
		t.Fatalf("status %s stop %q (%s), want failed/max_cost", ex.Status, ex.StopReason, ex.ErrorMessage)
	}
	if ex.Usage.Turns >= 30 || ex.Usage.CostUSD < 0.35 || ex.Usage.CostUSD > 1 || ex.Usage.CostEstimated {
		t.Fatalf("usage %+v: want stopped after about 4 of 30 steps, with the reported cost", ex.Usage)
	}
	if !strings.Contains(ex.ErrorMessage, "$0.35") {
		t.Fatalf("message %q does not name the limit", ex.ErrorMessage)
	}
	if n := notificationsOf(h, events.KindGuardStop); len(n) == 0 {
		for deadline := time.Now().Add(5 * time.Second); len(notificationsOf(h, events.KindGuardStop)) == 0 && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if n := notificationsOf(h, events.KindGuardStop); len(n) != 1 || !strings.Contains(n[0].Title, "cost limit") {
		t.Fatalf("notifications %+v", n)
	}
}

// codex reports no cost and has no turn flag: Agented counts its turns and stops it past maxTurns.
func TestMaxTurnsStopsMidRun(t *testing.T) {
	t.Parallel()
	turns := `i=1; while [ $i -le 30 ]; do
echo '{"type":"turn.started"}'
echo '{"type":"turn.completed","usage":{"input_tokens":1000,"cached_input_tokens":0,"output_tokens":100}}'
sleep 0.2; i=$((i+1)); done`
	h := guardHarness(t, scriptCLI(t, "codex", turns), nil)
	tr := h.newTrigger("chatty", "codex", func(tr *trigger.Trigger) { tr.MaxTurns = 3 })
	ex := h.wait(h.submit(tr, "x").ID, 60*time.Second, StatusFailed, StatusSuccess)
	if ex.Status != StatusFailed || ex.StopReason != StopMaxTurns || ex.Usage.Turns > 6 {
		t.Fatalf("status %s stop %q turns %d (%s), want stopped at turn 4", ex.Status, ex.StopReason, ex.Usage.Turns, ex.ErrorMessage)
	}
	// codex reports no cost: it is priced from the table and marked estimated.
	if !ex.Usage.CostEstimated || ex.Usage.CostUSD <= 0 {
		t.Fatalf("usage %+v, want an estimated cost", ex.Usage)
	}
}

// fakeBudgets answers a fixed headroom.
type fakeBudgets struct{ h Headroom }

func (f fakeBudgets) Headrooms(context.Context, BudgetScope) ([]Headroom, error) {
	return []Headroom{f.h}, nil
}

// A used-up hard budget refuses a new run before any process starts, naming the budget.
func TestHardBudgetRefusesRun(t *testing.T) {
	t.Parallel()
	h := guardHarness(t, scriptCLI(t, "claude", `echo should-not-run`), func(d *Deps) {
		d.Budgets = fakeBudgets{Headroom{Limited: true, RemainingUSD: -0.2, Budget: `global daily budget "team" ($5.00)`, SpentUSD: 5.2}}
	})
	tr := h.newTrigger("blocked", "claude")
	ex := h.wait(h.submit(tr, "x").ID, 30*time.Second, StatusFailed, StatusSuccess)
	if ex.Status != StatusFailed || ex.StopReason != StopBudget || ex.ExitCode != nil {
		t.Fatalf("status %s stop %q exit %v, want refused", ex.Status, ex.StopReason, ex.ExitCode)
	}
	if !strings.Contains(ex.ErrorMessage, `global daily budget "team" ($5.00)`) || !strings.Contains(ex.ErrorMessage, "$5.20") {
		t.Fatalf("message %q does not name the budget", ex.ErrorMessage)
	}
	for _, l := range h.allLines(ex.ID) {
		if strings.Contains(l.Text, "should-not-run") {
			t.Fatal("the CLI ran")
		}
	}
}

// A running run that spends what is left of a hard budget is stopped with the reason budget.
func TestHardBudgetStopsRunningRun(t *testing.T) {
	t.Parallel()
	h := guardHarness(t, scriptCLI(t, "opencode", opencodeSteps), func(d *Deps) {
		d.Budgets = fakeBudgets{Headroom{Limited: true, RemainingUSD: 0.25, Budget: "global weekly budget ($10.00)", SpentUSD: 9.75}}
	})
	tr := h.newTrigger("near the limit", "opencode")
	ex := h.wait(h.submit(tr, "x").ID, 60*time.Second, StatusFailed, StatusSuccess)
	if ex.Status != StatusFailed || ex.StopReason != StopBudget || !strings.Contains(ex.ErrorMessage, "global weekly budget") {
		t.Fatalf("status %s stop %q (%s)", ex.Status, ex.StopReason, ex.ErrorMessage)
	}
}

package execution

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/trigger"
)

// dbBudget is one global hard budget over the finished runs of the test's database, read the way
// the budget service reads them.
type dbBudget struct {
	d    *db.DB
	hard float64
}

const dbBudgetLabel = `global daily budget "night" ($1.00)`

func (b dbBudget) Headrooms(ctx context.Context, _ BudgetScope) ([]Headroom, error) {
	var spent float64
	err := b.d.Reader.QueryRowContext(ctx, `SELECT COALESCE(SUM(cost_usd), 0) FROM executions WHERE status NOT IN ('queued', 'running')`).Scan(&spent)
	return []Headroom{{Limited: true, RemainingUSD: b.hard - spent, Budget: dbBudgetLabel, SpentUSD: spent, Scope: "global"}}, err
}

// steps is an opencode stand-in spending $0.10 per step, n steps 0.2 s apart.
func steps(n string) string {
	return `i=1; while [ $i -le ` + n + ` ]; do
echo '{"type":"step_start","sessionID":"s","part":{}}'
echo '{"type":"step_finish","sessionID":"s","part":{"tokens":{"input":10,"output":5,"reasoning":0,"cache":{"read":0,"write":0}},"cost":0.1}}'
sleep 0.2; i=$((i+1)); done`
}

// submitAll submits one run of each trigger at once and waits for them all to end.
func submitAll(t *testing.T, h *harness, trs []trigger.Trigger) []Execution {
	t.Helper()
	ids := make([]string, len(trs))
	var wg sync.WaitGroup
	for i, tr := range trs {
		wg.Add(1)
		go func() { defer wg.Done(); ids[i] = h.submit(tr, "x").ID }()
	}
	wg.Wait()
	out := make([]Execution, len(ids))
	for i, id := range ids {
		out[i] = h.wait(id, 90*time.Second, StatusSuccess, StatusFailed, StatusCancelled, StatusTimeout)
	}
	return out
}

// Five runs start together under a $1 hard budget; each may spend $0.30 (maxCostUsd), so the
// budget takes three: the other two are refused, naming the budget, and no CLI of theirs runs.
func TestHardBudgetHoldsForConcurrentStarts(t *testing.T) {
	t.Parallel()
	h := guardHarness(t, scriptCLI(t, "opencode", steps("2")+"; sleep 2"), nil)
	h.engine.d.Budgets = dbBudget{d: h.db, hard: 1}
	h.mu.Lock()
	h.limits.MaxConcurrent = 5
	h.mu.Unlock()
	var trs []trigger.Trigger
	for i := range 5 {
		trs = append(trs, h.newTrigger("concurrent "+string(rune('a'+i)), "opencode", func(tr *trigger.Trigger) { tr.MaxCostUSD = 0.3 }))
	}
	runs := submitAll(t, h, trs)
	ran, refused, total := 0, 0, 0.0
	for _, ex := range runs {
		total += ex.Usage.CostUSD
		switch {
		case ex.Status == StatusSuccess:
			ran++
		case ex.Status == StatusFailed && ex.StopReason == StopBudget && ex.ExitCode == nil:
			refused++
			if !strings.Contains(ex.ErrorMessage, dbBudgetLabel) || !strings.Contains(ex.ErrorMessage, "running run") {
				t.Errorf("refusal %q does not name the budget and the runs holding it", ex.ErrorMessage)
			}
		default:
			t.Errorf("run %s: %s stop %q (%s)", ex.ID, ex.Status, ex.StopReason, ex.ErrorMessage)
		}
	}
	if ran != 3 || refused != 2 || total > 1 {
		t.Fatalf("%d ran, %d refused, $%.2f spent: want 3 runs, 2 refusals, at most the $1 budget", ran, refused, total)
	}
}

// Three runs without a reservation start under a $1 hard budget and spend $0.10 every 0.2 s each:
// together they cross it long before their 30 steps, and all three are stopped with the reason
// budget, though none alone spent $1.
func TestHardBudgetStopsConcurrentRuns(t *testing.T) {
	t.Parallel()
	h := guardHarness(t, scriptCLI(t, "opencode", steps("30")), nil)
	h.engine.d.Budgets = dbBudget{d: h.db, hard: 1}
	h.mu.Lock()
	h.limits.MaxConcurrent = 3
	h.mu.Unlock()
	var trs []trigger.Trigger
	for i := range 3 {
		trs = append(trs, h.newTrigger("spender "+string(rune('a'+i)), "opencode"))
	}
	runs := submitAll(t, h, trs)
	total := 0.0
	for _, ex := range runs {
		total += ex.Usage.CostUSD
		if ex.Status != StatusFailed || ex.StopReason != StopBudget || !strings.Contains(ex.ErrorMessage, dbBudgetLabel) {
			t.Errorf("run %s: %s stop %q (%s), want stopped by the budget", ex.ID, ex.Status, ex.StopReason, ex.ErrorMessage)
		}
		if ex.Usage.CostUSD >= 1 {
			t.Errorf("run %s spent $%.2f alone: the others' spending was not counted", ex.ID, ex.Usage.CostUSD)
		}
	}
	// Each run may overshoot by the step it was stopped on (output is read in blocks).
	if total > 1+3*0.2 {
		t.Fatalf("the runs spent $%.2f together under a $1 budget", total)
	}
	t.Logf("three concurrent runs stopped at $%.2f in all under the $1 budget", total)
}

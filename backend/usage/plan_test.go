package usage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/internal/testutil"
)

func TestByPlan(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	started := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC).Format(db.TimeFormat)
	runs := []struct {
		id, project, plan string
		u                 agent.Usage
	}{
		{"e1", "prj-1", "phases/01-a/01-01-PLAN.md", agent.Usage{InputTokens: 100, OutputTokens: 10, CostUSD: 1}},
		{"e2", "prj-1", "phases/01-a/01-01-PLAN.md", agent.Usage{InputTokens: 50, OutputTokens: 5, CostUSD: 0.5}},
		{"e3", "prj-1", "phases/02-b/02-01-PLAN.md", agent.Usage{InputTokens: 7, CostUSD: 0.25}},
		{"e4", "prj-2", "phases/01-a/01-01-PLAN.md", agent.Usage{InputTokens: 999, CostUSD: 9}}, // another project
		{"e5", "", "", agent.Usage{InputTokens: 999, CostUSD: 9}},                               // not a plan's run
	}
	for _, r := range runs {
		insertRun(t, d, r.id, "runner", "claude", started, r.u, "success")
		if _, err := d.Writer.Exec(`UPDATE executions SET plan_project_id = ?, plan_id = ? WHERE id = ?`, r.project, r.plan, r.id); err != nil {
			t.Fatal(err)
		}
	}
	got, err := NewReports(d).ByPlan(context.Background(), "prj-1")
	if err != nil {
		t.Fatal(err)
	}
	want := []PlanUsage{
		{PlanID: "phases/01-a/01-01-PLAN.md", Runs: 2, InputTokens: 150, OutputTokens: 15, CostUSD: 1.5},
		{PlanID: "phases/02-b/02-01-PLAN.md", Runs: 1, InputTokens: 7, CostUSD: 0.25},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	none, err := NewReports(d).ByPlan(context.Background(), "prj-none")
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("a project without plan runs: %+v, %v (want an empty list)", none, err)
	}
}

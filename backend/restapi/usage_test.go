package restapi

import (
	"net/http"
	"testing"
	"time"

	"github.com/agented/agented/backend/budget"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/usage"
)

func TestUsageAndBudgetsOverREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tr := e.newTrigger("costly")
	e.wait(e.run(tr.ID, "[fake:success]"), 30*time.Second, execution.StatusSuccess)

	var rep usage.Report
	if code := e.do("GET", "/admin/usage?groupBy=trigger,backend", nil, &rep); code != http.StatusOK {
		t.Fatalf("usage: status %d", code)
	}
	if len(rep.Rows) != 1 || rep.Rows[0].TriggerName != "costly" || rep.Rows[0].Runs != 1 || rep.Rows[0].CostUSD <= 0 {
		t.Fatalf("report = %+v, want the run's cost under its trigger", rep)
	}

	var b budget.Budget
	if code := e.do("POST", "/admin/budgets", budget.Budget{Scope: "global", Period: "day", SoftUSD: 1, HardUSD: 2}, &b); code != http.StatusCreated || b.ID == "" {
		t.Fatalf("create: %d %+v", code, b)
	}
	b.HardUSD = 3
	if code := e.do("PUT", "/admin/budgets/"+b.ID, b, &b); code != http.StatusOK || b.HardUSD != 3 {
		t.Fatalf("update: %d %+v", code, b)
	}
	var list []budget.Status
	if code := e.do("GET", "/admin/budgets", nil, &list); code != http.StatusOK || len(list) != 1 || list[0].SpentUSD <= 0 {
		t.Fatalf("list: %d %+v", code, list)
	}
	if code := e.do("DELETE", "/admin/budgets/"+b.ID, nil, nil); code != http.StatusNoContent {
		t.Fatalf("delete: %d", code)
	}

	tests := []struct {
		name, method, path string
		body               any
		want               int
	}{
		{"unknown group", "GET", "/admin/usage?groupBy=planet", nil, http.StatusBadRequest},
		{"bad from", "GET", "/admin/usage?from=yesterday", nil, http.StatusBadRequest},
		{"budget without a limit", "POST", "/admin/budgets", budget.Budget{Scope: "global", Period: "day"}, http.StatusBadRequest},
		{"budget with a bad scope", "POST", "/admin/budgets", budget.Budget{Scope: "planet", Period: "day", HardUSD: 1}, http.StatusBadRequest},
		{"budget not JSON", "POST", "/admin/budgets", `{"scope":`, http.StatusBadRequest},
		{"unknown budget", "GET", "/admin/budgets/bdg-nope", nil, http.StatusNotFound},
		{"delete unknown budget", "DELETE", "/admin/budgets/bdg-nope", nil, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			if code := e.do(tt.method, tt.path, tt.body, &body); code != tt.want || body.Error == "" {
				t.Fatalf("status %d %+v, want %d with an error", code, body, tt.want)
			}
		})
	}
}

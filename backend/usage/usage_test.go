package usage

import (
	"context"
	"errors"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/internal/testutil"
)

func TestCost(t *testing.T) {
	t.Parallel()
	p, err := NewPricing(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		backend   string
		model     string
		u         agent.Usage
		want      float64
		estimated bool
	}{
		{"reported cost wins", agent.Claude, "claude-sonnet-5", agent.Usage{CostUSD: 0.5, InputTokens: 1e6}, 0.5, false},
		{"family prefix", agent.Claude, "claude-sonnet-5", agent.Usage{InputTokens: 1e6, OutputTokens: 1e6}, 18, true},
		{"longest prefix wins", agent.Codex, "gpt-5-mini", agent.Usage{InputTokens: 1e6}, 0.25, true},
		{"cached tokens at the cache price", agent.Codex, "gpt-5", agent.Usage{InputTokens: 2e6, CachedTokens: 1e6}, 1.375, true},
		{"opencode provider prefix and claude suffix", agent.OpenCode, "anthropic/claude-haiku-4-5[1m]", agent.Usage{OutputTokens: 1e6}, 5, true},
		{"unknown model uses the backend row", agent.Gemini, "", agent.Usage{InputTokens: 1e6}, 1.25, true},
		{"no tokens costs nothing", agent.Codex, "gpt-5", agent.Usage{}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, est := p.Cost(tt.backend, tt.model, tt.u)
			if diff := got - tt.want; diff > 1e-9 || diff < -1e-9 || est != tt.estimated {
				t.Fatalf("cost = %v (estimated %v), want %v (%v)", got, est, tt.want, tt.estimated)
			}
		})
	}
}

func TestSetTableRefusesBadRows(t *testing.T) {
	t.Parallel()
	p, _ := NewPricing(context.Background(), nil)
	for name, table := range map[string][]Price{
		"empty model":    {{Model: " ", InputPerMTok: 1}},
		"duplicate":      {{Model: "a"}, {Model: "A"}},
		"negative price": {{Model: "a", OutputPerMTok: -1}},
		"absurd price":   {{Model: "a", InputPerMTok: 1e9}},
	} {
		if _, err := p.SetTable(context.Background(), table); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	got, err := p.SetTable(context.Background(), []Price{{Model: " My-Model ", InputPerMTok: 2}})
	if err != nil || len(got) != 1 || got[0].Model != "my-model" {
		t.Fatalf("set = %+v %v", got, err)
	}
	if pr, ok := p.Lookup("codex", "my-model-2"); !ok || pr.InputPerMTok != 2 {
		t.Fatalf("lookup = %+v %v", pr, ok)
	}
}

// insertRun stores a finished run with its usage, as the engine records it.
func insertRun(t *testing.T, d *db.DB, id, trigger, backend, started string, u agent.Usage, status string) {
	t.Helper()
	raw := `{"inputTokens":` + itoa(u.InputTokens) + `,"outputTokens":` + itoa(u.OutputTokens) + `,"cachedTokens":0,"model":"` + u.Model + `","costEstimated":` + map[bool]string{true: "true", false: "false"}[u.CostEstimated] + `}`
	_, err := d.Writer.Exec(`INSERT INTO executions(id, trigger_id, trigger_name, kind, backend_type, status, queued_at, started_at,
		usage, cost_usd, trigger_snapshot) VALUES(?, NULL, ?, 'manual', ?, ?, ?, ?, ?, ?, '{"accountId":"acc-1"}')`,
		id, trigger, backend, status, started, started, raw, u.CostUSD)
	if err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestReportAggregates(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	r := NewReports(d)
	day1 := time.Date(2026, 3, 10, 12, 0, 0, 0, time.Local)
	day2 := day1.AddDate(0, 0, 1)
	f := func(t time.Time) string { return t.UTC().Format(db.TimeFormat) }
	insertRun(t, d, "e1", "nightly", "claude", f(day1), agent.Usage{InputTokens: 100, OutputTokens: 10, Model: "claude-sonnet-5", CostUSD: 1}, "success")
	insertRun(t, d, "e2", "nightly", "claude", f(day2), agent.Usage{InputTokens: 200, OutputTokens: 20, Model: "claude-sonnet-5", CostUSD: 2}, "failed")
	insertRun(t, d, "e3", "review", "codex", f(day2), agent.Usage{InputTokens: 50, Model: "gpt-5", CostUSD: 0.5, CostEstimated: true}, "success")
	insertRun(t, d, "e4", "review", "codex", f(day2), agent.Usage{InputTokens: 999, CostUSD: 9}, "running")
	from, to := day1.AddDate(0, 0, -1).Format(time.RFC3339), day2.AddDate(0, 0, 1).Format(time.RFC3339)
	tests := []struct {
		name  string
		group []string
		want  []Row
	}{
		{"total", nil, []Row{{Runs: 3, InputTokens: 350, OutputTokens: 30, CostUSD: 3.5, EstimatedUSD: 0.5}}},
		{"by day", []string{"day"}, []Row{
			{Day: "2026-03-10", Runs: 1, InputTokens: 100, OutputTokens: 10, CostUSD: 1},
			{Day: "2026-03-11", Runs: 2, InputTokens: 250, OutputTokens: 20, CostUSD: 2.5, EstimatedUSD: 0.5},
		}},
		{"by backend and model", []string{"model", "backend"}, []Row{
			{Backend: "claude", Model: "claude-sonnet-5", Runs: 2, InputTokens: 300, OutputTokens: 30, CostUSD: 3},
			{Backend: "codex", Model: "gpt-5", Runs: 1, InputTokens: 50, CostUSD: 0.5, EstimatedUSD: 0.5},
		}},
		{"by account", []string{"account"}, []Row{{AccountID: "acc-1", Runs: 3, InputTokens: 350, OutputTokens: 30, CostUSD: 3.5, EstimatedUSD: 0.5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := r.Get(context.Background(), Query{From: from, To: to, GroupBy: tt.group})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Rows) != len(tt.want) {
				t.Fatalf("rows = %+v, want %+v", rep.Rows, tt.want)
			}
			for i, w := range tt.want {
				if rep.Rows[i] != w {
					t.Errorf("row %d = %+v, want %+v", i, rep.Rows[i], w)
				}
			}
		})
	}
	for name, q := range map[string]Query{
		"bad group": {GroupBy: []string{"planet"}},
		"bad from":  {From: "yesterday"},
		"reversed":  {From: to, To: from},
		"too long":  {From: "2020-01-01T00:00:00Z", To: "2026-01-01T00:00:00Z"},
	} {
		if _, err := r.Get(context.Background(), q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%s: err = %v, want ErrBadQuery", name, err)
		}
	}
}

// A run the router moved between accounts counts once, with every attempt's spending, each on
// the account (and backend, and model) that spent it.
func TestReportCountsEveryAttempt(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	r := NewReports(d)
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.Local).UTC().Format(db.TimeFormat)
	insertRun(t, d, "moved", "nightly", "codex", at, agent.Usage{InputTokens: 1300, OutputTokens: 150, Model: "gpt-5", CostUSD: 0.7}, "success")
	for _, a := range []struct {
		n                 int
		backend, acc, use string
		cost              float64
	}{
		{1, "claude", "acc-a", `{"inputTokens":1000,"outputTokens":100,"model":"claude-sonnet-5"}`, 0.5},
		{2, "codex", "acc-b", `{"inputTokens":300,"outputTokens":50,"model":"gpt-5"}`, 0.2},
	} {
		if _, err := d.Writer.Exec(`INSERT INTO execution_attempts(execution_id, attempt, entry, backend, account_id, status, started_at, usage, cost_usd)
			VALUES('moved', ?, 0, ?, ?, 'failed', ?, ?, ?)`, a.n, a.backend, a.acc, at, a.use, a.cost); err != nil {
			t.Fatal(err)
		}
	}
	insertRun(t, d, "refused", "nightly", "claude", at, agent.Usage{}, "failed") // no attempt: its trigger's account
	from, to := "2026-03-01T00:00:00Z", "2026-03-20T00:00:00Z"
	tests := []struct {
		name  string
		group []string
		want  []Row
	}{
		{"total", nil, []Row{{Runs: 2, InputTokens: 1300, OutputTokens: 150, CostUSD: 0.7}}},
		{"by account", []string{"account"}, []Row{
			{AccountID: "acc-1", Runs: 1},
			{AccountID: "acc-a", Runs: 1, InputTokens: 1000, OutputTokens: 100, CostUSD: 0.5},
			{AccountID: "acc-b", Runs: 1, InputTokens: 300, OutputTokens: 50, CostUSD: 0.2},
		}},
		{"by backend and model", []string{"backend", "model"}, []Row{
			{Backend: "claude", Model: "", Runs: 1},
			{Backend: "claude", Model: "claude-sonnet-5", Runs: 1, InputTokens: 1000, OutputTokens: 100, CostUSD: 0.5},
			{Backend: "codex", Model: "gpt-5", Runs: 1, InputTokens: 300, OutputTokens: 50, CostUSD: 0.2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := r.Get(context.Background(), Query{From: from, To: to, GroupBy: tt.group})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Rows) != len(tt.want) {
				t.Fatalf("rows = %+v, want %+v", rep.Rows, tt.want)
			}
			for i, w := range tt.want {
				if got := rep.Rows[i]; got.AccountID != w.AccountID || got.Backend != w.Backend || got.Model != w.Model ||
					got.Runs != w.Runs || got.InputTokens != w.InputTokens || got.OutputTokens != w.OutputTokens ||
					math.Abs(got.CostUSD-w.CostUSD) > 1e-9 {
					t.Errorf("row %d = %+v, want %+v", i, got, w)
				}
			}
		})
	}
}

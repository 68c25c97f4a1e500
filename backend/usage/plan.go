package usage

import (
	"context"
	"fmt"
)

// PlanUsage is what the runs started from one plan of a project's planning board used.
type PlanUsage struct {
	PlanID       string  `json:"planId"`
	Runs         int     `json:"runs"`
	InputTokens  int64   `json:"inputTokens"`
	OutputTokens int64   `json:"outputTokens"`
	CachedTokens int64   `json:"cachedTokens"`
	CostUSD      float64 `json:"costUsd"`
}

// ByPlan sums the usage of every run tagged with a plan of the project, per plan. Queued and
// running runs count as runs; their tokens arrive when they finish.
func (r *Reports) ByPlan(ctx context.Context, projectID string) ([]PlanUsage, error) {
	rows, err := r.db.Reader.QueryContext(ctx, `SELECT plan_id, COUNT(*),
		COALESCE(SUM(json_extract(usage, '$.inputTokens')), 0),
		COALESCE(SUM(json_extract(usage, '$.outputTokens')), 0),
		COALESCE(SUM(json_extract(usage, '$.cachedTokens')), 0),
		COALESCE(SUM(cost_usd), 0)
		FROM executions WHERE plan_project_id = ? AND plan_id != '' GROUP BY plan_id ORDER BY plan_id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("plan usage: %w", err)
	}
	defer rows.Close()
	out := []PlanUsage{}
	for rows.Next() {
		var u PlanUsage
		if err := rows.Scan(&u.PlanID, &u.Runs, &u.InputTokens, &u.OutputTokens, &u.CachedTokens, &u.CostUSD); err != nil {
			return nil, fmt.Errorf("plan usage: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

package trigger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/validation"
)

// Stall actions: what Agented does with a run that prints nothing while its processes sit idle.
const (
	StallWarn   = "warn"   // mark the run stalled and notify; it keeps running
	StallCancel = "cancel" // stop it with stop reason "stalled"
)

// Bounds of the guard fields.
const (
	MaxStallMinutes = 24 * 60
	MaxCostUSD      = 100_000
)

// Isolation modes: where a run works.
const (
	IsolationNone     = "none"     // in the trigger's directory
	IsolationWorktree = "worktree" // in its own git worktree on branch agented/<run id>
)

// normalizeGuards fills the default stall action and isolation.
func normalizeGuards(t *Trigger) {
	if t.StallAction == "" {
		t.StallAction = StallWarn
	}
	if t.Isolation == "" {
		t.Isolation = IsolationNone
	}
}

func validateGuards(t Trigger, errs *validation.Errors) {
	if t.StallMinutes < 0 || t.StallMinutes > MaxStallMinutes {
		errs.Add("stallMinutes", fmt.Sprintf("must be between 0 (off) and %d", MaxStallMinutes))
	}
	if t.StallAction != StallWarn && t.StallAction != StallCancel {
		errs.Add("stallAction", "must be warn or cancel")
	}
	if t.MaxCostUSD < 0 || t.MaxCostUSD > MaxCostUSD || t.MaxCostUSD != t.MaxCostUSD {
		errs.Add("maxCostUsd", fmt.Sprintf("must be between 0 (no limit) and %d", MaxCostUSD))
	}
	if t.Isolation != IsolationNone && t.Isolation != IsolationWorktree {
		errs.Add("isolation", "must be none or worktree")
	}
}

func saveGuards(ctx context.Context, h db.Handler, t Trigger) error {
	_, err := h.ExecContext(ctx, `INSERT INTO trigger_guards(trigger_id, stall_minutes, stall_action, max_cost_usd, isolation)
		VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(trigger_id) DO UPDATE SET stall_minutes = excluded.stall_minutes, stall_action = excluded.stall_action,
		max_cost_usd = excluded.max_cost_usd, isolation = excluded.isolation`, t.ID, t.StallMinutes, t.StallAction, t.MaxCostUSD, t.Isolation)
	if err != nil {
		return fmt.Errorf("save guards: %w", db.WrapError(err))
	}
	return nil
}

func loadGuards(ctx context.Context, h db.Handler, t *Trigger) error {
	t.StallAction, t.Isolation = StallWarn, IsolationNone
	err := h.QueryRowContext(ctx, `SELECT stall_minutes, stall_action, max_cost_usd, isolation FROM trigger_guards WHERE trigger_id = ?`, t.ID).
		Scan(&t.StallMinutes, &t.StallAction, &t.MaxCostUSD, &t.Isolation)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read guards: %w", err)
	}
	return nil
}

// loadAllGuards fills the guards of a list in one query.
func loadAllGuards(ctx context.Context, h db.Handler, list []Summary) error {
	rows, err := h.QueryContext(ctx, `SELECT trigger_id, stall_minutes, stall_action, max_cost_usd, isolation FROM trigger_guards`)
	if err != nil {
		return fmt.Errorf("read guards: %w", err)
	}
	defer rows.Close()
	type guard struct {
		minutes   int
		action    string
		cost      float64
		isolation string
	}
	byID := map[string]guard{}
	for rows.Next() {
		var id string
		var g guard
		if err := rows.Scan(&id, &g.minutes, &g.action, &g.cost, &g.isolation); err != nil {
			return err
		}
		byID[id] = g
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range list {
		g, ok := byID[list[i].ID]
		if !ok {
			g.action, g.isolation = StallWarn, IsolationNone
		}
		list[i].StallMinutes, list[i].StallAction, list[i].MaxCostUSD = g.minutes, g.action, g.cost
		list[i].Isolation = g.isolation
	}
	return nil
}

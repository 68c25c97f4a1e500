package trigger

import (
	"context"
	"fmt"

	"github.com/agented/agented/backend/db"
)

// ListBySource returns the enabled triggers of one source (webhook, github...) with their linked
// paths, oldest first so dispatch order is stable from one delivery to the next. It runs on every
// delivery, so it leaves HasWebhookSecret false rather than asking the keyring once per trigger
// (a D-Bus round trip each): the webhook service keeps its own record of which triggers have one.
func (s *Service) ListBySource(ctx context.Context, source string) ([]Trigger, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT `+columns+` FROM triggers
		WHERE trigger_source = ? AND enabled = 1 ORDER BY created_at, id`, source)
	if err != nil {
		return nil, fmt.Errorf("list %s triggers: %w", source, err)
	}
	defer rows.Close()
	out := []Trigger{}
	for rows.Next() {
		t, err := scanTrigger(rows)
		if err != nil {
			return nil, fmt.Errorf("scan trigger: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Paths are read after the rows are closed, so one reader connection is enough.
	all, err := allPaths(ctx, s.db.Reader)
	if err != nil {
		return nil, err
	}
	paused, err := pausedTriggers(ctx, s.db.Reader)
	if err != nil {
		return nil, err
	}
	// A run of these triggers is made from this list (scheduled firings, webhooks): it needs
	// their accounts, fallback chains and run guards as a single Get would give them.
	if err := routesAndGuards(ctx, s.db.Reader, out); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Paths = pathsOf(all, out[i].ID)
		out[i].applyPause(paused[out[i].ID])
	}
	return out, nil
}

// routesAndGuards fills the routes and guards of a list, one query each.
func routesAndGuards(ctx context.Context, h db.Handler, list []Trigger) error {
	sums := make([]Summary, len(list))
	for i := range list {
		sums[i].ID = list[i].ID
	}
	if err := loadRoutes(ctx, h, sums); err != nil {
		return err
	}
	if err := loadAllGuards(ctx, h, sums); err != nil {
		return err
	}
	for i, s := range sums {
		list[i].AccountID, list[i].FallbackChain = s.AccountID, s.FallbackChain
		list[i].StallMinutes, list[i].StallAction, list[i].MaxCostUSD = s.StallMinutes, s.StallAction, s.MaxCostUSD
	}
	return nil
}

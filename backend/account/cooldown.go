package account

import (
	"context"
	"fmt"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
)

// SetCooldown rests an account (or, for key = a backend name, a backend run without account)
// until a limit resets. A later reset replaces an earlier one; an earlier one never shortens it.
func (s *Service) SetCooldown(ctx context.Context, key string, until time.Time, failure, reason string) error {
	u := until.UTC().Format(time.RFC3339)
	_, err := s.db.Exec(ctx, `INSERT INTO account_cooldowns(key, until, reason, failure, created_at) VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET until = excluded.until, reason = excluded.reason, failure = excluded.failure
		WHERE excluded.until > account_cooldowns.until`, key, u, reason, failure, db.Now())
	if err != nil {
		return fmt.Errorf("store cooldown: %w", err)
	}
	s.log.InfoContext(ctx, "account cooling down", "key", key, "until", u, "failure", failure)
	s.em.Emit(events.AccountsChanged, nil)
	return nil
}

// ClearCooldown ends a cooldown now (the user knows better, e.g. after buying credits).
func (s *Service) ClearCooldown(ctx context.Context, key string) error {
	res, err := s.db.Exec(ctx, `DELETE FROM account_cooldowns WHERE key = ?`, key)
	if err != nil {
		return fmt.Errorf("clear cooldown: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: no cooldown for %s", ErrNotFound, key)
	}
	s.log.InfoContext(ctx, "cooldown cleared", "key", key)
	s.em.Emit(events.AccountsChanged, nil)
	return nil
}

// Cooldowns returns the cooldowns in force now, by key.
func (s *Service) Cooldowns(ctx context.Context) (map[string]Cooldown, error) {
	return s.activeCooldowns(ctx)
}

// CooldownList returns the cooldowns in force now, soonest reset first.
func (s *Service) CooldownList(ctx context.Context) ([]Cooldown, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT key, until, reason, failure FROM account_cooldowns WHERE until > ? ORDER BY until, key`,
		s.now().UTC().Format(time.RFC3339))
	if err != nil {
		return nil, fmt.Errorf("read cooldowns: %w", err)
	}
	defer rows.Close()
	out := []Cooldown{}
	for rows.Next() {
		var c Cooldown
		if err := rows.Scan(&c.Key, &c.Until, &c.Reason, &c.Failure); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Service) activeCooldowns(ctx context.Context) (map[string]Cooldown, error) {
	list, err := s.CooldownList(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Cooldown, len(list))
	for _, c := range list {
		out[c.Key] = c
	}
	return out, nil
}

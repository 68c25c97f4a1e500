package trigger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/agented/agented/backend/db"
)

// PauseState is the persisted pause of a trigger.
type PauseState struct {
	Paused    bool
	Reason    string
	PausedAt  string
	CountFrom string
}

// Failures is a trigger's latest run of failures in a row, newest first.
type Failures struct {
	Count        int    // failed or timed-out runs since the last success (or resume)
	LastID       string // the newest of them
	LastError    string
	LastFinished string
}

// Pause pauses a trigger with a reason. paused is false when it was paused already, so a
// caller notifies only once.
func (s *Service) Pause(ctx context.Context, id, reason string) (t Trigger, paused bool, err error) {
	now := db.Now()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := getTrigger(ctx, tx, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO trigger_pauses(trigger_id, paused, reason, paused_at) VALUES(?, 1, ?, ?)
			ON CONFLICT(trigger_id) DO UPDATE SET paused = 1, reason = excluded.reason, paused_at = excluded.paused_at
			WHERE trigger_pauses.paused = 0`, id, reason, now)
		if err != nil {
			return fmt.Errorf("pause trigger: %w", db.WrapError(err))
		}
		n, _ := res.RowsAffected()
		paused = n > 0
		return nil
	})
	if err != nil {
		return Trigger{}, false, err
	}
	if paused {
		s.log.WarnContext(ctx, "trigger paused", "trigger_id", id, "reason", reason)
	}
	t, err = s.changed(ctx, id)
	return t, paused, err
}

// Resume lets a paused trigger fire again. Failures before now stop counting, so the next
// failure alone does not pause it again.
func (s *Service) Resume(ctx context.Context, id string) (Trigger, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := getTrigger(ctx, tx, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE trigger_pauses SET paused = 0, reason = '', paused_at = '', count_from = ?
			WHERE trigger_id = ? AND paused = 1`, db.Now(), id)
		if err != nil {
			return fmt.Errorf("resume trigger: %w", db.WrapError(err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %s", ErrNotPaused, id)
		}
		return nil
	})
	if err != nil {
		return Trigger{}, err
	}
	s.log.InfoContext(ctx, "trigger resumed", "trigger_id", id)
	return s.changed(ctx, id)
}

// RecentFailures counts the trigger's newest finished runs that failed (failed or timeout), up
// to limit, stopping at the first success and ignoring runs that finished before the last
// resume. Cancelled and interrupted runs neither count nor reset: the user or a shutdown
// stopped them, the bot did not fail.
func (s *Service) RecentFailures(ctx context.Context, id string, limit int) (Failures, error) {
	var from string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT count_from FROM trigger_pauses WHERE trigger_id = ?`, id).Scan(&from)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Failures{}, fmt.Errorf("read pause state: %w", err)
	}
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, status, error_message, finished_at FROM executions
		WHERE trigger_id = ? AND status IN ('success', 'failed', 'timeout') AND finished_at > ?
		ORDER BY finished_at DESC, id DESC LIMIT ?`, id, from, limit)
	if err != nil {
		return Failures{}, fmt.Errorf("read recent runs: %w", err)
	}
	defer rows.Close()
	var f Failures
	for rows.Next() {
		var runID, status, msg, finished string
		if err := rows.Scan(&runID, &status, &msg, &finished); err != nil {
			return Failures{}, err
		}
		if status == "success" {
			break
		}
		if f.Count == 0 {
			f.LastID, f.LastError, f.LastFinished = runID, msg, finished
		}
		f.Count++
	}
	return f, rows.Err()
}

// pauseOf reads one trigger's pause state; a trigger never paused has the zero state.
func pauseOf(ctx context.Context, h db.Handler, id string) (PauseState, error) {
	var p PauseState
	err := h.QueryRowContext(ctx, `SELECT paused, reason, paused_at, count_from FROM trigger_pauses WHERE trigger_id = ?`, id).
		Scan(&p.Paused, &p.Reason, &p.PausedAt, &p.CountFrom)
	if errors.Is(err, sql.ErrNoRows) {
		return PauseState{}, nil
	}
	if err != nil {
		return PauseState{}, fmt.Errorf("read pause state: %w", err)
	}
	return p, nil
}

// pausedTriggers reads every paused trigger's state in one query, for lists.
func pausedTriggers(ctx context.Context, h db.Handler) (map[string]PauseState, error) {
	rows, err := h.QueryContext(ctx, `SELECT trigger_id, reason, paused_at FROM trigger_pauses WHERE paused = 1`)
	if err != nil {
		return nil, fmt.Errorf("read paused triggers: %w", err)
	}
	defer rows.Close()
	out := map[string]PauseState{}
	for rows.Next() {
		var id string
		p := PauseState{Paused: true}
		if err := rows.Scan(&id, &p.Reason, &p.PausedAt); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
}

// applyPause copies a pause state onto the trigger's wire fields.
func (t *Trigger) applyPause(p PauseState) {
	t.Paused, t.PausedReason, t.PausedAt = p.Paused, p.Reason, p.PausedAt
}

package schedule

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/agented/agented/backend/db"
)

// Outcomes of a plan's last fire time.
const (
	OutcomeFired    = "fired"     // a run was queued on time
	OutcomeCaughtUp = "caught-up" // the fire time was missed; one catch-up run was queued (run-once)
	OutcomeMissed   = "missed"    // the fire time was missed and skipped (skip)
	OutcomeSkipped  = "skipped"   // the engine refused the run (concurrency skip, disabled...)
)

// Plan is the durable state of one scheduled trigger: when it fires next and what its last fire
// time did.
type Plan struct {
	TriggerID     string
	SpecKey       string    // Spec.Key() the plan was computed from
	NextAt        time.Time // zero: no next fire (a once trigger that has fired)
	LastPlannedAt time.Time // the fire time handled last; zero when none yet
	LastOutcome   string
	LastDetail    string
}

// Store holds everything the scheduler must not lose and that several processes sharing one
// database would have to agree on: each trigger's plan, and the claim that moves a plan past a
// fire time exactly once. Together with the execution queue (the engine's queued runs) it is the
// state a multi-machine deployment moves to PostgreSQL: there Claim becomes a conditional
// UPDATE (or River's unique job insert) in the same transaction as the queued run, and the timer
// loop stays as it is.
type Store interface {
	// Plans returns every stored plan.
	Plans(ctx context.Context) ([]Plan, error)
	// Save creates or replaces a plan.
	Save(ctx context.Context, p Plan) error
	// Delete forgets a trigger's plan.
	Delete(ctx context.Context, triggerID string) error
	// Claim returns the step that moves a plan from the fire time from to next, to be run in the
	// transaction that queues the run, so the run exists exactly when the claim does. It fails
	// with ErrClaimed when the plan is no longer at from.
	Claim(from time.Time, next Plan) func(ctx context.Context, tx *sql.Tx) error
}

// SQLStore keeps plans in SQLite (table schedule_plans).
type SQLStore struct{ db *db.DB }

var _ Store = (*SQLStore)(nil)

// NewSQLStore returns the SQLite store.
func NewSQLStore(d *db.DB) *SQLStore { return &SQLStore{db: d} }

// Plans returns every stored plan.
func (s *SQLStore) Plans(ctx context.Context) ([]Plan, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT trigger_id, spec_key, next_fire_at, last_planned_at, last_outcome, last_detail
		FROM schedule_plans ORDER BY next_fire_ms`)
	if err != nil {
		return nil, fmt.Errorf("read plans: %w", err)
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		var p Plan
		var next, last string
		if err := rows.Scan(&p.TriggerID, &p.SpecKey, &next, &last, &p.LastOutcome, &p.LastDetail); err != nil {
			return nil, fmt.Errorf("scan plan: %w", err)
		}
		p.NextAt, p.LastPlannedAt = parseStamp(next), parseStamp(last)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Save creates or replaces a plan.
func (s *SQLStore) Save(ctx context.Context, p Plan) error {
	_, err := s.db.Exec(ctx, `INSERT INTO schedule_plans(trigger_id, spec_key, next_fire_at, next_fire_ms, last_planned_at,
		last_outcome, last_detail, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(trigger_id) DO UPDATE SET spec_key = excluded.spec_key, next_fire_at = excluded.next_fire_at,
		next_fire_ms = excluded.next_fire_ms, last_planned_at = excluded.last_planned_at, last_outcome = excluded.last_outcome,
		last_detail = excluded.last_detail, updated_at = excluded.updated_at`,
		p.TriggerID, p.SpecKey, stamp(p.NextAt), millis(p.NextAt), stamp(p.LastPlannedAt), p.LastOutcome, p.LastDetail, db.Now())
	if err != nil {
		return fmt.Errorf("save plan of %s: %w", p.TriggerID, db.WrapError(err))
	}
	return nil
}

// Delete forgets a trigger's plan.
func (s *SQLStore) Delete(ctx context.Context, triggerID string) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM schedule_plans WHERE trigger_id = ?`, triggerID); err != nil {
		return fmt.Errorf("delete plan of %s: %w", triggerID, err)
	}
	return nil
}

// Claim returns the conditional update that moves a plan past from.
func (s *SQLStore) Claim(from time.Time, next Plan) func(ctx context.Context, tx *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE schedule_plans SET next_fire_at = ?, next_fire_ms = ?, last_planned_at = ?,
			last_outcome = ?, last_detail = ?, updated_at = ? WHERE trigger_id = ? AND next_fire_ms = ?`,
			stamp(next.NextAt), millis(next.NextAt), stamp(next.LastPlannedAt), next.LastOutcome, next.LastDetail, db.Now(),
			next.TriggerID, millis(from))
		if err != nil {
			return fmt.Errorf("claim fire time of %s: %w", next.TriggerID, db.WrapError(err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %s at %s", ErrClaimed, next.TriggerID, stamp(from))
		}
		return nil
	}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func parseStamp(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

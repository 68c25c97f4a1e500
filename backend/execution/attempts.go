package execution

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
)

// SaveAttempt inserts or updates one attempt of a run.
func (s *Store) SaveAttempt(ctx context.Context, id string, a Attempt) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return saveAttemptTx(ctx, tx, id, a) })
}

func saveAttemptTx(ctx context.Context, tx *sql.Tx, id string, a Attempt) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO execution_attempts(execution_id, attempt, entry, backend, account_id, account_name,
		model, billing, status, failure_kind, reason, reset_at, session_id, changed_files, resumed, started_at, finished_at,
		usage, cost_usd)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(execution_id, attempt) DO UPDATE SET status = excluded.status, failure_kind = excluded.failure_kind,
		reason = excluded.reason, reset_at = excluded.reset_at, session_id = excluded.session_id,
		changed_files = excluded.changed_files, finished_at = excluded.finished_at, usage = excluded.usage,
		cost_usd = excluded.cost_usd`,
		id, a.Attempt, a.Entry, a.Backend, a.AccountID, a.AccountName, a.Model, a.Billing, a.Status, a.FailureKind, a.Reason,
		a.ResetAt, a.SessionID, a.ChangedFiles, a.Resumed, a.StartedAt, a.FinishedAt, mustJSON(a.Usage), a.Usage.CostUSD)
	if err != nil {
		return fmt.Errorf("save attempt: %w", db.WrapError(err))
	}
	return nil
}

// Attempts returns a run's attempts in order.
func (s *Store) Attempts(ctx context.Context, id string) ([]Attempt, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT attempt, entry, backend, account_id, account_name, model, billing, status,
		failure_kind, reason, reset_at, session_id, changed_files, resumed, started_at, finished_at, usage
		FROM execution_attempts WHERE execution_id = ? ORDER BY attempt`, id)
	if err != nil {
		return nil, fmt.Errorf("read attempts: %w", err)
	}
	defer rows.Close()
	out := []Attempt{}
	for rows.Next() {
		var a Attempt
		var usage string
		if err := rows.Scan(&a.Attempt, &a.Entry, &a.Backend, &a.AccountID, &a.AccountName, &a.Model, &a.Billing, &a.Status,
			&a.FailureKind, &a.Reason, &a.ResetAt, &a.SessionID, &a.ChangedFiles, &a.Resumed, &a.StartedAt, &a.FinishedAt, &usage); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(usage), &a.Usage); err != nil {
			return nil, fmt.Errorf("read attempt %d usage: %w", a.Attempt, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Wait puts a running run back in the queue until its accounts' limits reset: it keeps its log
// (figures included, so the next attempt numbers on) and its attempts, and is dispatched again
// once wait_until has passed, also after a restart.
func (s *Store) Wait(ctx context.Context, e Execution) error {
	_, err := s.db.Exec(ctx, `UPDATE executions SET status = ?, wait_until = ?, wait_reason = ?, line_count = ?, stored_bytes = ?,
		backend_type = ?, account_id = ?, account_name = ?, billing = ?, failure_kind = ?, failure_evidence = ?, reset_at = ?,
		warnings = ? WHERE id = ? AND status = ?`,
		StatusQueued, e.WaitUntil, e.WaitReason, e.LineCount, e.StoredBytes, e.BackendType, e.AccountID, e.AccountName, e.Billing,
		e.FailureKind, e.FailureEvidence, e.ResetAt, mustJSON(e.Warnings), e.ID, StatusRunning)
	if err != nil {
		return fmt.Errorf("queue the run to wait: %w", db.WrapError(err))
	}
	return nil
}

// NextWait returns the earliest wait_until of a waiting run, "" when none waits.
func (s *Store) NextWait(ctx context.Context) (string, error) {
	var at string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT COALESCE(MIN(wait_until), '') FROM executions WHERE status = ? AND wait_until <> ''`,
		StatusQueued).Scan(&at)
	return at, err
}

// sumUsage adds up the usage of a run's attempts: tokens, turns and cost add (the cost is
// estimated when any part of it is); the model and the session are the last attempt's.
func sumUsage(atts []Attempt) agent.Usage {
	var u agent.Usage
	for _, a := range atts {
		u = plusUsage(u, a.Usage)
	}
	return u
}

// plusUsage returns prior with next's figures added; next's model and session win when set.
func plusUsage(prior, next agent.Usage) agent.Usage {
	out := next
	out.InputTokens += prior.InputTokens
	out.OutputTokens += prior.OutputTokens
	out.CachedTokens += prior.CachedTokens
	out.CostUSD += prior.CostUSD
	out.CostEstimated = next.CostEstimated || prior.CostEstimated
	out.Turns += prior.Turns
	if out.Model == "" {
		out.Model = prior.Model
	}
	if out.SessionID == "" {
		out.SessionID = prior.SessionID
	}
	return out
}

package execution

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/agented/agented/backend/db"
)

// Store is the SQL side of executions. Writes go through the single writer connection; reads use
// the reader pool, which WAL lets run while a batch is being written.
type Store struct {
	db *db.DB
}

// NewStore returns the store.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

const execColumns = `id, COALESCE(trigger_id, ''), trigger_name, kind, backend_type, status, prompt, message, argv,
	working_dir, exit_code, queued_at, started_at, finished_at, duration_ms, error_message, failure_kind,
	failure_evidence, reset_at, usage, line_count, stored_bytes, truncated, warnings, rerun_of`

func scanExecution(row interface{ Scan(...any) error }) (Execution, error) {
	var e Execution
	var argv, usage, warnings string
	var exit sql.NullInt64
	err := row.Scan(&e.ID, &e.TriggerID, &e.TriggerName, &e.Kind, &e.BackendType, &e.Status, &e.Prompt, &e.Message,
		&argv, &e.WorkingDir, &exit, &e.QueuedAt, &e.StartedAt, &e.FinishedAt, &e.DurationMs, &e.ErrorMessage,
		&e.FailureKind, &e.FailureEvidence, &e.ResetAt, &usage, &e.LineCount, &e.StoredBytes, &e.Truncated, &warnings, &e.RerunOf)
	if err != nil {
		return e, err
	}
	if exit.Valid {
		c := int(exit.Int64)
		e.ExitCode = &c
	}
	_ = json.Unmarshal([]byte(argv), &e.Argv)
	_ = json.Unmarshal([]byte(usage), &e.Usage)
	_ = json.Unmarshal([]byte(warnings), &e.Warnings)
	if e.Argv == nil {
		e.Argv = []string{}
	}
	if e.Warnings == nil {
		e.Warnings = []string{}
	}
	return e, nil
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Insert creates a queued execution with its trigger snapshot.
func (s *Store) Insert(ctx context.Context, e Execution, snapshot string) error {
	_, err := s.db.Writer.ExecContext(ctx, `INSERT INTO executions(id, trigger_id, trigger_name, kind, backend_type, status,
		prompt, message, argv, working_dir, trigger_snapshot, queued_at, warnings, rerun_of)
		VALUES(?, NULLIF(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.TriggerID, e.TriggerName, e.Kind, e.BackendType, e.Status, e.Prompt, e.Message, mustJSON(e.Argv),
		e.WorkingDir, snapshot, e.QueuedAt, mustJSON(e.Warnings), e.RerunOf)
	if err != nil {
		return fmt.Errorf("insert execution: %w", db.WrapError(err))
	}
	return nil
}

// MarkRunning records the start of the process.
func (s *Store) MarkRunning(ctx context.Context, e Execution) error {
	_, err := s.db.Writer.ExecContext(ctx, `UPDATE executions SET status = ?, started_at = ?, argv = ?, working_dir = ?,
		warnings = ? WHERE id = ?`, StatusRunning, e.StartedAt, mustJSON(e.Argv), e.WorkingDir, mustJSON(e.Warnings), e.ID)
	return db.WrapError(err)
}

// Finish records the outcome. It only changes a row that is still queued or running, so a late
// writer cannot overwrite a final status.
func (s *Store) Finish(ctx context.Context, e Execution) error {
	var exit any
	if e.ExitCode != nil {
		exit = *e.ExitCode
	}
	_, err := s.db.Writer.ExecContext(ctx, `UPDATE executions SET status = ?, exit_code = ?, started_at = ?, finished_at = ?,
		duration_ms = ?, error_message = ?, failure_kind = ?, failure_evidence = ?, reset_at = ?, usage = ?, cost_usd = ?,
		line_count = ?, stored_bytes = ?, truncated = ?, warnings = ?
		WHERE id = ? AND status IN ('queued', 'running')`,
		e.Status, exit, e.StartedAt, e.FinishedAt, e.DurationMs, e.ErrorMessage, e.FailureKind, e.FailureEvidence, e.ResetAt,
		mustJSON(e.Usage), e.Usage.CostUSD, e.LineCount, e.StoredBytes, e.Truncated, mustJSON(e.Warnings), e.ID)
	return db.WrapError(err)
}

// Get reads one execution.
func (s *Store) Get(ctx context.Context, id string) (Execution, error) {
	e, err := scanExecution(s.db.Reader.QueryRowContext(ctx, `SELECT `+execColumns+` FROM executions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return e, err
}

// Snapshot returns the trigger snapshot stored with an execution (for re-runs).
func (s *Store) Snapshot(ctx context.Context, id string) (string, error) {
	var snap string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT trigger_snapshot FROM executions WHERE id = ?`, id).Scan(&snap)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return snap, err
}

// InterruptRunning marks runs left "running" by a previous process as interrupted. Their lines
// up to the crash are already stored.
func (s *Store) InterruptRunning(ctx context.Context, reason string) (int64, error) {
	now := db.Now()
	res, err := s.db.Writer.ExecContext(ctx, `UPDATE executions SET status = ?, finished_at = ?, error_message = ?,
		failure_kind = 'interrupted', line_count = (SELECT COALESCE(MAX(last_seq), 0) FROM execution_chunks c WHERE c.execution_id = executions.id)
		WHERE status = ?`, StatusInterrupted, now, reason, StatusRunning)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Queued returns queued executions in submission order (rowid: two runs queued in the same
// millisecond keep their order).
func (s *Store) Queued(ctx context.Context) ([]Execution, error) {
	return s.query(ctx, `SELECT `+execColumns+` FROM executions WHERE status = ? ORDER BY rowid`, StatusQueued)
}

func (s *Store) query(ctx context.Context, q string, args ...any) ([]Execution, error) {
	rows, err := s.db.Reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Execution{}
	for rows.Next() {
		e, err := scanExecution(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// streamCode maps stream names to the stored integer and back.
func streamCode(s string) int {
	switch s {
	case StreamStderr:
		return 1
	case StreamSystem:
		return 2
	}
	return 0
}

func streamName(c int) string {
	switch c {
	case 1:
		return StreamStderr
	case 2:
		return StreamSystem
	}
	return StreamStdout
}

// AppendLines stores a batch of consecutive lines as one chunk, with the run's line count, in
// one transaction.
func (s *Store) AppendLines(ctx context.Context, id string, lines []Line, lineCount, storedBytes int64) error {
	if len(lines) == 0 {
		return nil
	}
	meta, text := encodeChunk(lines)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO execution_chunks(execution_id, first_seq, last_seq, meta, text) VALUES(?, ?, ?, ?, ?)`,
			id, lines[0].Seq, lines[len(lines)-1].Seq, meta, text)
		if err != nil {
			return fmt.Errorf("insert lines %d-%d: %w", lines[0].Seq, lines[len(lines)-1].Seq, db.WrapError(err))
		}
		_, err = tx.ExecContext(ctx, `UPDATE executions SET line_count = ?, stored_bytes = ? WHERE id = ?`, lineCount, storedBytes, id)
		return err
	})
}

// Lines pages a run's log by sequence number. Lines not stored (the middle of a run over the
// output cap) are simply absent; the stored marker line says so.
func (s *Store) Lines(ctx context.Context, id string, after int64, limit int) (LinesPage, error) {
	limit = clamp(limit, 1, 5000, 1000)
	page := LinesPage{Lines: []Line{}}
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT first_seq, meta, text FROM execution_chunks
		WHERE execution_id = ? AND last_seq > ? ORDER BY first_seq`, id, after)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() && len(page.Lines) < limit {
		var first int64
		var meta []byte
		var text string
		if err := rows.Scan(&first, &meta, &text); err != nil {
			return page, err
		}
		lines, err := decodeChunk(first, meta, text)
		if err != nil {
			return page, fmt.Errorf("execution %s chunk at %d: %w", id, first, err)
		}
		for _, l := range lines {
			if l.Seq > after && len(page.Lines) < limit {
				page.Lines = append(page.Lines, l)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	rows.Close()
	err = s.db.Reader.QueryRowContext(ctx, `SELECT COALESCE(MAX(last_seq), 0) FROM execution_chunks WHERE execution_id = ?`, id).Scan(&page.Total)
	if n := len(page.Lines); n == limit && page.Lines[n-1].Seq < page.Total {
		page.Next = page.Lines[n-1].Seq
	}
	return page, err
}

func clamp(v, lo, hi, def int) int {
	if v <= 0 {
		return def
	}
	return min(max(v, lo), hi)
}

// likeEscape makes a user query literal inside LIKE.
func likeEscape(q string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
}

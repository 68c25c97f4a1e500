package execution

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/agented/agented/backend/db"
)

// Store is the SQL side of executions. Writes go through the single writer connection; reads use
// the reader pool, which WAL lets run while a batch is being written.
type Store struct {
	db     *db.DB
	logDir string // where the log files are: next to the database unless the engine says otherwise
	inline int64  // output a run keeps in its chunk rows before it gets a log file (inlineLogBytes)
}

// NewStore returns the store.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, logDir: filepath.Join(filepath.Dir(d.Path), "runs"), inline: inlineLogBytes}
}

func (s *Store) inlineLimit() int64 { return s.inline }

// execSelect is the column list of an execution with the given expressions for the prompt and
// the message.
func execSelect(prompt, message string) string {
	return `id, COALESCE(trigger_id, ''), trigger_name, kind, backend_type, status, ` + prompt + `, ` + message + `, argv,
	working_dir, exit_code, queued_at, started_at, finished_at, duration_ms, error_message, failure_kind,
	failure_evidence, reset_at, usage, line_count, stored_bytes, truncated, warnings, rerun_of,
	prompt_bytes, message_bytes, stop_reason, stalled_at, account_id, account_name, billing, wait_until, wait_reason,
	plan_project_id, plan_id`
}

// execFrom selects whole executions (the detail): the texts come from execution_texts, where a
// message found inside the prompt is stored as its byte offset there.
var execFrom = execSelect("COALESCE(t.prompt, prompt_head)",
	`CASE WHEN t.message_at IS NULL THEN COALESCE(t.message, message_head)
		ELSE CAST(substr(CAST(t.prompt AS BLOB), t.message_at + 1, message_bytes) AS TEXT) END`) +
	` FROM executions LEFT JOIN execution_texts t ON t.execution_id = executions.id`

// summaryColumns select an execution for a list from its row alone: the first KiB of the prompt
// and message (prompt_head, message_head) and their sizes, so a multi-megabyte prompt is never
// read, let alone sent. scanExecution cuts the heads to SummaryBytes at a UTF-8 boundary.
var summaryColumns = execSelect("prompt_head", "message_head")

// scanExecution reads a row of execFrom, or of summaryColumns when summary is set.
func scanExecution(row interface{ Scan(...any) error }, summary bool) (Execution, error) {
	var e Execution
	var argv, usage, warnings string
	var exit sql.NullInt64
	err := row.Scan(&e.ID, &e.TriggerID, &e.TriggerName, &e.Kind, &e.BackendType, &e.Status, &e.Prompt, &e.Message,
		&argv, &e.WorkingDir, &exit, &e.QueuedAt, &e.StartedAt, &e.FinishedAt, &e.DurationMs, &e.ErrorMessage,
		&e.FailureKind, &e.FailureEvidence, &e.ResetAt, &usage, &e.LineCount, &e.StoredBytes, &e.Truncated, &warnings, &e.RerunOf,
		&e.PromptBytes, &e.MessageBytes, &e.StopReason, &e.StalledAt, &e.AccountID, &e.AccountName, &e.Billing, &e.WaitUntil, &e.WaitReason,
		&e.PlanProjectID, &e.PlanID)
	if err != nil {
		return e, err
	}
	if summary {
		e = e.Summary()
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

// Insert creates a queued execution with its trigger snapshot. claim (may be nil) runs first in
// the same transaction; its error aborts the insert and is returned unwrapped.
func (s *Store) Insert(ctx context.Context, e Execution, snapshot string, claim func(context.Context, *sql.Tx) error) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return insertTx(ctx, tx, e, snapshot, claim) })
}

// Queued is one run for InsertMany.
type Queued struct {
	Execution Execution
	Snapshot  string
	Claim     func(context.Context, *sql.Tx) error
}

// InsertMany stores several queued runs in one transaction, each with its claim, so many runs
// due at once cost one commit. A claim that fails leaves its run out (errs[i]) and the others
// in: a claim is a conditional update that changes nothing when it fails. An insert that fails
// fails them all.
func (s *Store) InsertMany(ctx context.Context, runs []Queued) (errs []error) {
	errs = make([]error, len(runs))
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i, r := range runs {
			if r.Claim != nil {
				if errs[i] = r.Claim(ctx, tx); errs[i] != nil {
					continue
				}
			}
			if err := insertTx(ctx, tx, r.Execution, r.Snapshot, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
	}
	return errs
}

func insertTx(ctx context.Context, tx *sql.Tx, e Execution, snapshot string, claim func(context.Context, *sql.Tx) error) error {
	if claim != nil {
		if err := claim(ctx, tx); err != nil {
			return err
		}
	}
	head := e.Summary()
	_, err := tx.ExecContext(ctx, `INSERT INTO executions(id, trigger_id, trigger_name, kind, backend_type, status,
		prompt_head, message_head, prompt_bytes, message_bytes, argv, working_dir, trigger_snapshot, queued_at, warnings, rerun_of,
		plan_project_id, plan_id)
		VALUES(?, NULLIF(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.TriggerID, e.TriggerName, e.Kind, e.BackendType, e.Status, head.Prompt, head.Message, len(e.Prompt), len(e.Message),
		mustJSON(e.Argv), e.WorkingDir, snapshot, e.QueuedAt, mustJSON(e.Warnings), e.RerunOf, e.PlanProjectID, e.PlanID)
	if err != nil {
		return fmt.Errorf("insert execution: %w", db.WrapError(err))
	}
	// The message is usually inside the prompt ({message}): then only its place is stored.
	message, at := e.Message, any(nil)
	if i := strings.Index(e.Prompt, e.Message); e.Message != "" && i >= 0 {
		message, at = "", i
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO execution_texts(execution_id, prompt, message, message_at) VALUES(?, ?, ?, ?)`,
		e.ID, e.Prompt, message, at)
	if err != nil {
		return fmt.Errorf("insert execution prompt: %w", db.WrapError(err))
	}
	return nil
}

// MarkRunning records the start of the process and its attempt a, in one transaction. A run
// cancelled while the dispatcher was starting it is no longer queued: ErrNotActive then says not
// to start it, and no attempt is recorded. An attempt that cannot be saved leaves the run marked
// running and is reported as errAttemptNotSaved.
func (s *Store) MarkRunning(ctx context.Context, e Execution, a Attempt) error {
	var attemptErr error
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE executions SET status = ?, started_at = ?, argv = ?, working_dir = ?,
		warnings = ?, backend_type = ?, account_id = ?, account_name = ?, billing = ?, wait_until = '', wait_reason = ''
		WHERE id = ? AND status IN (?, ?)`, StatusRunning, e.StartedAt, mustJSON(e.Argv), e.WorkingDir, mustJSON(e.Warnings),
			e.BackendType, e.AccountID, e.AccountName, e.Billing, e.ID, StatusQueued, StatusRunning)
		if err != nil {
			return db.WrapError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %s is no longer queued", ErrNotActive, e.ID)
		}
		attemptErr = saveAttemptAside(ctx, tx, e.ID, &a)
		return nil
	})
	if err != nil {
		return err
	}
	return attemptErr
}

// saveAttemptAside saves a (when not nil) in its own savepoint of tx: a failure loses the attempt
// row only, never the run's status written beside it.
func saveAttemptAside(ctx context.Context, tx *sql.Tx, id string, a *Attempt) error {
	if a == nil {
		return nil
	}
	if err := db.Savepoint(tx, func(tx *sql.Tx) error { return saveAttemptTx(ctx, tx, id, *a) }); err != nil {
		return fmt.Errorf("%w: %w", errAttemptNotSaved, err)
	}
	return nil
}

// CancelQueued ends a run that is still queued; false when it is not queued any more.
func (s *Store) CancelQueued(ctx context.Context, id, msg, finishedAt string) (bool, error) {
	res, err := s.db.Exec(ctx, `UPDATE executions SET status = ?, finished_at = ?, failure_kind = 'cancelled', stop_reason = 'cancelled', error_message = ?
		WHERE id = ? AND status = ?`, StatusCancelled, finishedAt, msg, id, StatusQueued)
	if err != nil {
		return false, db.WrapError(err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Finish records the outcome. It only changes a row that is still queued or running, so a late
// writer cannot overwrite a final status.
func (s *Store) Finish(ctx context.Context, e Execution) error { return s.finish(ctx, e, nil) }

// finish is Finish that also saves the run's last attempt a, when there is one, in the same
// transaction: a run ends with one commit, and its attempts are final once its status is. An
// attempt that cannot be saved does not keep the outcome from being recorded; it is reported as
// errAttemptNotSaved.
func (s *Store) finish(ctx context.Context, e Execution, a *Attempt) error {
	var exit any
	if e.ExitCode != nil {
		exit = *e.ExitCode
	}
	var attemptErr error
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		attemptErr = saveAttemptAside(ctx, tx, e.ID, a)
		_, err := tx.ExecContext(ctx, `UPDATE executions SET status = ?, exit_code = ?, started_at = ?, finished_at = ?,
		duration_ms = ?, error_message = ?, failure_kind = ?, failure_evidence = ?, reset_at = ?, usage = ?, cost_usd = ?,
		line_count = ?, stored_bytes = ?, truncated = ?, warnings = ?, stop_reason = ?, stalled_at = ?, wait_until = '', wait_reason = ''
		WHERE id = ? AND status IN ('queued', 'running')`,
			e.Status, exit, e.StartedAt, e.FinishedAt, e.DurationMs, e.ErrorMessage, e.FailureKind, e.FailureEvidence, e.ResetAt,
			mustJSON(e.Usage), e.Usage.CostUSD, e.LineCount, e.StoredBytes, e.Truncated, mustJSON(e.Warnings), e.StopReason,
			e.StalledAt, e.ID)
		return db.WrapError(err)
	})
	if err != nil {
		return err
	}
	return attemptErr
}

// SetStalled records when a running run began to look stalled ("" clears it).
func (s *Store) SetStalled(ctx context.Context, id, at string) error {
	_, err := s.db.Exec(ctx, `UPDATE executions SET stalled_at = ? WHERE id = ? AND status = ?`, at, id, StatusRunning)
	return db.WrapError(err)
}

// Get reads one execution.
func (s *Store) Get(ctx context.Context, id string) (Execution, error) {
	e, err := scanExecution(s.db.Reader.QueryRowContext(ctx, `SELECT `+execFrom+` WHERE id = ?`, id), false)
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return e, err
	}
	e.GitRecord, err = s.Git(ctx, id)
	return e, err
}

// Summary reads one execution as a summary, for callers that do not need its whole prompt.
func (s *Store) Summary(ctx context.Context, id string) (Execution, error) {
	e, err := scanExecution(s.db.Reader.QueryRowContext(ctx, `SELECT `+summaryColumns+` FROM executions WHERE id = ?`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return e, err
}

// Prompt returns the whole prompt of an execution; the queue is read as summaries.
func (s *Store) Prompt(ctx context.Context, id string) (string, error) {
	var prompt string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT prompt FROM execution_texts WHERE execution_id = ?`, id).Scan(&prompt)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return prompt, err
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
	res, err := s.db.Exec(ctx, `UPDATE executions SET status = ?, finished_at = ?, error_message = ?,
		failure_kind = 'interrupted', line_count = (SELECT COALESCE(MAX(last_seq), 0) FROM execution_chunks c WHERE c.execution_id = executions.id)
		WHERE status = ?`, StatusInterrupted, now, reason, StatusRunning)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// QueuedPage returns up to limit queued executions submitted after the one with id afterID (""
// starts at the oldest), in submission order (rowid: two runs queued in the same millisecond keep
// their order). Paging keeps a dispatch pass cheap when thousands of runs wait, and so do
// summaries: a run reads its whole prompt (Prompt) only when it starts.
// A run waiting for an account's reset (wait_until after now) is left out until then.
func (s *Store) QueuedPage(ctx context.Context, afterID string, limit int, now string) ([]Execution, error) {
	if afterID == "" {
		return s.query(ctx, queuedPageQuery+` ORDER BY rowid LIMIT ?`, now, limit)
	}
	return s.query(ctx, queuedPageQuery+` AND rowid > (SELECT rowid FROM executions WHERE id = ?) ORDER BY rowid LIMIT ?`,
		now, afterID, limit)
}

// queuedPageQuery names the status literally: only then can SQLite read the queue from its
// partial index (executions_queue, migration 0016), in order, instead of every queued row sorted.
var queuedPageQuery = `SELECT ` + summaryColumns + ` FROM executions WHERE status = '` + StatusQueued + `' AND wait_until <= ?`

// QueuedOf returns the ids of a trigger's queued executions, oldest first.
func (s *Store) QueuedOf(ctx context.Context, triggerID string) ([]string, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id FROM executions WHERE trigger_id = ? AND status = ? ORDER BY rowid`, triggerID, StatusQueued)
	if err != nil {
		return nil, fmt.Errorf("list queued runs: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// query reads executions selected with summaryColumns.
func (s *Store) query(ctx context.Context, q string, args ...any) ([]Execution, error) {
	rows, err := s.db.Reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Execution{}
	for rows.Next() {
		e, err := scanExecution(rows, true)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// chunkRow is the index row of one chunk of a log file.
type chunkRow struct {
	first, last    int64
	offset, length int64
	meta           []byte
	inline         bool   // text is in the row (a small run), not in the log file
	text           []byte // the lines when inline
}

// appendChunks records batches of lines, with the run's line count, in one transaction: where
// they were written in the run's log file (already there), or the lines themselves when inline.
func (s *Store) appendChunks(ctx context.Context, id string, rows []chunkRow, lineCount, storedBytes int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, r := range rows {
			text, off, n := "", any(r.offset), any(r.length)
			if r.inline {
				text, off, n = string(r.text), nil, nil
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO execution_chunks(execution_id, first_seq, last_seq, meta, text, file_offset, file_length)
				VALUES(?, ?, ?, ?, ?, ?, ?)`, id, r.first, r.last, r.meta, text, off, n)
			if err != nil {
				return fmt.Errorf("index lines %d-%d: %w", r.first, r.last, db.WrapError(err))
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE executions SET line_count = ?, stored_bytes = ? WHERE id = ?`, lineCount, storedBytes, id)
		return err
	})
}

// chunk is one stored chunk with its text, read from the log file or, for rows from before the
// log files, from the row.
type chunk struct {
	id          int64
	first, last int64
	meta, text  []byte
}

// eachChunk calls fn for the chunks of a run holding lines after seq `after`, in sequence order,
// until fn returns false. chunk.text is only valid during the call.
func (s *Store) eachChunk(ctx context.Context, id string, after int64, fn func(c chunk) (bool, error)) error {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, first_seq, last_seq, meta, text, file_offset, file_length
		FROM execution_chunks WHERE execution_id = ? AND last_seq > ? ORDER BY first_seq`, id, after)
	if err != nil {
		return err
	}
	defer rows.Close()
	lr := &logReader{s: s, id: id}
	defer lr.close()
	for rows.Next() {
		var c chunk
		var off, n sql.NullInt64
		if err := rows.Scan(&c.id, &c.first, &c.last, &c.meta, &c.text, &off, &n); err != nil {
			return err
		}
		if n.Valid {
			if c.text, err = lr.read(off.Int64, n.Int64); err != nil {
				return fmt.Errorf("execution %s lines %d-%d: %w", id, c.first, c.last, err)
			}
		}
		more, err := fn(c)
		if err != nil {
			return fmt.Errorf("execution %s lines %d-%d: %w", id, c.first, c.last, err)
		}
		if !more {
			return nil
		}
	}
	return rows.Err()
}

// Lines pages a run's log by sequence number. Lines not stored (the middle of a run over the
// output cap) are simply absent; the stored marker line says so.
func (s *Store) Lines(ctx context.Context, id string, after int64, limit int) (LinesPage, error) {
	limit = clamp(limit, 1, 5000, 1000)
	page := LinesPage{Lines: []Line{}}
	var ts tsCache
	err := s.eachChunk(ctx, id, after, func(c chunk) (bool, error) {
		err := walkChunk(c.first, c.meta, c.text, func(seq int64, code byte, ms int64, line []byte) bool {
			if seq <= after {
				return true
			}
			if len(page.Lines) == limit {
				return false
			}
			page.Lines = append(page.Lines, Line{Seq: seq, Stream: streamName(code), TS: ts.format(ms), Text: string(line)})
			return true
		})
		return len(page.Lines) < limit, err
	})
	if err != nil {
		return page, err
	}
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

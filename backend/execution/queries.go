package execution

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/agented/agented/backend/db"
)

// List returns one page of executions, newest first, as summaries (see Execution.Summary).
func (s *Store) List(ctx context.Context, f ListFilter) (Page, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if f.TriggerID != "" {
		add("trigger_id = ?", f.TriggerID)
	}
	if f.ProjectID != "" {
		add(projectRuns, f.ProjectID, f.ProjectID)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.Backend != "" {
		add("backend_type = ?", f.Backend)
	}
	if f.From != "" {
		add("queued_at >= ?", normTime(f.From))
	}
	if f.To != "" {
		add("queued_at < ?", normTime(f.To))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// Finished runs are in the FTS index; runs still streaming (or not indexed yet) have
		// their log files scanned, so a search never misses a line that is already stored.
		scanned, err := s.unindexedMatching(ctx, q)
		if err != nil {
			return Page{}, fmt.Errorf("search logs: %w", err)
		}
		add(`(id IN (SELECT c.execution_id FROM execution_chunks c WHERE c.id IN
				(SELECT rowid FROM execution_chunks_fts WHERE execution_chunks_fts MATCH ?))
			OR id IN (SELECT value FROM json_each(?))
			OR id IN (SELECT execution_id FROM execution_texts WHERE prompt LIKE ? ESCAPE '\')
			OR trigger_name LIKE ? ESCAPE '\')`,
			ftsQuery(q), mustJSON(scanned), "%"+likeEscape(q)+"%", "%"+likeEscape(q)+"%")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var page Page
	if err := s.db.Reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM executions`+cond, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count executions: %w", err)
	}
	limit := clamp(f.Limit, 1, 500, 50)
	list, err := s.query(ctx, `SELECT `+summaryColumns+` FROM executions`+cond+` ORDER BY queued_at DESC, id DESC LIMIT ? OFFSET ?`,
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return page, fmt.Errorf("list executions: %w", err)
	}
	page.Executions = list
	return page, nil
}

// ftsQuery turns user words into an FTS5 query of quoted terms (all must match), so characters
// that are FTS syntax (quotes, colons, stars) are taken literally.
func ftsQuery(q string) string {
	var terms []string
	for _, w := range strings.Fields(q) {
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " ")
}

func normTime(s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	return s
}

// unindexedQuery matches the partial index executions_to_index (migration 0016) term for term,
// so it reads only finished runs not yet indexed, however many runs are queued.
const unindexedQuery = `SELECT id FROM executions WHERE indexed = 0 AND status NOT IN ('queued', 'running')`

// Unindexed lists finished runs whose lines are not in the full-text index yet (after a crash).
func (s *Store) Unindexed(ctx context.Context) ([]string, error) {
	rows, err := s.db.Reader.QueryContext(ctx, unindexedQuery)
	if err != nil {
		return nil, err
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

// HasQueued reports whether the trigger has a run waiting for a slot.
func (s *Store) HasQueued(ctx context.Context, triggerID string) (bool, error) {
	var queued bool
	err := s.db.Reader.QueryRowContext(ctx,
		`SELECT EXISTS(SELECT 1 FROM executions WHERE trigger_id = ? AND status = ?)`, triggerID, StatusQueued).Scan(&queued)
	if err != nil {
		return false, fmt.Errorf("look for queued runs: %w", db.WrapError(err))
	}
	return queued, nil
}

// Dashboard gathers the home screen's figures; "today" is the local day. Runs are summaries.
func (s *Store) Dashboard(ctx context.Context, now time.Time) (Dashboard, error) {
	var d Dashboard
	var err error
	if d.Running, err = s.query(ctx, `SELECT `+summaryColumns+` FROM executions WHERE status = 'running' ORDER BY started_at`); err != nil {
		return d, err
	}
	if d.Queued, err = s.query(ctx, `SELECT `+summaryColumns+` FROM executions WHERE status = 'queued' ORDER BY queued_at LIMIT 50`); err != nil {
		return d, err
	}
	if d.RecentFailures, err = s.query(ctx, `SELECT `+summaryColumns+` FROM executions
		WHERE status IN ('failed', 'timeout', 'interrupted') ORDER BY queued_at DESC LIMIT 10`); err != nil {
		return d, err
	}
	y, m, day := now.Date()
	start := time.Date(y, m, day, 0, 0, 0, 0, now.Location()).UTC().Format("2006-01-02T15:04:05.000Z07:00")
	err = s.db.Reader.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(status = 'success'), 0),
		COALESCE(SUM(status IN ('failed', 'timeout', 'interrupted')), 0), COALESCE(SUM(cost_usd), 0)
		FROM executions WHERE queued_at >= ?`, start).Scan(&d.TodayTotal, &d.TodaySuccess, &d.TodayFailed, &d.TodayCostUSD)
	return d, err
}

// DeleteFinishedBefore removes finished runs queued before cutoff (retention), with their log
// files. A run whose worktree is still there is kept: its record is the way to that work, and
// only "Remove worktree" (which saves uncommitted changes first) ends it. The rows go first: a crash in between leaves orphan files, which SweepLogs removes,
// never rows pointing at missing files.
func (s *Store) DeleteFinishedBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	rows, err := s.db.Writer.QueryContext(ctx, `DELETE FROM executions WHERE queued_at < ? AND status NOT IN ('queued', 'running')
		AND id NOT IN (SELECT execution_id FROM execution_git WHERE worktree_path != '' AND removed_at = '')
		RETURNING id`, cutoff.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
	if err != nil {
		return 0, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return int64(len(ids)), s.removeLogs(ids)
}

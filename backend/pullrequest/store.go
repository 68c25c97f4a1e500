package pullrequest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/agented/agented/backend/db"
)

// Incoming is a pull request as a webhook delivery or a poll saw it.
type Incoming struct {
	Repo        string
	Number      int
	Title       string
	Body        string
	Author      string
	Association string // OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, ...
	HTMLURL     string
	RepoURL     string
	HeadSHA     string
	HeadRef     string
	BaseRef     string
	Fork        bool
	Source      string // webhook | poll
	Action      string // opened | synchronize | reopened (what the webhook said, or what a poll inferred)
}

// upsert records the pull request's latest state for a trigger and returns its id. The status is
// left alone: it belongs to the run of the head SHA.
func upsert(ctx context.Context, h db.Handler, triggerID string, in Incoming, now string) (string, error) {
	var id string
	err := h.QueryRowContext(ctx, `INSERT INTO pull_requests(id, trigger_id, repo, number, title, body, author,
			author_association, html_url, head_sha, head_ref, base_ref, fork, status, created_at, updated_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(trigger_id, repo, number) DO UPDATE SET title = excluded.title, body = excluded.body,
			author = excluded.author, author_association = excluded.author_association, html_url = excluded.html_url,
			head_sha = excluded.head_sha, head_ref = excluded.head_ref, base_ref = excluded.base_ref, fork = excluded.fork,
			updated_at = excluded.updated_at
		RETURNING id`,
		db.NewID("pr-"), triggerID, in.Repo, in.Number, in.Title, in.Body, in.Author, in.Association, in.HTMLURL, in.HeadSHA,
		in.HeadRef, in.BaseRef, in.Fork, StatusQueued, now, now).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("record pull request: %w", db.WrapError(err))
	}
	return id, nil
}

// headRow is a head SHA's history row, as a decision about it writes it.
type headRow struct {
	ExecutionID string
	Status      string
	Source      string
	ReadOnly    bool
	SkipCause   string // SkipDisabled | SkipPaused while it waits for its trigger; "" otherwise
}

// Why a head SHA was skipped, when its trigger should review it once it is back.
const (
	SkipDisabled = "disabled"
	SkipPaused   = "paused"
)

// retryable reports whether the head SHA was refused only because its trigger was off: it is
// received again (reviewed, or held for approval) once the trigger is enabled or resumed.
func (r headRow) retryable() bool { return r.Status == StatusSkipped && r.SkipCause != "" }

// headOf reads a head SHA's history row; ok is false when there is none.
func headOf(ctx context.Context, h db.Handler, prID, sha string) (r headRow, ok bool, err error) {
	err = h.QueryRowContext(ctx, `SELECT execution_id, status, source, read_only, skip_cause FROM pull_request_runs
		WHERE pr_id = ? AND head_sha = ?`, prID, sha).Scan(&r.ExecutionID, &r.Status, &r.Source, &r.ReadOnly, &r.SkipCause)
	if errors.Is(err, sql.ErrNoRows) {
		return headRow{}, false, nil
	}
	if err != nil {
		return headRow{}, false, fmt.Errorf("read pull request run: %w", err)
	}
	return r, true, nil
}

// from is the history row a decision about a head SHA takes over.
type from int

const (
	fromNew     from = iota // a head SHA not seen before: its row is inserted
	fromSkipped             // refused while its trigger was off: the skipped row is taken back
	fromWaiting             // approved: the waiting row becomes the run
)

// take writes a head SHA's row in tx. ok is false when another path (webhook, poll, the retry
// after an enable) took the head SHA first: its row was inserted or left its state meanwhile,
// and the caller must not store a run. Approving a row that no longer waits is ErrNotWaiting.
func take(ctx context.Context, tx *sql.Tx, f from, prID, sha string, r headRow, now string) (bool, error) {
	var res sql.Result
	var err error
	switch f {
	case fromNew:
		res, err = tx.ExecContext(ctx, `INSERT INTO pull_request_runs(pr_id, head_sha, execution_id, status, source, read_only,
			skip_cause, created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			prID, sha, r.ExecutionID, r.Status, r.Source, r.ReadOnly, r.SkipCause, now)
	case fromSkipped:
		res, err = tx.ExecContext(ctx, `UPDATE pull_request_runs SET execution_id = ?, status = ?, read_only = ?, skip_cause = ?
			WHERE pr_id = ? AND head_sha = ? AND status = ? AND skip_cause != ''`,
			r.ExecutionID, r.Status, r.ReadOnly, r.SkipCause, prID, sha, StatusSkipped)
	case fromWaiting:
		res, err = tx.ExecContext(ctx, `UPDATE pull_request_runs SET execution_id = ?, status = ?, read_only = ?, skip_cause = ?
			WHERE pr_id = ? AND head_sha = ? AND status = ?`,
			r.ExecutionID, r.Status, r.ReadOnly, r.SkipCause, prID, sha, StatusWaiting)
	}
	if err != nil {
		return false, fmt.Errorf("record pull request run: %w", db.WrapError(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	if n == 0 && f == fromWaiting {
		return false, fmt.Errorf("%w: %s", ErrNotWaiting, prID)
	}
	return n == 1, nil
}

// setStatus sets the pull request's status (and its last error) when sha is still its head.
func setStatus(ctx context.Context, h db.Handler, prID, sha, status, lastErr, now string) error {
	_, err := h.ExecContext(ctx, `UPDATE pull_requests SET status = ?, last_error = ?, updated_at = ?
		WHERE id = ? AND head_sha = ?`, status, lastErr, now, prID, sha)
	if err != nil {
		return fmt.Errorf("update pull request status: %w", db.WrapError(err))
	}
	return nil
}

const prColumns = `p.id, p.trigger_id, COALESCE(t.name, ''), p.repo, p.number, p.title, p.author, p.author_association,
	p.html_url, p.head_sha, p.head_ref, p.base_ref, p.fork, p.status, p.comment_url, p.last_error, p.decided_by,
	p.decision_reason, p.decided_at, p.created_at, p.updated_at`

func scanPR(row interface{ Scan(...any) error }) (PullRequest, error) {
	var p PullRequest
	err := row.Scan(&p.ID, &p.TriggerID, &p.TriggerName, &p.Repo, &p.Number, &p.Title, &p.Author, &p.AuthorAssociation,
		&p.HTMLURL, &p.HeadSHA, &p.HeadRef, &p.BaseRef, &p.Fork, &p.Status, &p.CommentURL, &p.LastError, &p.DecidedBy,
		&p.DecisionReason, &p.DecidedAt, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

// list reads a page of pull requests with their history, newest first.
func list(ctx context.Context, h db.Handler, f Filter) (List, error) {
	var where []string
	var args []any
	if f.Repo != "" {
		where = append(where, "p.repo = ?")
		args = append(args, f.Repo)
	}
	if f.Status != "" {
		where = append(where, "p.status = ?")
		args = append(args, f.Status)
	}
	if f.TriggerID != "" {
		where = append(where, "p.trigger_id = ?")
		args = append(args, f.TriggerID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	out := List{PullRequests: []PullRequest{}}
	if err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM pull_requests p`+cond, args...).Scan(&out.Total); err != nil {
		return List{}, fmt.Errorf("count pull requests: %w", err)
	}
	rows, err := h.QueryContext(ctx, `SELECT `+prColumns+` FROM pull_requests p LEFT JOIN triggers t ON t.id = p.trigger_id`+
		cond+` ORDER BY p.updated_at DESC, p.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return List{}, fmt.Errorf("list pull requests: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPR(rows)
		if err != nil {
			return List{}, err
		}
		out.PullRequests = append(out.PullRequests, p)
	}
	if err := rows.Err(); err != nil {
		return List{}, err
	}
	rows.Close()
	for i := range out.PullRequests {
		if err := loadHistory(ctx, h, &out.PullRequests[i]); err != nil {
			return List{}, err
		}
	}
	return out, nil
}

func get(ctx context.Context, h db.Handler, id string) (PullRequest, error) {
	p, err := scanPR(h.QueryRowContext(ctx, `SELECT `+prColumns+` FROM pull_requests p LEFT JOIN triggers t ON t.id = p.trigger_id
		WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return PullRequest{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return PullRequest{}, fmt.Errorf("read pull request: %w", err)
	}
	return p, loadHistory(ctx, h, &p)
}

func loadHistory(ctx context.Context, h db.Handler, p *PullRequest) error {
	rows, err := h.QueryContext(ctx, `SELECT head_sha, execution_id, status, source, read_only, created_at
		FROM pull_request_runs WHERE pr_id = ? ORDER BY created_at DESC`, p.ID)
	if err != nil {
		return fmt.Errorf("read pull request history: %w", err)
	}
	defer rows.Close()
	p.History, p.ExecutionIDs = []HeadRun{}, []string{}
	for rows.Next() {
		var r HeadRun
		if err := rows.Scan(&r.HeadSHA, &r.ExecutionID, &r.Status, &r.Source, &r.ReadOnly, &r.CreatedAt); err != nil {
			return err
		}
		p.History = append(p.History, r)
		if r.ExecutionID != "" && !slices.Contains(p.ExecutionIDs, r.ExecutionID) {
			p.ExecutionIDs = append(p.ExecutionIDs, r.ExecutionID)
		}
	}
	return rows.Err()
}

// runByExecution finds the pull request and head SHA an execution reviews.
func runByExecution(ctx context.Context, h db.Handler, execID string) (prID, sha, status string, ok bool, err error) {
	err = h.QueryRowContext(ctx, `SELECT pr_id, head_sha, status FROM pull_request_runs WHERE execution_id = ?`, execID).
		Scan(&prID, &sha, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", "", false, nil
	}
	if err != nil {
		return "", "", "", false, fmt.Errorf("read pull request run: %w", err)
	}
	return prID, sha, status, true, nil
}

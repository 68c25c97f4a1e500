package pullrequest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/github"
	"github.com/agented/agented/backend/trigger"
)

// commentErrPrefix starts a last error that came from writing the comment; a comment written
// later clears it, while a run failure stays.
const commentErrPrefix = "GitHub comment: "

// Marker is the hidden line that identifies a trigger's sticky comment on a pull request, so it
// is found again when its stored id is lost.
func Marker(triggerID string) string { return "<!-- agented:review trigger=" + triggerID + " -->" }

// retryBackoff is how long a failed comment waits when GitHub did not say.
const retryBackoff = 2 * time.Minute

// reportRow is what writing a comment needs of a pull request.
type reportRow struct {
	triggerID, repo, sha, execID, lastErr, htmlURL string
	number                                         int
	commentID                                      int64
}

// report writes the review of the run a pull request's head SHA ended with as its sticky comment.
func (s *Service) report(ctx context.Context, prID string) {
	s.reportMu.Lock()
	defer s.reportMu.Unlock()
	var r reportRow
	err := s.d.DB.Reader.QueryRowContext(ctx, `SELECT trigger_id, repo, number, head_sha, comment_id, report_execution, last_error,
		html_url FROM pull_requests WHERE id = ?`, prID).Scan(&r.triggerID, &r.repo, &r.number, &r.sha, &r.commentID, &r.execID,
		&r.lastErr, &r.htmlURL)
	if err != nil || r.execID == "" {
		return
	}
	t, err := s.d.Triggers.Get(ctx, r.triggerID)
	if err != nil || t.GitHubReport != trigger.GitHubReportComment {
		s.clearReport(ctx, prID, r.execID)
		return
	}
	ex, err := s.d.Runs.Get(ctx, r.execID)
	if err != nil {
		s.log.Warn("read review run for its comment", "execution_id", r.execID, "err", err)
		s.clearReport(ctx, prID, r.execID)
		return
	}
	body := s.commentBody(t, r, ex)
	cm, err := writeComment(ctx, s.client(ctx), r, Marker(t.ID), body)
	now := s.now()
	if err != nil {
		s.reportFailed(ctx, prID, r, err)
		return
	}
	lastErr := r.lastErr
	if strings.HasPrefix(lastErr, commentErrPrefix) {
		lastErr = ""
	}
	_, err = s.d.DB.Writer.ExecContext(ctx, `UPDATE pull_requests SET comment_id = ?, comment_url = ?, last_error = ?,
		report_execution = CASE WHEN report_execution = ? THEN '' ELSE report_execution END, report_retry_at = '', updated_at = ?
		WHERE id = ?`, cm.ID, cm.HTMLURL, lastErr, r.execID, now, prID)
	if err != nil {
		s.log.Warn("record review comment", "id", prID, "err", err)
	}
	s.log.Info("review comment written", "id", prID, "repo", r.repo, "number", r.number, "comment_id", cm.ID, "edited", r.commentID == cm.ID)
	s.changed()
}

// writeComment edits the pull request's sticky comment, finding it by its marker when its id is
// unknown or stale, and creates it only when there is none.
func writeComment(ctx context.Context, c *github.Client, r reportRow, marker, body string) (github.Comment, error) {
	var apiErr *github.APIError
	if r.commentID != 0 {
		cm, err := c.UpdateComment(ctx, r.repo, r.commentID, body)
		if err == nil || !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound {
			return cm, err
		}
		// Deleted on GitHub: look for another one with the marker, else start again.
	}
	found, ok, err := c.FindComment(ctx, r.repo, r.number, marker)
	if err != nil {
		return github.Comment{}, err
	}
	if ok {
		return c.UpdateComment(ctx, r.repo, found.ID, body)
	}
	return c.CreateComment(ctx, r.repo, r.number, body)
}

// reportFailed shows why the comment was not written on the row and, when a retry may succeed,
// schedules one.
func (s *Service) reportFailed(ctx context.Context, prID string, r reportRow, err error) {
	var apiErr *github.APIError
	retryAt := ""
	if errors.As(err, &apiErr) && apiErr.Temporary {
		at := apiErr.RetryAt
		if at.Before(s.d.Now()) {
			at = s.d.Now().Add(retryBackoff)
		}
		retryAt = at.UTC().Format(time.RFC3339)
		s.retry.at(at, s.d.Now, func() { s.d.Go(func() { s.reportPending(ctx) }) })
	}
	msg := commentErrPrefix + err.Error()
	if retryAt == "" {
		msg += "; it is retried after the next run"
	}
	_, dbErr := s.d.DB.Writer.ExecContext(ctx, `UPDATE pull_requests SET last_error = ?, report_retry_at = ?, updated_at = ?,
		report_execution = CASE WHEN ? = '' THEN '' ELSE report_execution END WHERE id = ?`, msg, retryAt, s.now(), retryAt, prID)
	if dbErr != nil {
		s.log.Warn("record comment failure", "id", prID, "err", dbErr)
	}
	s.log.Warn("review comment not written", "id", prID, "repo", r.repo, "number", r.number, "err", err, "retry_at", retryAt)
	s.changed()
}

func (s *Service) clearReport(ctx context.Context, prID, execID string) {
	_, _ = s.d.DB.Writer.ExecContext(ctx, `UPDATE pull_requests SET report_execution = '', report_retry_at = ''
		WHERE id = ? AND report_execution = ?`, prID, execID)
}

// reportPending writes the comments that are due: after a restart, or when a retry's time came.
func (s *Service) reportPending(ctx context.Context) {
	rows, err := s.d.DB.Reader.QueryContext(ctx, `SELECT id, report_retry_at FROM pull_requests WHERE report_execution != ''`)
	if err != nil {
		s.log.Warn("read pending comments", "err", err)
		return
	}
	var due []string
	var next time.Time
	for rows.Next() {
		var id, at string
		if rows.Scan(&id, &at) != nil {
			continue
		}
		when, err := time.Parse(time.RFC3339, at)
		if at == "" || err != nil || !when.After(s.d.Now()) {
			due = append(due, id)
		} else if next.IsZero() || when.Before(next) {
			next = when
		}
	}
	rows.Close()
	for _, id := range due {
		s.report(ctx, id)
	}
	if !next.IsZero() {
		s.retry.at(next, s.d.Now, func() { s.d.Go(func() { s.reportPending(ctx) }) })
	}
}

// commentBody is the sticky comment: marker, status line, the review and a link back.
func (s *Service) commentBody(t trigger.Trigger, r reportRow, ex execution.Execution) string {
	status := "✅ reviewed"
	if ex.Status != execution.StatusSuccess {
		status = "❌ " + ex.Status
	}
	cost := fmt.Sprintf("$%.4f", ex.Usage.CostUSD)
	if ex.Usage.CostEstimated {
		cost += " (estimated)"
	}
	run := "`" + ex.ID + "`"
	if s.d.RunURL != nil {
		if u := s.d.RunURL(ex.ID); u != "" {
			run = "[" + ex.ID + "](" + u + ")"
		}
	}
	commit := "`" + short(r.sha) + "`"
	if r.htmlURL != "" {
		commit = "[" + short(r.sha) + "](" + r.htmlURL + "/commits/" + r.sha + ")"
	}
	head := fmt.Sprintf("%s\n### %s — review of %s\n\n**Status:** %s · **Cost:** %s · **Run:** %s in Agented\n\n",
		Marker(t.ID), t.Name, commit, status, cost, run)
	foot := "\n\n<sub>Written by Agented. This comment is edited on every new push instead of adding another.</sub>\n"
	text := strings.TrimSpace(ex.Usage.ResultText)
	if text == "" {
		text = "_The run gave no review text._"
		if ex.ErrorMessage != "" {
			text = "_The run ended without a review: " + ex.ErrorMessage + "_"
		}
	}
	room := github.MaxCommentBytes - len(head) - len(foot) - 64
	if len(text) > room {
		cut := text[:room]
		for !utf8.ValidString(cut) {
			cut = cut[:len(cut)-1]
		}
		text = cut + "\n\n… (cut to fit GitHub's comment limit; the full review is in Agented)"
	}
	return head + text + foot
}

// retrier runs one function at the earliest time asked for: a single timer, never a loop.
type retrier struct {
	mu    sync.Mutex
	timer *time.Timer
	due   time.Time
	done  bool
}

func (r *retrier) at(when time.Time, now func() time.Time, fn func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done || (r.timer != nil && !r.due.IsZero() && !when.Before(r.due)) {
		return
	}
	if r.timer != nil {
		r.timer.Stop()
	}
	r.due = when
	r.timer = time.AfterFunc(max(when.Sub(now()), 0), func() {
		r.mu.Lock()
		r.timer, r.due = nil, time.Time{}
		r.mu.Unlock()
		fn()
	})
}

func (r *retrier) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done = true
	if r.timer != nil {
		r.timer.Stop()
	}
}

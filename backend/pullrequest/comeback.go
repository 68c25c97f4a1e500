package pullrequest

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/agented/agented/backend/github"
	"github.com/agented/agented/backend/trigger"
)

// A trigger that is disabled or paused refuses the head SHAs it sees, and a webhook is not sent
// twice: such a head SHA is stored as skipped with why (SkipDisabled, SkipPaused), and once the
// trigger is enabled or resumed, each one that is still the head of an open pull request is
// received again, through Receive like any sighting. Receive takes the skipped row back in the
// transaction that stores the run, so a poll that sees the same head SHA at the same moment
// does not review it a second time, and safe mode decides again (an untrusted author's head SHA
// waits for approval).

// skippedHead is a head SHA waiting for its trigger to come back.
type skippedHead struct {
	prID, triggerID, repo, sha, source string
	number, runs                       int // runs: the pull request's history rows
}

// retrySkipped receives again every head SHA refused while its trigger was off whose trigger is
// now enabled and not paused. It runs at start and after every trigger change.
func (s *Service) retrySkipped(ctx context.Context) {
	heads, err := s.skippedHeads(ctx)
	if err != nil {
		s.log.Warn("list skipped pull requests", "err", err)
		return
	}
	var c *github.Client
	triggers := map[string]*trigger.Trigger{} // nil: gone, or still off
	for _, h := range heads {
		t, ok := triggers[h.triggerID]
		if !ok {
			if got, err := s.d.Triggers.Get(ctx, h.triggerID); err == nil && got.Enabled && !got.Paused {
				t = &got
			}
			triggers[h.triggerID] = t
		}
		if t == nil || ctx.Err() != nil {
			continue
		}
		if c == nil {
			c = s.client(ctx)
		}
		s.comeBack(ctx, c, *t, h)
	}
}

// skippedHeads lists the head SHAs refused while their trigger was off that are still their pull
// request's head (an older head SHA is never reviewed once a newer one was pushed).
func (s *Service) skippedHeads(ctx context.Context) ([]skippedHead, error) {
	rows, err := s.d.DB.Reader.QueryContext(ctx, `SELECT p.id, p.trigger_id, p.repo, p.number, r.head_sha, r.source,
			(SELECT COUNT(*) FROM pull_request_runs h WHERE h.pr_id = p.id)
		FROM pull_request_runs r JOIN pull_requests p ON p.id = r.pr_id AND p.head_sha = r.head_sha
		WHERE r.status = ? AND r.skip_cause != '' ORDER BY p.created_at, p.id`, StatusSkipped)
	if err != nil {
		return nil, fmt.Errorf("read skipped pull requests: %w", err)
	}
	defer rows.Close()
	var out []skippedHead
	for rows.Next() {
		var h skippedHead
		if err := rows.Scan(&h.prID, &h.triggerID, &h.repo, &h.number, &h.sha, &h.source, &h.runs); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// comeBack asks GitHub whether a skipped head SHA is still the head of an open pull request and,
// if so, receives it again with what GitHub says now (title, author, association, fork).
func (s *Service) comeBack(ctx context.Context, c *github.Client, t trigger.Trigger, h skippedHead) {
	pr, err := c.GetPull(ctx, h.repo, h.number)
	if err != nil {
		// Left as it is: the next trigger change (or the next start) asks again.
		s.log.Warn("check skipped pull request on github", "trigger_id", t.ID, "repo", h.repo, "number", h.number, "err", err)
		s.settle(ctx, h, false, "not reviewed yet after "+t.Name+" came back: could not read it on GitHub: "+err.Error())
		return
	}
	switch {
	case pr.State != "open":
		s.settle(ctx, h, true, fmt.Sprintf("not reviewed: it was %s while %s was off", pr.State, t.Name))
		return
	case pr.Head.SHA != h.sha:
		// The push that moved the head has its own webhook or poll; this head SHA is history.
		s.settle(ctx, h, true, fmt.Sprintf("not reviewed: head %s was replaced by %s while %s was off", short(h.sha), short(pr.Head.SHA), t.Name))
		return
	}
	in := incomingFromAPI(h.repo, pr)
	in.Source, in.Action = h.source, "opened"
	if h.runs > 1 {
		in.Action = "synchronize"
	}
	out, err := s.Receive(ctx, t, in, nil)
	if err != nil {
		s.log.Warn("review skipped pull request", "trigger_id", t.ID, "repo", h.repo, "number", h.number, "err", err)
		return
	}
	s.log.Info("skipped pull request received again", "trigger_id", t.ID, "repo", h.repo, "number", h.number,
		"head", short(h.sha), "status", out.Status, "duplicate", out.Duplicate)
}

// settle records why a skipped head SHA was not received again; final makes it stay skipped
// (closed, or no longer the head), otherwise the next trigger change asks GitHub again.
func (s *Service) settle(ctx context.Context, h skippedHead, final bool, why string) {
	now := s.now()
	err := s.d.DB.Tx(ctx, func(tx *sql.Tx) error {
		if final {
			if _, err := tx.ExecContext(ctx, `UPDATE pull_request_runs SET skip_cause = ''
				WHERE pr_id = ? AND head_sha = ? AND status = ? AND skip_cause != ''`, h.prID, h.sha, StatusSkipped); err != nil {
				return fmt.Errorf("settle skipped pull request: %w", err)
			}
		}
		// Only while the head SHA is still skipped: a poll may have taken it meanwhile.
		_, err := tx.ExecContext(ctx, `UPDATE pull_requests SET last_error = ?, updated_at = ? WHERE id = ? AND head_sha = ?
			AND EXISTS (SELECT 1 FROM pull_request_runs WHERE pr_id = ? AND head_sha = ? AND status = ?)`,
			why, now, h.prID, h.sha, h.prID, h.sha, StatusSkipped)
		if err != nil {
			return fmt.Errorf("record skipped pull request: %w", err)
		}
		return nil
	})
	if err != nil {
		s.log.Warn("record skipped pull request", "pr_id", h.prID, "err", err)
		return
	}
	s.changed()
}

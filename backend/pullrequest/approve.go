package pullrequest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/agented/agented/backend/db"
)

// maxReason bounds a rejection reason.
const maxReason = 2000

// Approve runs a held pull request's current head SHA with the read-only permission profile,
// whatever its trigger's profile says. by is who approved (desktop, or an API key's name).
func (s *Service) Approve(ctx context.Context, id, by string) (PullRequest, error) {
	p, err := get(ctx, s.d.DB.Reader, id)
	if err != nil {
		return PullRequest{}, err
	}
	if p.Status != StatusWaiting {
		return p, fmt.Errorf("%w: %s#%d is %s", ErrNotWaiting, p.Repo, p.Number, p.Status)
	}
	t, err := s.d.Triggers.Get(ctx, p.TriggerID)
	if err != nil {
		return p, err
	}
	in, err := s.incomingOf(ctx, p)
	if err != nil {
		return p, err
	}
	if _, err := s.start(ctx, t, in, p.ID, nil, fromWaiting, true); err != nil {
		return p, err
	}
	if err := s.decide(ctx, id, by, ""); err != nil {
		return p, err
	}
	s.log.InfoContext(ctx, "pull request approved", "id", id, "by", by)
	return s.Get(ctx, id)
}

// Reject records that a held pull request's head SHA will not run, who decided and why.
func (s *Service) Reject(ctx context.Context, id, by, reason string) (PullRequest, error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > maxReason {
		return PullRequest{}, fmt.Errorf("%w: reason must be at most %d characters", ErrBadInput, maxReason)
	}
	p, err := get(ctx, s.d.DB.Reader, id)
	if err != nil {
		return PullRequest{}, err
	}
	if p.Status != StatusWaiting {
		return p, fmt.Errorf("%w: %s#%d is %s", ErrNotWaiting, p.Repo, p.Number, p.Status)
	}
	now := s.now()
	why := "rejected by " + by
	if reason != "" {
		why += ": " + reason
	}
	err = s.d.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := take(ctx, tx, fromWaiting, id, p.HeadSHA, headRow{Status: StatusSkipped}, now); err != nil {
			return err
		}
		if err := setStatus(ctx, tx, id, p.HeadSHA, StatusSkipped, why, now); err != nil {
			return err
		}
		return decideTx(ctx, tx, id, by, reason, now)
	})
	if err != nil {
		return p, err
	}
	s.log.InfoContext(ctx, "pull request rejected", "id", id, "by", by, "reason", reason)
	s.changed()
	return s.Get(ctx, id)
}

func (s *Service) decide(ctx context.Context, id, by, reason string) error {
	return s.d.DB.Tx(ctx, func(tx *sql.Tx) error { return decideTx(ctx, tx, id, by, reason, s.now()) })
}

func decideTx(ctx context.Context, tx *sql.Tx, id, by, reason, now string) error {
	_, err := tx.ExecContext(ctx, `UPDATE pull_requests SET decided_by = ?, decision_reason = ?, decided_at = ?, updated_at = ?
		WHERE id = ?`, by, reason, now, now, id)
	if err != nil {
		return fmt.Errorf("record decision: %w", db.WrapError(err))
	}
	return nil
}

// incomingOf rebuilds what was seen of a stored pull request, to run it after approval.
func (s *Service) incomingOf(ctx context.Context, p PullRequest) (Incoming, error) {
	in := Incoming{Repo: p.Repo, Number: p.Number, Title: p.Title, Author: p.Author, Association: p.AuthorAssociation,
		HTMLURL: p.HTMLURL, HeadSHA: p.HeadSHA, HeadRef: p.HeadRef, BaseRef: p.BaseRef, Fork: p.Fork, Action: "approved"}
	in.RepoURL = strings.TrimSuffix(p.HTMLURL, fmt.Sprintf("/pull/%d", p.Number))
	if len(p.History) > 0 {
		in.Source = p.History[0].Source
	}
	err := s.d.DB.Reader.QueryRowContext(ctx, `SELECT body FROM pull_requests WHERE id = ?`, p.ID).Scan(&in.Body)
	if err != nil {
		return in, fmt.Errorf("read pull request body: %w", err)
	}
	return in, nil
}

// Get returns one pull request with its history.
func (s *Service) Get(ctx context.Context, id string) (PullRequest, error) {
	return get(ctx, s.d.DB.Reader, id)
}

// List returns a page of pull requests, newest first.
func (s *Service) List(ctx context.Context, f Filter) (List, error) {
	f.Repo, f.Status, f.TriggerID = strings.TrimSpace(f.Repo), strings.TrimSpace(f.Status), strings.TrimSpace(f.TriggerID)
	if f.Status == "waiting_approval" || f.Status == "waiting" {
		f.Status = StatusWaiting
	}
	switch {
	case f.Status != "" && !contains(Statuses, f.Status):
		return List{}, fmt.Errorf("%w: status must be one of %s", ErrBadFilter, strings.Join(Statuses, ", "))
	case f.Limit < 0 || f.Limit > MaxLimit:
		return List{}, fmt.Errorf("%w: limit must be from 1 to %d", ErrBadFilter, MaxLimit)
	case f.Offset < 0:
		return List{}, fmt.Errorf("%w: offset must be 0 or more", ErrBadFilter)
	}
	if f.Limit == 0 {
		f.Limit = DefaultLimit
	}
	return list(ctx, s.d.DB.Reader, f)
}

// Page is List as the REST API answers it.
func (s *Service) Page(ctx context.Context, f Filter) (Page, error) {
	l, err := s.List(ctx, f)
	if err != nil {
		return Page{}, err
	}
	out := Page{PullRequests: make([]Summary, 0, len(l.PullRequests)), Total: l.Total}
	for _, p := range l.PullRequests {
		out.PullRequests = append(out.PullRequests, p.Summary())
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

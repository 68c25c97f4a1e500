package pullrequest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/agented/agented/backend/github"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/webhook"
)

// Polling is for machines GitHub cannot reach. Each poll-mode trigger has one timer; nothing
// else runs, so an app without poll-mode triggers never wakes up for GitHub. A poll lists each
// repository's open pull requests with the ETag of the last answer: an unchanged list answers
// 304 and costs no rate limit.

// maxPollBackoff bounds the wait after repeated failures.
const maxPollBackoff = 15 * time.Minute

// firstPollDelay lets the app finish starting before the first poll.
const firstPollDelay = 2 * time.Second

type poller struct {
	mu      sync.Mutex
	timers  map[string]*pollTimer
	stopped bool
}

type pollTimer struct {
	timer *time.Timer
	every time.Duration
	fails int
}

// startPolling gives every enabled poll-mode trigger a timer and stops the timers of triggers
// that are no longer polled. It runs at start and after every trigger change.
func (s *Service) startPolling(ctx context.Context) {
	list, err := s.d.Triggers.ListBySource(ctx, trigger.SourceGitHub)
	if err != nil {
		s.log.Warn("list github triggers to poll", "err", err)
		return
	}
	want := map[string]time.Duration{}
	for _, t := range list {
		if t.Enabled && !t.Paused && t.GitHubMode == trigger.GitHubModePoll {
			want[t.ID] = time.Duration(t.GitHubPollSeconds) * time.Second
		}
	}
	s.poll.mu.Lock()
	defer s.poll.mu.Unlock()
	if s.poll.stopped {
		return
	}
	for id, pt := range s.poll.timers {
		if every, ok := want[id]; !ok || every != pt.every {
			pt.timer.Stop()
			delete(s.poll.timers, id)
		}
	}
	for id, every := range want {
		if _, ok := s.poll.timers[id]; ok {
			continue
		}
		pt := &pollTimer{every: every}
		pt.timer = time.AfterFunc(firstPollDelay, func() { s.d.Go(func() { s.pollTrigger(ctx, id, pt) }) })
		s.poll.timers[id] = pt
		s.log.Info("polling github", "trigger_id", id, "every", every.String())
	}
}

func (s *Service) stopPolling() {
	s.poll.mu.Lock()
	defer s.poll.mu.Unlock()
	s.poll.stopped = true
	for id, pt := range s.poll.timers {
		pt.timer.Stop()
		delete(s.poll.timers, id)
	}
}

// pollTrigger polls one trigger's repositories and plans its next poll.
func (s *Service) pollTrigger(ctx context.Context, id string, pt *pollTimer) {
	if ctx.Err() != nil {
		return
	}
	next := pt.every
	t, err := s.d.Triggers.Get(ctx, id)
	if err == nil {
		var retryAt time.Time
		retryAt, err = s.PollOnce(ctx, t)
		switch {
		case !retryAt.IsZero():
			next = max(retryAt.Sub(s.d.Now())+time.Second, pt.every)
			pt.fails = 0
		case err != nil:
			pt.fails++
			next = min(pt.every<<min(pt.fails, 6), max(maxPollBackoff, pt.every))
		default:
			pt.fails = 0
		}
	}
	s.poll.mu.Lock()
	defer s.poll.mu.Unlock()
	if cur, ok := s.poll.timers[id]; ok && cur == pt && !s.poll.stopped {
		pt.timer = time.AfterFunc(next, func() { s.d.Go(func() { s.pollTrigger(ctx, id, pt) }) })
	}
}

// PollOnce polls every repository of a poll-mode trigger once. retryAt is set when GitHub rate
// limited a request: no poll should happen before it.
func (s *Service) PollOnce(ctx context.Context, t trigger.Trigger) (retryAt time.Time, err error) {
	filter, err := webhook.ParseEventFilter(t.GitHubEvents)
	if err != nil {
		return time.Time{}, fmt.Errorf("event filter: %w", err)
	}
	c := s.client(ctx)
	var errs []error
	for _, repo := range trigger.PollRepos(t.GitHubRepoFilter) {
		at, err := s.pollRepo(ctx, c, t, filter, repo)
		if at.After(retryAt) {
			retryAt = at
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", repo, err))
		}
	}
	return retryAt, errors.Join(errs...)
}

// pollRepo lists one repository's open pull requests and receives every one whose head SHA is
// new to the trigger.
func (s *Service) pollRepo(ctx context.Context, c *github.Client, t trigger.Trigger, filter webhook.EventFilter, repo string) (time.Time, error) {
	var etag string
	err := s.d.DB.Reader.QueryRowContext(ctx, `SELECT etag FROM github_polls WHERE trigger_id = ? AND repo = ?`, t.ID, repo).Scan(&etag)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("read poll state: %w", err)
	}
	page, err := c.ListOpenPulls(ctx, repo, etag)
	if err != nil {
		s.savePoll(ctx, t.ID, repo, etag, err.Error())
		s.log.Warn("poll github", "trigger_id", t.ID, "repo", repo, "err", err)
		var apiErr *github.APIError
		if errors.As(err, &apiErr) && apiErr.RateLimited {
			at := apiErr.RetryAt
			if at.IsZero() {
				at = s.d.Now().Add(maxPollBackoff)
			}
			return at, err
		}
		return time.Time{}, err
	}
	if page.NotModified {
		return time.Time{}, nil
	}
	var failed []error
	for _, pr := range page.Pulls {
		in := incomingFromAPI(repo, pr)
		action := "opened"
		if s.known(ctx, t.ID, repo, pr.Number) {
			action = "synchronize"
		}
		in.Action = action
		if !filter.Allows("pull_request", action) {
			continue
		}
		if _, err := s.Receive(ctx, t, in, nil); err != nil {
			failed = append(failed, fmt.Errorf("#%d: %w", pr.Number, err))
		}
	}
	// A pull request that could not be recorded keeps the old ETag, so the next poll reads the
	// list again instead of being told nothing changed.
	if len(failed) == 0 {
		etag = page.ETag
	}
	s.savePoll(ctx, t.ID, repo, etag, "")
	return time.Time{}, errors.Join(failed...)
}

func (s *Service) known(ctx context.Context, triggerID, repo string, number int) bool {
	var n int
	_ = s.d.DB.Reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM pull_requests WHERE trigger_id = ? AND repo = ? AND number = ?`,
		triggerID, repo, number).Scan(&n)
	return n > 0
}

func (s *Service) savePoll(ctx context.Context, triggerID, repo, etag, lastErr string) {
	_, err := s.d.DB.Writer.ExecContext(ctx, `INSERT INTO github_polls(trigger_id, repo, etag, polled_at, last_error) VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(trigger_id, repo) DO UPDATE SET etag = excluded.etag, polled_at = excluded.polled_at, last_error = excluded.last_error`,
		triggerID, repo, etag, s.now(), lastErr)
	if err != nil {
		s.log.Warn("save poll state", "trigger_id", triggerID, "repo", repo, "err", err)
	}
}

// incomingFromAPI is a listed pull request as Receive takes it.
func incomingFromAPI(repo string, pr github.PullRequest) Incoming {
	in := Incoming{Repo: repo, Number: pr.Number, Title: pr.Title, Body: pr.Body, Author: pr.User.Login,
		Association: pr.AuthorAssociation, HTMLURL: pr.HTMLURL, HeadSHA: pr.Head.SHA, HeadRef: pr.Head.Ref,
		BaseRef: pr.Base.Ref, Fork: pr.FromFork(), Source: SourcePoll}
	if pr.Base.Repo != nil {
		in.RepoURL = pr.Base.Repo.HTMLURL
	}
	return in
}

// PollState is the poller's last answer for one trigger and repository.
type PollState struct {
	TriggerID string `json:"triggerId"`
	Repo      string `json:"repo"`
	PolledAt  string `json:"polledAt"`
	LastError string `json:"lastError"` // "" when the last poll worked
}

// Polls returns the poll state of every polled repository.
func (s *Service) Polls(ctx context.Context) ([]PollState, error) {
	rows, err := s.d.DB.Reader.QueryContext(ctx, `SELECT trigger_id, repo, polled_at, last_error FROM github_polls ORDER BY trigger_id, repo`)
	if err != nil {
		return nil, fmt.Errorf("read poll state: %w", err)
	}
	defer rows.Close()
	out := []PollState{}
	for rows.Next() {
		var p PollState
		if err := rows.Scan(&p.TriggerID, &p.Repo, &p.PolledAt, &p.LastError); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

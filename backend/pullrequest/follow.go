package pullrequest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
)

// Subscriber is the event bus as the service reads it (*events.Bus).
type Subscriber interface {
	Subscribe(size int, match func(name string) bool) *events.Subscription
}

// followQueue is the bus queue of run statuses; a burst past it triggers a sweep of the store.
const followQueue = 1024

// Run follows review runs to their end, polls the poll-mode triggers and, when a trigger is
// enabled or resumed, reviews the head SHAs it refused while it was off, until ctx ends. It
// subscribes before it returns, so no status or trigger change published afterwards is missed.
func (s *Service) Run(ctx context.Context, bus Subscriber) {
	runs := bus.Subscribe(followQueue, func(name string) bool { return name == events.ExecutionStatus })
	trig := bus.Subscribe(16, func(name string) bool { return name == events.TriggersChanged })
	s.d.Go(func() {
		defer runs.Close()
		s.sweep(ctx) // runs that ended while Agented was not following them
		for {
			ev, err := runs.Next(ctx)
			if err != nil {
				return
			}
			if ev.Missed > 0 {
				s.sweep(ctx)
			}
			if ex, ok := ev.Payload.(execution.Execution); ok && ex.Kind == execution.KindGitHub {
				s.follow(ctx, ex.ID, ex.Status)
			}
		}
	})
	s.startPolling(ctx)
	s.d.Go(func() {
		defer trig.Close()
		s.retrySkipped(ctx) // a trigger came back just before the last stop, before its retry ran
		for {
			if _, err := trig.Next(ctx); err != nil {
				return
			}
			s.startPolling(ctx)
			// A trigger enabled or resumed: the head SHAs it refused while it was off get reviewed.
			s.retrySkipped(ctx)
		}
	})
	s.d.Go(func() {
		<-ctx.Done()
		s.stopPolling()
		s.retry.stop()
	})
}

// statusOf maps a run status to a pull request status.
func statusOf(run string) string {
	switch run {
	case execution.StatusQueued:
		return StatusQueued
	case execution.StatusRunning:
		return StatusRunning
	case execution.StatusSuccess:
		return StatusReviewed
	default:
		return StatusFailed
	}
}

func terminal(status string) bool { return status == StatusReviewed || status == StatusFailed }

// follow records a review run's new status and, once it ended, reports it.
func (s *Service) follow(ctx context.Context, execID, runStatus string) {
	prID, sha, prev, ok, err := runByExecution(ctx, s.d.DB.Reader, execID)
	if err != nil || !ok {
		if err != nil {
			s.log.Warn("find pull request of run", "execution_id", execID, "err", err)
		}
		return
	}
	st := statusOf(runStatus)
	if st == prev || terminal(prev) {
		return
	}
	now := s.now()
	err = s.d.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE pull_request_runs SET status = ? WHERE execution_id = ?`, st, execID); err != nil {
			return fmt.Errorf("update pull request run: %w", err)
		}
		lastErr := ""
		if st == StatusFailed {
			lastErr = "the review run " + runStatus
		}
		if terminal(st) {
			// Remember the report to write, so a crash before it is written retries it at start.
			if _, err := tx.ExecContext(ctx, `UPDATE pull_requests SET report_execution = ? WHERE id = ? AND head_sha = ?`,
				execID, prID, sha); err != nil {
				return fmt.Errorf("queue report: %w", err)
			}
		}
		return setStatus(ctx, tx, prID, sha, st, lastErr, now)
	})
	if err != nil {
		s.log.Warn("record review status", "execution_id", execID, "err", err)
		return
	}
	s.changed()
	if terminal(st) {
		s.d.Go(func() { s.report(ctx, prID) })
	}
}

// sweep catches up with runs whose status event was lost (a full queue, a restart) and with
// reports that are still to be written.
func (s *Service) sweep(ctx context.Context) {
	rows, err := s.d.DB.Reader.QueryContext(ctx, `SELECT execution_id FROM pull_request_runs
		WHERE execution_id != '' AND status IN (?, ?)`, StatusQueued, StatusRunning)
	if err != nil {
		s.log.Warn("sweep pull request runs", "err", err)
		return
	}
	var ids []string
	for rows.Next() {
		var id string
		if rows.Scan(&id) == nil {
			ids = append(ids, id)
		}
	}
	rows.Close()
	for _, id := range ids {
		ex, err := s.d.Runs.Get(ctx, id)
		if errors.Is(err, execution.ErrNotFound) {
			s.follow(ctx, id, execution.StatusFailed)
			continue
		}
		if err == nil {
			s.follow(ctx, id, ex.Status)
		}
	}
	s.reportPending(ctx)
}

package webhook

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/agented/agented/backend/db"
)

// errSenderGone aborts the transaction of a delivery whose sender hung up before it committed.
var errSenderGone = errors.New("the sender hung up before the delivery was stored")

// errTooLate aborts the transaction of a delivery whose request context passed its deadline: the
// listener gives each delivery one (httpserver.Admission.Budget) well inside a sender's own
// timeout (about 10 s for GitHub and most proxies), because a run stored after the sender gave
// up answers nobody and runs again when the sender retries. Past it the delivery is answered 503
// while its sender still listens, and the retry is handled like a new delivery.
var errTooLate = errors.New("the delivery waited too long to be stored")

// statusSenderGone is what the delivery log shows for a delivery whose sender left before its
// runs were stored (nginx's 499); no one reads it as an answer.
const statusSenderGone = 499

// commitGeneric stores a generic delivery's runs and its record in one transaction: one commit
// instead of one per run plus one for the record, and never a run without the record that
// explains it. Each run is stored in its own savepoint, so one that fails (or is a duplicate)
// leaves the others queued, as the answer then says. The transaction first checks that the
// sender is still there: a delivery whose sender hung up starts nothing, since the sender cannot
// know it was accepted and would send it again.
func (s *Service) commitGeneric(ctx, sender context.Context, p *pending, g *genericRun, runs []pendingRun, triggers int, orig *Delivery) Result {
	var (
		stored []pendingRun
		res    Result
		retry  bool
	)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if sender != nil {
			switch err := sender.Err(); {
			case errors.Is(err, context.DeadlineExceeded):
				return errTooLate
			case err != nil:
				return errSenderGone
			}
		}
		// A transaction may be attempted again: each attempt starts from what was known before it.
		local := *g
		local.runs, local.dups, local.skipped = slices.Clone(g.runs), slices.Clone(g.dups), slices.Clone(g.skipped)
		stored = stored[:0]
		for _, r := range runs {
			err := db.Savepoint(tx, func(tx *sql.Tx) error { return r.run.Store(ctx, tx) })
			switch {
			case errors.Is(err, errDuplicatePayload):
				s.log.InfoContext(ctx, "duplicate webhook delivery skipped", "trigger_id", r.t.ID)
				local.dups = append(local.dups, r.t.ID)
			case err != nil:
				code, reason := submitSkip(err)
				s.log.WarnContext(ctx, "webhook run not queued", "trigger_id", r.t.ID, "err", err)
				local.skip(r.t, code, reason)
			default:
				local.runs = append(local.runs, Run{TriggerID: r.t.ID, ExecutionID: r.run.ID()})
				stored = append(stored, r)
			}
		}
		local.record(p, p.in, orig)
		var status int
		var outcome, detail string
		var body any
		status, outcome, detail, body, retry = s.genericAnswer(&local, triggers)
		res = p.settle(status, outcome, detail, body)
		return insertDeliveryTx(ctx, tx, p.d, false)
	})
	switch {
	case errors.Is(err, errSenderGone):
		s.log.InfoContext(ctx, "webhook sender hung up before its runs were stored; nothing was run")
		p.d.Runs, p.d.Duplicates = nil, nil
		return s.finish(ctx, p, statusSenderGone, OutcomeError,
			"the sender hung up before the delivery was stored; nothing was run", ErrorBody{Error: "client closed request"})
	case errors.Is(err, errTooLate):
		s.log.WarnContext(ctx, "webhook delivery shed: too late to store its runs")
		p.d.Runs, p.d.Duplicates = nil, nil
		return s.unavailable(ctx, p, "the server is overloaded: this delivery's runs could not be stored in time, none was started; retry later")
	case err != nil:
		// Nothing was stored, runs included: the sender must send the delivery again.
		s.log.ErrorContext(ctx, "store webhook delivery and its runs", "err", err)
		for _, r := range runs {
			g.skip(r.t, SkipError, "the run could not be queued")
		}
		g.record(p, p.in, orig)
		return s.unavailable(ctx, p, fmt.Sprintf("%d of %d run(s) could not be stored; retry the delivery", len(runs), len(runs)))
	}
	for _, r := range stored {
		r.run.Queued(ctx)
	}
	if retry {
		res.RetryAfter = RetryAfterSeconds
	}
	s.announce(p, &res)
	return res
}

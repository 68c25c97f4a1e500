package execution

import (
	"context"
	"fmt"
	"sync"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/trigger"
)

var _ schedule.Firer = (*Engine)(nil)

// ScheduledMessage is the {message} of a scheduled run.
const ScheduledMessage = "Scheduled execution"

// prepareParallel is how many triggers are read at once while preparing scheduled runs.
const prepareParallel = 4

// Fire queues the scheduled runs due together, as manual runs are queued (each trigger's
// snapshot, its concurrency policy, the global limit), each with its schedule claim, all in one
// transaction: a minute on which many triggers fire costs one commit. results[i] is firing i's.
func (e *Engine) Fire(ctx context.Context, firings []schedule.Firing) []schedule.Fired {
	results := make([]schedule.Fired, len(firings))
	preps := make([]prepared, len(firings))
	known := e.scheduledTriggers(ctx)
	sem := make(chan struct{}, prepareParallel)
	var wg sync.WaitGroup
	for i, f := range firings {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			msg := ScheduledMessage
			if f.CatchUp {
				msg = fmt.Sprintf("%s (catch-up: the run planned for %s was missed because %s)", ScheduledMessage,
					f.PlannedAt.Format("2006-01-02 15:04 MST"), f.Reason)
			}
			req := Request{TriggerID: f.TriggerID, Kind: KindScheduled, Message: msg}
			if t, ok := known[f.TriggerID]; ok {
				preps[i], results[i].Err = e.prepareFor(ctx, req, t)
			} else {
				preps[i], results[i].Err = e.prepare(ctx, req)
			}
		})
	}
	wg.Wait()
	var runs []Queued
	var index []int
	now := db.Now()
	for i := range firings {
		if results[i].Err != nil {
			continue
		}
		preps[i].ex.QueuedAt = now
		runs = append(runs, Queued{Execution: preps[i].ex, Snapshot: preps[i].snapshot, Claim: firings[i].Claim})
		index = append(index, i)
	}
	if len(runs) == 0 {
		return results
	}
	for k, err := range e.d.Store.InsertMany(ctx, runs) {
		i := index[k]
		if results[i].Err = err; err == nil {
			results[i].ExecutionID = preps[i].ex.ID
			e.queued(ctx, preps[i])
		}
	}
	return results
}

// bySource is the trigger service's bulk read (*trigger.Service).
type bySource interface {
	ListBySource(ctx context.Context, source string) ([]trigger.Trigger, error)
}

// scheduledTriggers reads every enabled scheduled trigger in one go, when the trigger reader can:
// a thousand triggers due on the same minute would otherwise cost a thousand reads first.
func (e *Engine) scheduledTriggers(ctx context.Context) map[string]trigger.Trigger {
	bulk, ok := e.d.Triggers.(bySource)
	if !ok {
		return nil
	}
	list, err := bulk.ListBySource(ctx, trigger.SourceScheduled)
	if err != nil {
		e.log.WarnContext(ctx, "read scheduled triggers", "err", err)
		return nil
	}
	out := make(map[string]trigger.Trigger, len(list))
	for _, t := range list {
		out[t.ID] = t
	}
	return out
}

// Package autopause pauses a trigger whose runs failed too many times in a row (the
// autoPauseAfterFailures setting), so a bot broken on Friday evening does not fail every hour
// until Monday. It watches run outcomes on the event bus and counts from the store, so an event
// lost by a full queue is made up by the next one (or by a full pass after a gap).
package autopause

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
)

// Triggers is what the watcher needs of the trigger service (*trigger.Service).
type Triggers interface {
	Get(ctx context.Context, id string) (trigger.Trigger, error)
	List(ctx context.Context, query string) ([]trigger.Summary, error)
	RecentFailures(ctx context.Context, id string, limit int) (trigger.Failures, error)
	Pause(ctx context.Context, id, reason string) (trigger.Trigger, bool, error)
}

// Watcher pauses failing triggers.
type Watcher struct {
	triggers  Triggers
	threshold func() int // the setting, read at each outcome so a change applies at once
	em        events.Emitter
	log       *slog.Logger
}

// New returns a watcher. threshold returns the number of failures in a row that pause a
// trigger; 0 or less never pauses.
func New(triggers Triggers, threshold func() int, em events.Emitter, log *slog.Logger) *Watcher {
	return &Watcher{triggers: triggers, threshold: threshold, em: em, log: log.With("component", "autopause")}
}

// QueueSize is the bus queue a watcher subscribes with: outcomes arrive at most a few per run.
const QueueSize = 1024

// Match selects the events Run needs.
func Match(name string) bool { return name == events.ExecutionStatus }

// Run handles outcomes until ctx ends or sub is closed.
func (w *Watcher) Run(ctx context.Context, sub *events.Subscription) {
	defer sub.Close()
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			return
		}
		if ev.Missed > 0 {
			// Some outcomes were dropped: look at every trigger once.
			w.CheckAll(ctx)
		}
		ex, ok := ev.Payload.(execution.Execution)
		if !ok || ex.TriggerID == "" || !failed(ex.Status) {
			continue
		}
		if err := w.Check(ctx, ex.TriggerID); err != nil && !errors.Is(err, context.Canceled) {
			w.log.Warn("check failures in a row", "trigger_id", ex.TriggerID, "err", err)
		}
	}
}

// CheckAll checks every trigger.
func (w *Watcher) CheckAll(ctx context.Context) {
	list, err := w.triggers.List(ctx, "")
	if err != nil {
		w.log.Warn("list triggers", "err", err)
		return
	}
	for _, t := range list {
		if err := w.Check(ctx, t.ID); err != nil {
			w.log.Warn("check failures in a row", "trigger_id", t.ID, "err", err)
		}
	}
}

// Check pauses the trigger when its newest runs failed the threshold's number of times in a
// row, and tells the user why. A trigger already paused, or deleted, is left alone.
func (w *Watcher) Check(ctx context.Context, triggerID string) error {
	limit := w.threshold()
	if limit <= 0 {
		return nil
	}
	t, err := w.triggers.Get(ctx, triggerID)
	if errors.Is(err, trigger.ErrNotFound) {
		return nil
	}
	if err != nil || t.Paused {
		return err
	}
	f, err := w.triggers.RecentFailures(ctx, triggerID, limit)
	if err != nil || f.Count < limit {
		return err
	}
	reason := Reason(f)
	_, paused, err := w.triggers.Pause(ctx, triggerID, reason)
	if err != nil || !paused {
		return err
	}
	events.Notify(w.em, events.Notification{
		Kind:        events.KindTriggerPaused,
		Level:       events.LevelWarning,
		Title:       fmt.Sprintf("%s paused", t.Name),
		Message:     reason + " It will not fire from its schedule or webhooks until you resume it.",
		ExecutionID: f.LastID,
	})
	return nil
}

// maxErrorInReason keeps the reason readable on a trigger's row.
const maxErrorInReason = 200

// Reason is the sentence stored with the pause and shown on the trigger's row.
func Reason(f trigger.Failures) string {
	s := fmt.Sprintf("Paused after %d failed runs in a row.", f.Count)
	if f.LastError != "" {
		last := strings.TrimRight(strings.TrimSpace(f.LastError), ".")
		s = fmt.Sprintf("Paused after %d failed runs in a row; the last one: %s.", f.Count, shorten(last, maxErrorInReason))
	}
	return s
}

func failed(status string) bool {
	return status == execution.StatusFailed || status == execution.StatusTimeout
}

// shorten cuts s to at most n bytes on a character boundary.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

package restapi

import (
	"context"
	"errors"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
)

// streamPage is how many stored lines one store read returns, which bounds a stream's memory
// however long the log is.
const streamPage = 1000

// streamExecution is GET /admin/executions/:id/stream: the stored log after Last-Event-ID (or
// ?after=), then the live tail, as SSE. Events:
//
//	id: <seq>  event: line      data: Line         one per log line, in sequence order
//	           event: status    data: Execution    the current state, then each change
//	           event: complete  data: Execution    once, after the last line of a finished run
//	: heartbeat <time>                               after Heartbeat without other output
//
// Status and complete carry a summary (Execution.Summary: the first KiB of prompt and message);
// GET /admin/executions/:id has the whole run.
//
// Every line is sent exactly once and in order: the subscription is taken before the store is
// read, and the line cursor skips what was sent and fills any hole from the store.
func (a *API) streamExecution(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	q := newQuery(c)
	after := q.seq("after", c.QueryParam("after"))
	if h := c.Request().Header.Get("Last-Event-ID"); h != "" {
		after = q.seq("Last-Event-ID", h) // the browser's resume wins over a stale URL
	}
	if err := q.err(); err != nil {
		return a.fail(c, err)
	}
	// Subscribe before the first read: a batch published between a read and a later subscribe
	// would be lost, while one seen twice is just skipped by the cursor.
	logEvent := events.ExecutionLog(id)
	sub := a.d.Bus.Subscribe(a.queue, func(name string) bool { return name == logEvent || name == events.ExecutionStatus })
	defer sub.Close()
	ex, err := a.d.Engine.Get(ctx, id)
	if err != nil {
		return a.fail(c, err) // still before any SSE header, so an unknown id is a plain JSON 404
	}
	a.streams.Add(1)
	defer a.streams.Add(-1)

	w := newSSEWriter(c.Response())
	if err := w.start(c.Response()); err != nil {
		return nil // the client is gone; there is nobody to tell
	}
	s := &stream{a: a, id: id, w: w, sub: sub, last: after}
	err = s.run(ctx, ex)
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, events.ErrClosed):
		a.log.DebugContext(ctx, "log stream ended", "execution_id", id, "last_seq", s.last)
	default:
		// Headers are out, so the error cannot become a response; the client sees the stream end
		// without "complete" and reconnects with Last-Event-ID.
		a.log.WarnContext(ctx, "log stream broken", "execution_id", id, "last_seq", s.last, "err", err)
	}
	return nil
}

// stream is one client following one execution.
type stream struct {
	a    *API
	id   string
	w    *sseWriter
	sub  *events.Subscription
	last int64 // highest line seq the client has
}

func (s *stream) run(ctx context.Context, ex execution.Execution) error {
	if execution.IsTerminal(ex.Status) {
		return s.complete(ctx, ex) // all its lines are stored: the engine stores before it finishes
	}
	if err := s.w.event(0, "status", ex.Summary()); err != nil {
		return err
	}
	if err := s.catchUp(ctx); err != nil {
		return err
	}
	for {
		ev, err := s.next(ctx)
		if err != nil {
			return err
		}
		if ev.Missed > 0 {
			// Events were dropped, and the final status may be among them: re-read both from the store.
			s.a.log.DebugContext(ctx, "log stream fell behind, re-reading the store", "execution_id", s.id, "missed", ev.Missed)
			cur, err := s.a.d.Engine.Get(ctx, s.id)
			if err != nil {
				return err
			}
			if execution.IsTerminal(cur.Status) {
				return s.complete(ctx, cur)
			}
			if err := s.catchUp(ctx); err != nil {
				return err
			}
		}
		switch p := ev.Payload.(type) {
		case execution.LogBatch:
			err = s.live(ctx, p.Lines)
		case execution.Execution:
			err = s.status(ctx, p)
		}
		if errors.Is(err, errComplete) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// errComplete ends the event loop once "complete" has been sent.
var errComplete = errors.New("stream complete")

// next waits for an event, sending a heartbeat comment whenever the stream has been silent for
// the heartbeat interval. The wait is bounded by a deadline rather than a ticker goroutine, so
// the handler owns no goroutine that could outlive it.
func (s *stream) next(ctx context.Context) (events.Event, error) {
	for {
		wctx, cancel := context.WithDeadline(ctx, s.w.lastWrite.Add(s.a.d.Heartbeat))
		ev, err := s.sub.Next(wctx)
		cancel()
		if err == nil || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
			return ev, err
		}
		s.w.comment("heartbeat " + s.a.d.Now().UTC().Format(time.RFC3339))
		if err := s.w.flush(); err != nil {
			return events.Event{}, err
		}
	}
}

// live sends the lines of a published batch the client does not have yet. A batch that starts
// past the cursor means batches were missed; the store has them (the engine stores a batch before
// publishing it), so the hole is filled from there first.
func (s *stream) live(ctx context.Context, lines []execution.Line) error {
	if len(lines) == 0 || lines[len(lines)-1].Seq <= s.last {
		return nil
	}
	if lines[0].Seq > s.last+1 {
		if err := s.catchUp(ctx); err != nil {
			return err
		}
	}
	// Lines past the output cap are published but not stored, so after catchUp a hole may remain;
	// those lines are gone for every reader, and the stored marker line says so.
	for _, l := range lines {
		if l.Seq > s.last {
			if err := s.line(l); err != nil {
				return err
			}
		}
	}
	return s.w.flush()
}

// status forwards a status change of this execution; a final one completes the stream.
func (s *stream) status(ctx context.Context, ex execution.Execution) error {
	if ex.ID != s.id {
		return nil
	}
	if execution.IsTerminal(ex.Status) {
		if err := s.complete(ctx, ex); err != nil {
			return err
		}
		return errComplete
	}
	if err := s.w.event(0, "status", ex.Summary()); err != nil {
		return err
	}
	return s.w.flush()
}

// complete sends whatever the store holds past the cursor, then "complete". The engine stores
// every line before it publishes the final status, so nothing can follow.
func (s *stream) complete(ctx context.Context, ex execution.Execution) error {
	if err := s.catchUp(ctx); err != nil {
		return err
	}
	// Prefer the stored row: it is what GET /admin/executions/:id returns.
	if stored, err := s.a.d.Engine.Get(ctx, s.id); err == nil {
		ex = stored
	}
	if err := s.w.event(0, "complete", ex.Summary()); err != nil {
		return err
	}
	return s.w.flush()
}

// catchUp sends the stored lines past the cursor, a page at a time.
func (s *stream) catchUp(ctx context.Context) error {
	for {
		page, err := s.a.d.Engine.Lines(ctx, s.id, s.last, streamPage)
		if err != nil {
			return err
		}
		sent := false
		for _, l := range page.Lines {
			if l.Seq > s.last {
				if err := s.line(l); err != nil {
					return err
				}
				sent = true
			}
		}
		if err := s.w.flush(); err != nil {
			return err
		}
		if page.Next == 0 || !sent {
			return nil
		}
	}
}

func (s *stream) line(l execution.Line) error {
	if err := s.w.event(l.Seq, "line", l); err != nil {
		return err
	}
	s.last = l.Seq
	return nil
}

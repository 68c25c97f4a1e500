package restapi

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
)

// scriptedEngine is a fake engine whose stored log and status the test moves by hand, so the
// races the real engine only hits by chance (a batch published while the store is being read, a
// hole in the store) happen at a chosen moment.
type scriptedEngine struct {
	mu     sync.Mutex
	ex     execution.Execution
	lines  []execution.Line // stored, in seq order, possibly with holes
	onGet  func()           // runs once, on the stream's first Get (just after it subscribed)
	getHit bool
}

func (f *scriptedEngine) store(seqs ...int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range seqs {
		f.lines = append(f.lines, execution.Line{Seq: s, Stream: "stdout", Text: "line"})
	}
}

func (f *scriptedEngine) setStatus(s string) execution.Execution {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ex.Status = s
	return f.ex
}

func (f *scriptedEngine) Get(context.Context, string) (execution.Execution, error) {
	f.mu.Lock()
	hook := f.onGet
	first := !f.getHit
	f.getHit = true
	ex := f.ex
	f.mu.Unlock()
	if first && hook != nil {
		hook()
	}
	return ex, nil
}

func (f *scriptedEngine) Lines(_ context.Context, _ string, after int64, limit int) (execution.LinesPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	page := execution.LinesPage{Lines: []execution.Line{}}
	for _, l := range f.lines {
		if l.Seq > after && len(page.Lines) < limit {
			page.Lines = append(page.Lines, l)
		}
		page.Total = max(page.Total, l.Seq)
	}
	if n := len(page.Lines); n == limit && page.Lines[n-1].Seq < page.Total {
		page.Next = page.Lines[n-1].Seq
	}
	return page, nil
}

var errScripted = errors.New("not scripted")

func (f *scriptedEngine) Submit(context.Context, execution.Request) (execution.Execution, error) {
	return execution.Execution{}, errScripted
}
func (f *scriptedEngine) Cancel(context.Context, string) error { return errScripted }
func (f *scriptedEngine) Rerun(context.Context, string) (execution.Execution, error) {
	return execution.Execution{}, errScripted
}
func (f *scriptedEngine) List(context.Context, execution.ListFilter) (execution.Page, error) {
	return execution.Page{}, errScripted
}
func (f *scriptedEngine) Transcript(context.Context, string, int64, int) ([]agent.Entry, error) {
	return nil, errScripted
}

func (f *scriptedEngine) Diff(context.Context, string) (execution.Diff, error) {
	return execution.Diff{}, errScripted
}

func (f *scriptedEngine) RemoveWorktree(context.Context, string) (execution.Execution, error) {
	return execution.Execution{}, errScripted
}

func batch(seqs ...int64) execution.LogBatch {
	b := execution.LogBatch{ExecutionID: "exec-1"}
	for _, s := range seqs {
		b.Lines = append(b.Lines, execution.Line{Seq: s, Stream: "stdout", Text: "line"})
	}
	return b
}

func seqRange(from, to int64) []int64 {
	var out []int64
	for s := from; s <= to; s++ {
		out = append(out, s)
	}
	return out
}

func TestStreamCursorEdgeCases(t *testing.T) {
	t.Parallel()
	bus := events.NewBus()
	defer bus.Close()
	eng := &scriptedEngine{ex: execution.Execution{ID: "exec-1", Status: execution.StatusRunning}}
	eng.store(seqRange(1, 10)...)
	logName := events.ExecutionLog("exec-1")
	// Between the subscription and the first store read, lines 11-12 are stored and a batch that
	// overlaps what the read will return is published: it must not be sent twice.
	eng.onGet = func() {
		eng.store(11, 12)
		bus.Emit(logName, batch(8, 9, 10, 11, 12))
	}
	api := New(Deps{Engine: eng, Bus: bus})
	e := echo.New()
	api.RegisterAdmin(e.Group("/admin"))
	srv := httptest.NewServer(e)
	defer srv.Close()
	env := &env{t: t, api: api, srv: srv}
	c := env.openStream("exec-1", "", nil)

	readTo := func(seq int64) []int64 {
		t.Helper()
		lines, done := c.collect(func(l execution.Line) bool { return l.Seq >= seq })
		if done != nil {
			t.Fatalf("completed early at %+v", lines)
		}
		var got []int64
		for _, l := range lines {
			got = append(got, l.Seq)
		}
		return got
	}
	var got []int64
	got = append(got, readTo(12)...)

	// A batch that starts past the cursor: 13-14 were published in batches this viewer lost;
	// the store has them.
	eng.store(13, 14, 15, 16)
	bus.Emit(logName, batch(15, 16))
	got = append(got, readTo(16)...)

	// Lines over the output cap are never stored: the hole stays, later lines still come.
	bus.Emit(logName, batch(17, 18))
	got = append(got, readTo(18)...)
	bus.Emit(logName, batch(20, 21)) // 19 is in no batch and not stored
	got = append(got, readTo(21)...)

	// Another run finishing must not end this stream.
	bus.Emit(events.ExecutionStatus, execution.Execution{ID: "exec-other", Status: execution.StatusSuccess})
	eng.store(22)
	bus.Emit(logName, batch(22))
	got = append(got, readTo(22)...)

	// The final status arrives after the engine stored the last lines (the cap's kept tail).
	eng.store(23)
	bus.Emit(events.ExecutionStatus, eng.setStatus(execution.StatusSuccess))
	rest, done := c.collect(nil)
	if done == nil || done.Status != execution.StatusSuccess {
		t.Fatalf("complete = %+v", done)
	}
	for _, l := range rest {
		got = append(got, l.Seq)
	}
	want := append(append(seqRange(1, 18), 20, 21), 22, 23)
	if !slices.Equal(got, want) {
		t.Fatalf("streamed %v\nwant     %v", got, want)
	}
}

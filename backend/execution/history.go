package execution

import (
	"context"
	"time"

	"github.com/agented/agented/backend/agent"
)

// Get returns one execution with its whole prompt and message.
func (e *Engine) Get(ctx context.Context, id string) (Execution, error) {
	ex, err := e.d.Store.Get(ctx, id)
	if err != nil {
		return ex, err
	}
	ex.Attempts, err = e.d.Store.Attempts(ctx, id)
	return ex, err
}

// List returns a page of the history, as summaries: the first SummaryBytes of each prompt and
// message with their full sizes (Execution.Summary). Get has the rest.
func (e *Engine) List(ctx context.Context, f ListFilter) (Page, error) { return e.d.Store.List(ctx, f) }

// Lines pages a run's stored log.
func (e *Engine) Lines(ctx context.Context, id string, after int64, limit int) (LinesPage, error) {
	if _, err := e.d.Store.Summary(ctx, id); err != nil {
		return LinesPage{}, err
	}
	return e.d.Store.Lines(ctx, id, after, limit)
}

// Search finds lines of one run.
func (e *Engine) Search(ctx context.Context, id, query string, limit int) (SearchResult, error) {
	return e.d.Store.Search(ctx, id, query, limit)
}

// Transcript renders the readable transcript of the lines after seq `after`.
func (e *Engine) Transcript(ctx context.Context, id string, after int64, limit int) ([]agent.Entry, error) {
	ex, err := e.d.Store.Summary(ctx, id)
	if err != nil {
		return nil, err
	}
	page, err := e.d.Store.Lines(ctx, id, after, limit)
	if err != nil {
		return nil, err
	}
	raw := make([]agent.RawLine, 0, len(page.Lines))
	for _, l := range page.Lines {
		if l.Stream == StreamSystem {
			continue
		}
		raw = append(raw, agent.RawLine{Seq: l.Seq, Stream: l.Stream, Text: l.Text})
	}
	entries := agent.Transcript(ex.BackendType, raw)
	if entries == nil {
		entries = []agent.Entry{}
	}
	return entries, nil
}

// Dashboard returns the home screen's figures; its runs are summaries.
func (e *Engine) Dashboard(ctx context.Context) (Dashboard, error) {
	return e.d.Store.Dashboard(ctx, time.Now())
}

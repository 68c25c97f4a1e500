package bindings

import (
	"context"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/execution"
)

// ExecutionsAPI starts, follows and lists runs.
type ExecutionsAPI struct {
	ctx    context.Context
	engine *execution.Engine
	rec    Recorder
}

// NewExecutionsAPI returns the facade.
func NewExecutionsAPI(ctx context.Context, engine *execution.Engine, rec Recorder) *ExecutionsAPI {
	return &ExecutionsAPI{ctx: ctx, engine: engine, rec: rec}
}

// RunTrigger queues a manual run and returns its id at once.
func (a *ExecutionsAPI) RunTrigger(triggerID, message string) (string, error) {
	ex, err := record(a.ctx, a.rec, "trigger.run", triggerID, nil, func() (execution.Execution, error) {
		return a.engine.Submit(a.ctx, execution.Request{TriggerID: triggerID, Kind: execution.KindManual, Message: message})
	})
	return ex.ID, err
}

// Get returns one execution.
func (a *ExecutionsAPI) Get(id string) (execution.Execution, error) { return a.engine.Get(a.ctx, id) }

// List returns a page of the history.
func (a *ExecutionsAPI) List(f execution.ListFilter) (execution.Page, error) {
	return a.engine.List(a.ctx, f)
}

// Lines pages a run's log by sequence number.
func (a *ExecutionsAPI) Lines(id string, after int64, limit int) (execution.LinesPage, error) {
	return a.engine.Lines(a.ctx, id, after, limit)
}

// Search finds lines of one run.
func (a *ExecutionsAPI) Search(id, query string, limit int) (execution.SearchResult, error) {
	return a.engine.Search(a.ctx, id, query, limit)
}

// Transcript returns the readable transcript of a page of lines.
func (a *ExecutionsAPI) Transcript(id string, after int64, limit int) ([]agent.Entry, error) {
	return a.engine.Transcript(a.ctx, id, after, limit)
}

// Cancel stops a run.
func (a *ExecutionsAPI) Cancel(id string) error {
	return recordErr(a.ctx, a.rec, "execution.cancel", id, nil, nil, func() error { return a.engine.Cancel(a.ctx, id) })
}

// Rerun queues the run's trigger again and returns the new id.
func (a *ExecutionsAPI) Rerun(id string) (string, error) {
	ex, err := record(a.ctx, a.rec, "execution.rerun", id, nil, func() (execution.Execution, error) { return a.engine.Rerun(a.ctx, id) })
	return ex.ID, err
}

// Dashboard returns the home screen's figures.
func (a *ExecutionsAPI) Dashboard() (execution.Dashboard, error) { return a.engine.Dashboard(a.ctx) }

// GetDiff returns a worktree run's changes against its base commit.
func (a *ExecutionsAPI) GetDiff(id string) (execution.Diff, error) { return a.engine.Diff(a.ctx, id) }

// RemoveWorktree removes a finished run's worktree after saving its uncommitted changes; the
// run's savedNote says where they went.
func (a *ExecutionsAPI) RemoveWorktree(id string) (execution.Execution, error) {
	return record(a.ctx, a.rec, "execution.worktree.remove", id, nil, func() (execution.Execution, error) {
		return a.engine.RemoveWorktree(a.ctx, id)
	})
}

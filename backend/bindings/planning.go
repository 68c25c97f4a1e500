package bindings

import (
	"context"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/planning"
	"github.com/agented/agented/backend/usage"
)

// PlanningAPI serves a project's planning board and the planning commands it offers.
type PlanningAPI struct {
	ctx  context.Context
	svc  *planning.Service
	cmds *planning.CommandList
	rec  Recorder
}

// NewPlanningAPI returns the facade.
func NewPlanningAPI(ctx context.Context, svc *planning.Service, cmds *planning.CommandList, rec Recorder) *PlanningAPI {
	return &PlanningAPI{ctx: ctx, svc: svc, cmds: cmds, rec: rec}
}

// Board parses the project's .planning folder into milestones, phases and plans.
func (a *PlanningAPI) Board(projectID string) (planning.Board, error) {
	return a.svc.Board(a.ctx, projectID)
}

// State reads STATE.md's position and progress (Present is false without .planning).
func (a *PlanningAPI) State(projectID string) (planning.State, error) {
	return a.svc.State(a.ctx, projectID)
}

// Document returns the Markdown source of a file inside .planning.
func (a *PlanningAPI) Document(projectID, path string) (planning.DocumentText, error) {
	return a.svc.Document(a.ctx, projectID, path)
}

// SetStatus writes a plan's new status into its PLAN file and returns the board as it now reads.
func (a *PlanningAPI) SetStatus(projectID, planID, status string) (planning.Board, error) {
	return record(a.ctx, a.rec, "planning.plan.move", projectID+"/"+planID, nil, func() (planning.Board, error) {
		return a.svc.SetStatus(a.ctx, projectID, planID, status)
	})
}

// Watch follows the project's planning files while a board is open (planning:changed:<id>);
// pair it with Unwatch.
func (a *PlanningAPI) Watch(projectID string) error { return a.svc.Watch(a.ctx, projectID) }

// Unwatch ends one Watch.
func (a *PlanningAPI) Unwatch(projectID string) error {
	a.svc.Unwatch(projectID)
	return nil
}

// Run starts a trigger with the plan's PLAN file as {message}, in the project, tagged with the
// plan; it resolves with the execution id.
func (a *PlanningAPI) Run(projectID, planID, triggerID string) (string, error) {
	ex, err := record(a.ctx, a.rec, "planning.plan.run", projectID+"/"+planID, nil, func() (execution.Execution, error) {
		return a.svc.Run(a.ctx, projectID, planID, triggerID)
	})
	return ex.ID, err
}

// ListUsage returns runs, tokens and cost per plan of the runs started from the board.
func (a *PlanningAPI) ListUsage(projectID string) ([]usage.PlanUsage, error) {
	return a.svc.Usage(a.ctx, projectID)
}

// ListCommands returns the planning commands the board offers and the one that initializes
// planning.
func (a *PlanningAPI) ListCommands() (planning.CommandSet, error) { return a.cmds.Get(), nil }

// SetCommands validates and stores the planning commands and returns them as stored.
func (a *PlanningAPI) SetCommands(set planning.CommandSet) (planning.CommandSet, error) {
	before := a.cmds.Get()
	out, err := a.cmds.Set(a.ctx, set)
	if err == nil && a.rec != nil {
		a.rec.Record(a.ctx, "planning.commands.update", "", before, out)
	}
	return out, err
}

// ResetCommands restores the default (GRD) planning commands.
func (a *PlanningAPI) ResetCommands() (planning.CommandSet, error) {
	before := a.cmds.Get()
	out, err := a.cmds.Reset(a.ctx)
	if err == nil && a.rec != nil {
		a.rec.Record(a.ctx, "planning.commands.reset", "", before, out)
	}
	return out, err
}

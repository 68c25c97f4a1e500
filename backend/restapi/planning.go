package restapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/planning"
	"github.com/agented/agented/backend/project"
	"github.com/agented/agented/backend/usage"
)

// Planning is what the API needs of the planning board (*planning.Service).
type Planning interface {
	Board(ctx context.Context, projectID string) (planning.Board, error)
	State(ctx context.Context, projectID string) (planning.State, error)
	Document(ctx context.Context, projectID, path string) (planning.DocumentText, error)
	SetStatus(ctx context.Context, projectID, planID, status string) (planning.Board, error)
	Run(ctx context.Context, projectID, planID, triggerID string) (execution.Execution, error)
	Usage(ctx context.Context, projectID string) ([]usage.PlanUsage, error)
}

// PlanRun is the body of POST /admin/projects/:id/planning/run: the plan whose PLAN file becomes
// the run's {message}, and the trigger to run.
type PlanRun struct {
	PlanID    string `json:"planId"`
	TriggerID string `json:"triggerId"`
}

// PlanMove is the body of PUT /admin/projects/:id/planning/status: the plan (a Plan.ID, the PLAN
// file's path inside .planning) and its new status.
type PlanMove struct {
	PlanID string `json:"planId"`
	Status string `json:"status"`
}

func (a *API) registerPlanning(r registrar) {
	r.add(Route{Method: http.MethodGet, Path: "/projects/:id/planning", Scope: read, Summary: "The project's planning board: milestones, phases, plans, file errors", Resp: planning.Board{}}, a.planningBoard)
	r.add(Route{Method: http.MethodGet, Path: "/projects/:id/planning/state", Scope: read, Summary: "STATE.md's position and progress", Resp: planning.State{}}, a.planningState)
	r.add(Route{Method: http.MethodGet, Path: "/projects/:id/planning/document", Scope: read, Summary: "A Markdown file of .planning", Query: []string{"path"}, Resp: planning.DocumentText{}}, a.planningDocument)
	r.add(Route{Method: http.MethodGet, Path: "/projects/:id/planning/usage", Scope: read, Summary: "Runs, tokens and cost per plan of runs started from the board", Resp: []usage.PlanUsage{}}, a.planningUsage)
	r.add(Route{Method: http.MethodPost, Path: "/projects/:id/planning/run", Scope: run, Action: "planning.plan.run", Summary: "Start a trigger with a plan's PLAN file as its message, in the project", Body: PlanRun{}, Resp: RunAccepted{}, Status: http.StatusAccepted}, a.runPlan)
	r.add(Route{Method: http.MethodPut, Path: "/projects/:id/planning/status", Scope: admin, Action: "planning.plan.move", Summary: "Write a plan's status into its PLAN file", Body: PlanMove{}, Resp: planning.Board{}}, a.movePlan)
}

func (a *API) planningBoard(c echo.Context) error {
	b, err := a.d.Planning.Board(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, b)
}

func (a *API) planningState(c echo.Context) error {
	st, err := a.d.Planning.State(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, st)
}

// planningDocument answers ?path=<path inside .planning> with the Markdown source.
func (a *API) planningDocument(c echo.Context) error {
	path := c.QueryParam("path")
	if path == "" {
		return a.fail(c, badRequest("path is required", map[string]string{"path": "required: a .md file inside .planning"}))
	}
	doc, err := a.d.Planning.Document(c.Request().Context(), c.Param("id"), path)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, doc)
}

func (a *API) movePlan(c echo.Context) error {
	var mv PlanMove
	if err := decodeJSON(c, &mv, false); err != nil {
		return a.fail(c, err)
	}
	fields := map[string]string{}
	if mv.PlanID == "" {
		fields["planId"] = "required"
	}
	if mv.Status == "" {
		fields["status"] = "required"
	}
	if len(fields) > 0 {
		return a.fail(c, badRequest("planId and status are required", fields))
	}
	b, err := a.d.Planning.SetStatus(c.Request().Context(), c.Param("id"), mv.PlanID, mv.Status)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, b)
}

func (a *API) planningUsage(c echo.Context) error {
	u, err := a.d.Planning.Usage(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, u)
}

func (a *API) runPlan(c echo.Context) error {
	var req PlanRun
	if err := decodeJSON(c, &req, false); err != nil {
		return a.fail(c, err)
	}
	fields := map[string]string{}
	if req.PlanID == "" {
		fields["planId"] = "required"
	}
	if req.TriggerID == "" {
		fields["triggerId"] = "required"
	}
	if len(fields) > 0 {
		return a.fail(c, badRequest("planId and triggerId are required", fields))
	}
	ex, err := a.d.Planning.Run(c.Request().Context(), c.Param("id"), req.PlanID, req.TriggerID)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusAccepted, RunAccepted{ExecutionID: ex.ID, Status: ex.Status})
}

// classifyPlanning maps the planning errors; ok is false for any other error.
func classifyPlanning(err error) (int, errorBody, bool) {
	switch {
	case errors.Is(err, planning.ErrBadStatus):
		return http.StatusBadRequest, errorBody{Error: err.Error(), Fields: map[string]string{"status": err.Error()}}, true
	case errors.Is(err, planning.ErrBadPath):
		return http.StatusBadRequest, errorBody{Error: err.Error(), Fields: map[string]string{"path": err.Error()}}, true
	case errors.Is(err, planning.ErrPlanNotFound), errors.Is(err, planning.ErrDocumentNotFound):
		return http.StatusNotFound, errorBody{Error: err.Error()}, true
	case errors.Is(err, planning.ErrNotMovable), errors.Is(err, planning.ErrMalformed), errors.Is(err, planning.ErrNoProject),
		errors.Is(err, project.ErrNoWorkDir):
		return http.StatusConflict, errorBody{Error: err.Error()}, true
	case errors.Is(err, planning.ErrNoRunner):
		return http.StatusServiceUnavailable, errorBody{Error: err.Error()}, true
	}
	return 0, errorBody{}, false
}

package restapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/execution"
)

// RunRequest is the optional body of POST /admin/triggers/:id/run.
type RunRequest struct {
	Message string `json:"message"` // fills {message}
}

// RunAccepted answers run, rerun and cancel: the execution the request concerns and its status
// at the time of the answer. The run is stored before the answer is sent, so the id is real at
// once and a client can open the stream or poll the execution right away.
type RunAccepted struct {
	ExecutionID string `json:"executionId"`
	Status      string `json:"status"`
}

// IdleStatus is the answer of GET /admin/triggers/:id/status for a trigger that never ran.
type IdleStatus struct {
	Status string `json:"status"` // always "idle"
}

// runTrigger queues a manual run. A disabled trigger still runs: the engine treats "disabled" as
// "do not fire automatically", and a manual run is the user asking explicitly. A trigger whose
// policy is skip answers 409 while one of its runs is active.
func (a *API) runTrigger(c echo.Context) error {
	var req RunRequest
	if err := decodeJSON(c, &req, true); err != nil {
		return a.fail(c, err)
	}
	ctx := c.Request().Context()
	ex, err := a.d.Engine.Submit(ctx, execution.Request{TriggerID: c.Param("id"), Kind: execution.KindManual, Message: req.Message})
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "run requested over REST", "trigger_id", ex.TriggerID, "execution_id", ex.ID)
	return c.JSON(http.StatusAccepted, RunAccepted{ExecutionID: ex.ID, Status: ex.Status})
}

// triggerStatus returns the trigger's latest execution, or {"status":"idle"} when it never ran.
func (a *API) triggerStatus(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := a.d.Triggers.Get(ctx, c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	page, err := a.d.Engine.List(ctx, execution.ListFilter{TriggerID: t.ID, Limit: 1})
	if err != nil {
		return a.fail(c, err)
	}
	if len(page.Executions) == 0 {
		return c.JSON(http.StatusOK, IdleStatus{Status: "idle"})
	}
	return c.JSON(http.StatusOK, page.Executions[0])
}

// triggerExecutions is the execution list restricted to one trigger (404 when it does not exist,
// rather than an empty list that would hide a wrong id).
func (a *API) triggerExecutions(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := a.d.Triggers.Get(ctx, c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	f, err := listFilter(c)
	if err != nil {
		return a.fail(c, err)
	}
	f.TriggerID = t.ID
	page, err := a.d.Engine.List(ctx, f)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, page)
}

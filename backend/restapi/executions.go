package restapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/execution"
)

// Transcript is the answer of GET /admin/executions/:id/transcript.
type Transcript struct {
	Entries []agent.Entry `json:"entries"`
}

func (a *API) listExecutions(c echo.Context) error {
	f, err := listFilter(c)
	if err != nil {
		return a.fail(c, err)
	}
	page, err := a.d.Engine.List(c.Request().Context(), f)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, page)
}

func (a *API) getExecution(c echo.Context) error {
	ex, err := a.d.Engine.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, ex)
}

// executionLines pages the stored log: pass the answer's next as after= until next is 0.
func (a *API) executionLines(c echo.Context) error {
	after, limit, err := linesWindow(c)
	if err != nil {
		return a.fail(c, err)
	}
	page, err := a.d.Engine.Lines(c.Request().Context(), c.Param("id"), after, limit)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, page)
}

func (a *API) executionTranscript(c echo.Context) error {
	after, limit, err := linesWindow(c)
	if err != nil {
		return a.fail(c, err)
	}
	entries, err := a.d.Engine.Transcript(c.Request().Context(), c.Param("id"), after, limit)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, Transcript{Entries: entries})
}

// cancelExecution answers 200 when the run is over by the time we answer (a queued run is
// removed at once) and 202 while a running one is still being stopped; a run that had already
// finished is a 409.
func (a *API) cancelExecution(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	if err := a.d.Engine.Cancel(ctx, id); err != nil {
		return a.fail(c, err)
	}
	ex, err := a.d.Engine.Get(ctx, id)
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "cancel requested over REST", "execution_id", id)
	status := http.StatusAccepted
	if execution.IsTerminal(ex.Status) {
		status = http.StatusOK
	}
	return c.JSON(status, RunAccepted{ExecutionID: id, Status: ex.Status})
}

func (a *API) rerunExecution(c echo.Context) error {
	ctx := c.Request().Context()
	ex, err := a.d.Engine.Rerun(ctx, c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "rerun requested over REST", "rerun_of", c.Param("id"), "execution_id", ex.ID)
	return c.JSON(http.StatusAccepted, RunAccepted{ExecutionID: ex.ID, Status: ex.Status})
}

// executionDiff is GET /admin/executions/:id/diff; 409 for a run that had no worktree.
func (a *API) executionDiff(c echo.Context) error {
	d, err := a.d.Engine.Diff(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, d)
}

// removeWorktree is POST /admin/executions/:id/worktree/remove: the run afterwards, whose
// savedNote says where uncommitted changes went. 409 while the run is active or when it had no
// worktree.
func (a *API) removeWorktree(c echo.Context) error {
	ex, err := a.d.Engine.RemoveWorktree(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, ex)
}

package restapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/planning"
)

// PlanningCommands is the list of planning commands the board offers (*planning.CommandList).
type PlanningCommands interface {
	List() []planning.Command
	Set(ctx context.Context, in []planning.Command) ([]planning.Command, error)
	Reset(ctx context.Context) ([]planning.Command, error)
}

// PlanningCommandList is the body and answer of /admin/planning/commands.
type PlanningCommandList struct {
	Commands []planning.Command `json:"commands"`
}

func (a *API) registerPlanningCommands(r registrar) {
	cur := func(echo.Context) (any, error) {
		return PlanningCommandList{Commands: a.d.PlanningCommands.List()}, nil
	}
	r.add(Route{Method: http.MethodGet, Path: "/planning/commands", Scope: read, Summary: "The planning commands the board opens in a terminal", Resp: PlanningCommandList{}}, a.getPlanningCommands)
	r.add(Route{Method: http.MethodPut, Path: "/planning/commands", Scope: admin, Action: "planning.commands.update", Summary: "Replace the planning commands (an empty list offers none)", Body: PlanningCommandList{}, Resp: PlanningCommandList{}, Before: cur}, a.putPlanningCommands)
	r.add(Route{Method: http.MethodPost, Path: "/planning/commands/reset", Scope: admin, Action: "planning.commands.reset", Summary: "Restore the default (GRD) planning commands", Resp: PlanningCommandList{}, Before: cur}, a.resetPlanningCommands)
}

func (a *API) getPlanningCommands(c echo.Context) error {
	return c.JSON(http.StatusOK, PlanningCommandList{Commands: nonNilList(a.d.PlanningCommands.List())})
}

func (a *API) putPlanningCommands(c echo.Context) error {
	var in PlanningCommandList
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	if in.Commands == nil {
		return a.fail(c, badRequest("commands is required (send [] for none)", map[string]string{"commands": "required"}))
	}
	out, err := a.d.PlanningCommands.Set(c.Request().Context(), in.Commands)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, PlanningCommandList{Commands: nonNilList(out)})
}

func (a *API) resetPlanningCommands(c echo.Context) error {
	out, err := a.d.PlanningCommands.Reset(c.Request().Context())
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, PlanningCommandList{Commands: nonNilList(out)})
}

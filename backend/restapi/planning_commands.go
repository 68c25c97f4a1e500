package restapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/planning"
)

// PlanningCommands is the planning commands setting (*planning.CommandList).
type PlanningCommands interface {
	Get() planning.CommandSet
	Set(ctx context.Context, in planning.CommandSet) (planning.CommandSet, error)
	Reset(ctx context.Context) (planning.CommandSet, error)
}

// PlanningCommandList is the answer of /admin/planning/commands: the board's commands and the
// command "Initialize planning" opens.
type PlanningCommandList struct {
	InitCommand string             `json:"initCommand"`
	Commands    []planning.Command `json:"commands"`
}

// PlanningCommandsUpdate is the PUT body. initCommand may be left out, which keeps the stored
// one: a client written when only the list was editable still works.
type PlanningCommandsUpdate struct {
	InitCommand *string            `json:"initCommand,omitempty"`
	Commands    []planning.Command `json:"commands"`
}

func (a *API) registerPlanningCommands(r registrar) {
	cur := func(echo.Context) (any, error) { return commandListOf(a.d.PlanningCommands.Get()), nil }
	r.add(Route{Method: http.MethodGet, Path: "/planning/commands", Scope: read, Summary: "The planning commands the board opens in a terminal, and the one that initializes planning", Resp: PlanningCommandList{}}, a.getPlanningCommands)
	r.add(Route{Method: http.MethodPut, Path: "/planning/commands", Scope: admin, Action: "planning.commands.update", Summary: "Replace the planning commands (an empty list offers none; without initCommand the stored one stays)", Body: PlanningCommandsUpdate{}, Resp: PlanningCommandList{}, Before: cur}, a.putPlanningCommands)
	r.add(Route{Method: http.MethodPost, Path: "/planning/commands/reset", Scope: admin, Action: "planning.commands.reset", Summary: "Restore the default (GRD) planning commands", Resp: PlanningCommandList{}, Before: cur}, a.resetPlanningCommands)
}

func commandListOf(s planning.CommandSet) PlanningCommandList {
	return PlanningCommandList{InitCommand: s.InitCommand, Commands: nonNilList(s.Commands)}
}

func (a *API) getPlanningCommands(c echo.Context) error {
	return c.JSON(http.StatusOK, commandListOf(a.d.PlanningCommands.Get()))
}

func (a *API) putPlanningCommands(c echo.Context) error {
	var in PlanningCommandsUpdate
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	if in.Commands == nil {
		return a.fail(c, badRequest("commands is required (send [] for none)", map[string]string{"commands": "required"}))
	}
	set := planning.CommandSet{InitCommand: a.d.PlanningCommands.Get().InitCommand, Commands: in.Commands}
	if in.InitCommand != nil {
		set.InitCommand = *in.InitCommand
	}
	out, err := a.d.PlanningCommands.Set(c.Request().Context(), set)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, commandListOf(out))
}

func (a *API) resetPlanningCommands(c echo.Context) error {
	out, err := a.d.PlanningCommands.Reset(c.Request().Context())
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, commandListOf(out))
}

package main

import (
	"context"

	"github.com/agented/agented/backend/planning"
	"github.com/agented/agented/backend/usage"
)

// startPlanning builds the planning board service over the projects' working directories (it
// watches nothing until a board is open) and loads the planning commands the board offers.
func (a *App) startPlanning(ctx context.Context) error {
	a.planning = planning.New(planning.Deps{
		Projects: a.projects, Emitter: a.bus, Log: a.log.Logger, Go: a.background,
		Runner: a.engine, Usage: usage.NewReports(a.db),
	})
	var err error
	a.planCmds, err = planning.NewCommandList(ctx, a.settings, a.bus, a.log.Logger)
	return err
}

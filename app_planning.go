package main

import (
	"github.com/agented/agented/backend/planning"
	"github.com/agented/agented/backend/usage"
)

// startPlanning builds the planning board service over the projects' working directories. It
// watches nothing until a board is open.
func (a *App) startPlanning() {
	a.planning = planning.New(planning.Deps{
		Projects: a.projects, Emitter: a.bus, Log: a.log.Logger, Go: a.background,
		Runner: a.engine, Usage: usage.NewReports(a.db),
	})
}

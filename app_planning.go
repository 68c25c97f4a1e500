package main

import (
	"context"

	"github.com/agented/agented/backend/planning"
	"github.com/agented/agented/backend/usage"
)

// startPlanning builds the planning board service. It watches nothing until a board is open.
func (a *App) startPlanning() {
	a.planning = planning.New(planning.Deps{
		Projects: planning.ProjectsFunc(func(context.Context, string) (string, error) {
			return "", planning.ErrNoProject
		}),
		Emitter: a.bus, Log: a.log.Logger, Go: a.background, Runner: a.engine, Usage: usage.NewReports(a.db),
	})
}

package bindings

import (
	"context"

	"github.com/agented/agented/backend/terminal"
)

// TerminalAPI opens terminal tabs: a login shell or an AI CLI on a real pseudo-terminal. Output
// arrives on `pty:output:<id>`, status changes on `pty:changed`.
type TerminalAPI struct {
	ctx context.Context
	svc *terminal.Service
}

// NewTerminalAPI returns the facade.
func NewTerminalAPI(ctx context.Context, svc *terminal.Service) *TerminalAPI {
	return &TerminalAPI{ctx: ctx, svc: svc}
}

// Start opens a session sized rows×cols before its program starts.
func (a *TerminalAPI) Start(opts terminal.StartOptions) (terminal.Session, error) {
	return a.svc.Start(a.ctx, opts)
}

// Write types data (keys, pasted text) into a session.
func (a *TerminalAPI) Write(id, data string) error { return a.svc.Write(id, data) }

// Resize follows the panel's size.
func (a *TerminalAPI) Resize(id string, rows, cols uint16) error { return a.svc.Resize(id, rows, cols) }

// List returns a project's sessions ("" for all of them).
func (a *TerminalAPI) List(projectID string) ([]terminal.Session, error) {
	return a.svc.List(projectID), nil
}

// Snapshot returns a session's kept output, for a tab that (re)opens.
func (a *TerminalAPI) Snapshot(id string) (terminal.Snapshot, error) { return a.svc.Snapshot(id) }

// Close ends a session and everything it started.
func (a *TerminalAPI) Close(id string) error { return a.svc.Close(a.ctx, id) }

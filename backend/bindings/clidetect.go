package bindings

import (
	"context"

	"github.com/agented/agented/backend/clidetect"
)

// AgentCLIAPI shows which AI CLIs are installed and lets the user point at a binary.
type AgentCLIAPI struct {
	ctx context.Context
	det *clidetect.Detector
	rec Recorder
}

// NewAgentCLIAPI returns the facade.
func NewAgentCLIAPI(ctx context.Context, det *clidetect.Detector, rec Recorder) *AgentCLIAPI {
	return &AgentCLIAPI{ctx: ctx, det: det, rec: rec}
}

// List returns the last detection result.
func (a *AgentCLIAPI) List() ([]clidetect.Info, error) { return a.det.List(), nil }

// Detect checks every CLI again.
func (a *AgentCLIAPI) Detect() ([]clidetect.Info, error) { return a.det.Detect(a.ctx) }

// SetPath sets (or with "" clears) a custom binary path.
func (a *AgentCLIAPI) SetPath(name, path string) (clidetect.Info, error) {
	return record(a.ctx, a.rec, "cli.path.update", name, nil, func() (clidetect.Info, error) { return a.det.SetPath(a.ctx, name, path) })
}

// GetGit returns the last detection of git, which worktree isolation and the runs' git state need.
func (a *AgentCLIAPI) GetGit() (clidetect.Info, error) { return a.det.GitInfo(), nil }

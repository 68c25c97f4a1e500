package planning

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/usage"
)

// Runner starts runs (*execution.Engine).
type Runner interface {
	Submit(ctx context.Context, req execution.Request) (execution.Execution, error)
}

// UsageReader sums what the runs of each plan used (*usage.Reports).
type UsageReader interface {
	ByPlan(ctx context.Context, projectID string) ([]usage.PlanUsage, error)
}

// ErrNoRunner means the service was built without an engine (a test, or a tool without runs).
var ErrNoRunner = errors.New("runs cannot be started from the planning board here")

// Run starts the trigger with the plan's PLAN file as its {message}, in the project's directory,
// and tags the run with the plan so the board can show what each plan cost.
func (s *Service) Run(ctx context.Context, projectID, planID, triggerID string) (execution.Execution, error) {
	if s.d.Runner == nil {
		return execution.Execution{}, ErrNoRunner
	}
	if strings.Contains(planID, "#") {
		return execution.Execution{}, ErrNotMovable
	}
	if !planFile.MatchString(path.Base(planID)) {
		return execution.Execution{}, fmt.Errorf("%w: %q is not a NN-MM-PLAN.md file", ErrPlanNotFound, planID)
	}
	dir, err := s.d.Projects.WorkDir(ctx, projectID)
	if err != nil {
		return execution.Execution{}, err
	}
	if dir == "" {
		return execution.Execution{}, ErrNoProject
	}
	doc, err := s.Document(ctx, projectID, planID)
	if errors.Is(err, ErrDocumentNotFound) {
		return execution.Execution{}, fmt.Errorf("%w: %s", ErrPlanNotFound, planID)
	}
	if err != nil {
		return execution.Execution{}, err
	}
	ex, err := s.d.Runner.Submit(ctx, execution.Request{
		TriggerID: triggerID, Kind: execution.KindManual, Message: doc.Content, Dir: dir,
		Plan: execution.PlanTag{ProjectID: projectID, PlanID: planID},
	})
	if err != nil {
		return execution.Execution{}, err
	}
	s.log.Info("plan run started", "project", projectID, "plan", planID, "trigger", triggerID, "execution", ex.ID)
	return ex, nil
}

// Usage is what the runs of each of the project's plans used (plans never run are absent).
func (s *Service) Usage(ctx context.Context, projectID string) ([]usage.PlanUsage, error) {
	if s.d.Usage == nil {
		return []usage.PlanUsage{}, nil
	}
	return s.d.Usage.ByPlan(ctx, projectID)
}

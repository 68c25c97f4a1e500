package planning

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
)

// recordingRunner keeps the requests it is given and answers with a queued run.
type recordingRunner struct{ reqs []execution.Request }

func (r *recordingRunner) Submit(_ context.Context, req execution.Request) (execution.Execution, error) {
	r.reqs = append(r.reqs, req)
	if req.TriggerID == "trig-missing" {
		return execution.Execution{}, errors.New("trigger not found")
	}
	return execution.Execution{ID: "exec-1", PlanID: req.Plan.PlanID, PlanProjectID: req.Plan.ProjectID}, nil
}

func TestRunStartsTheTriggerWithThePlanInTheProject(t *testing.T) {
	t.Parallel()
	proj := copyTree(t, "flat")
	runner := &recordingRunner{}
	s := New(Deps{Emitter: &events.Recorder{}, Runner: runner, Projects: ProjectsFunc(func(_ context.Context, id string) (string, error) {
		if id == "p" {
			return proj, nil
		}
		return "", ErrNoProject
	})})
	ctx := context.Background()
	id := "phases/01-foundation/01-02-PLAN.md"
	ex, err := s.Run(ctx, "p", id, "trig-1")
	if err != nil || ex.ID != "exec-1" {
		t.Fatalf("run = %+v, %v", ex, err)
	}
	text, _ := os.ReadFile(filepath.Join(proj, Dir, id))
	req := runner.reqs[0]
	if req.TriggerID != "trig-1" || req.Kind != execution.KindManual || req.Message != string(text) || req.Dir != proj ||
		req.Plan != (execution.PlanTag{ProjectID: "p", PlanID: id}) {
		t.Errorf("request = %+v", req)
	}

	tests := []struct {
		name, project, plan, trigger string
		want                         error
	}{
		{"a checklist-only plan", "p", "ROADMAP.md#2-03", "trig-1", ErrNotMovable},
		{"a document that is not a plan", "p", "phases/01-foundation/01-CONTEXT.md", "trig-1", ErrPlanNotFound},
		{"a plan that does not exist", "p", "phases/01-foundation/01-08-PLAN.md", "trig-1", ErrPlanNotFound},
		{"a path out of .planning", "p", "../../01-01-PLAN.md", "trig-1", ErrBadPath},
		{"an unknown project", "nope", id, "trig-1", ErrNoProject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Run(ctx, tt.project, tt.plan, tt.trigger); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := s.Run(ctx, "p", id, "trig-missing"); err == nil {
		t.Error("the engine's refusal was not returned")
	}
	if len(runner.reqs) != 2 {
		t.Errorf("the engine was asked %d times, want 2 (the refused inputs never reach it)", len(runner.reqs))
	}
	if _, err := New(Deps{Projects: s.d.Projects}).Run(ctx, "p", id, "trig-1"); !errors.Is(err, ErrNoRunner) {
		t.Errorf("without an engine: %v", err)
	}
}

package restapi

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/planning"
)

// planningEnv serves the planning routes over a copy of the flat fixture as project "p1".
func planningEnv(t *testing.T) (*env, string) {
	t.Helper()
	svc, proj := planningService(t, nil)
	api := New(Deps{Planning: svc})
	e := echo.New()
	api.RegisterAdmin(e.Group("/admin"))
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &env{t: t, api: api, srv: srv}, proj
}

// planningService is the planning service over a copy of the flat fixture as project "p1".
// planningService serves the flat fixture as project p1; runner may be nil (no runs).
func planningService(t *testing.T, runner planning.Runner) (*planning.Service, string) {
	t.Helper()
	proj := t.TempDir()
	src := "../planning/testdata/flat"
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(proj, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(proj, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := planning.New(planning.Deps{Emitter: &events.Recorder{}, Projects: planning.ProjectsFunc(
		func(_ context.Context, id string) (string, error) {
			if id == "p1" {
				return proj, nil
			}
			return "", planning.ErrNoProject
		}), Runner: runner})
	return svc, proj
}

// keys returns the sorted keys of a JSON object.
func keys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestPlanningOverREST(t *testing.T) {
	t.Parallel()
	e, proj := planningEnv(t)

	// The board's JSON names, as the contract has them.
	var raw struct {
		Milestones []struct {
			Phases []struct {
				Plans []json.RawMessage `json:"plans"`
			} `json:"phases"`
		} `json:"milestones"`
		Errors []json.RawMessage `json:"errors"`
	}
	var top json.RawMessage
	if code := e.do("GET", "/admin/projects/p1/planning", nil, &top); code != http.StatusOK {
		t.Fatalf("board: %d", code)
	}
	if got := keys(t, top); !slices.Equal(got, []string{"errors", "milestones"}) {
		t.Errorf("board keys = %q", got)
	}
	if err := json.Unmarshal(top, &raw); err != nil {
		t.Fatal(err)
	}
	plan := raw.Milestones[0].Phases[0].Plans[0]
	wantPlan := []string{"dependsOn", "filesModified", "hasSummary", "id", "objective", "phase", "plan", "status", "title", "wave"}
	if got := keys(t, plan); !slices.Equal(got, wantPlan) {
		t.Errorf("plan keys = %q, want %q", got, wantPlan)
	}
	if got := keys(t, raw.Errors[0]); !slices.Equal(got, []string{"file", "message"}) {
		t.Errorf("error keys = %q", got)
	}

	var b planning.Board
	id := "phases/01-foundation/01-02-PLAN.md"
	if code := e.do("PUT", "/admin/projects/p1/planning/status", PlanMove{PlanID: id, Status: "done"}, &b); code != http.StatusOK {
		t.Fatalf("move: %d", code)
	}
	if src, _ := os.ReadFile(filepath.Join(proj, ".planning", id)); !strings.Contains(string(src), "status: done\n") {
		t.Errorf("PLAN file after the move:\n%s", src)
	}
	var st planning.State
	if code := e.do("GET", "/admin/projects/p1/planning/state", nil, &st); code != http.StatusOK || st.Percent != 30 {
		t.Errorf("state: %d %+v", code, st)
	}
	var doc planning.DocumentText
	if code := e.do("GET", "/admin/projects/p1/planning/document?path=phases/01-foundation/01-CONTEXT.md", nil, &doc); code != http.StatusOK ||
		!strings.HasPrefix(doc.Content, "# Phase 1: Foundation") {
		t.Errorf("document: %d %+v", code, doc)
	}

	var used []json.RawMessage
	if code := e.do("GET", "/admin/projects/p1/planning/usage", nil, &used); code != http.StatusOK || used == nil || len(used) != 0 {
		t.Errorf("usage: %d %v (want an empty list)", code, used)
	}

	tests := []struct {
		name, method, path string
		body               any
		want               int
	}{
		{"unknown project", "GET", "/admin/projects/nope/planning", nil, http.StatusConflict},
		{"document without a path", "GET", "/admin/projects/p1/planning/document", nil, http.StatusBadRequest},
		{"document out of .planning", "GET", "/admin/projects/p1/planning/document?path=../x.md", nil, http.StatusBadRequest},
		{"missing document", "GET", "/admin/projects/p1/planning/document?path=nope.md", nil, http.StatusNotFound},
		{"move without a body", "PUT", "/admin/projects/p1/planning/status", nil, http.StatusBadRequest},
		{"move without a status", "PUT", "/admin/projects/p1/planning/status", PlanMove{PlanID: id}, http.StatusBadRequest},
		{"move with a bad status", "PUT", "/admin/projects/p1/planning/status", PlanMove{PlanID: id, Status: "Done!"}, http.StatusBadRequest},
		{"move an unknown plan", "PUT", "/admin/projects/p1/planning/status", PlanMove{PlanID: "phases/01-foundation/01-09-PLAN.md", Status: "done"}, http.StatusNotFound},
		{"move a checklist-only plan", "PUT", "/admin/projects/p1/planning/status", PlanMove{PlanID: "ROADMAP.md#2-03", Status: "done"}, http.StatusConflict},
		{"move a malformed plan", "PUT", "/admin/projects/p1/planning/status", PlanMove{PlanID: "phases/02-api-auth/02-01-PLAN.md", Status: "done"}, http.StatusConflict},
		{"run without a trigger", "POST", "/admin/projects/p1/planning/run", PlanRun{PlanID: id}, http.StatusBadRequest},
		{"run without an engine", "POST", "/admin/projects/p1/planning/run", PlanRun{PlanID: id, TriggerID: "trig-1"}, http.StatusServiceUnavailable},
		{"unknown field", "PUT", "/admin/projects/p1/planning/status", `{"plan":"x","status":"done"}`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			if code := e.do(tt.method, tt.path, tt.body, &body); code != tt.want || body.Error == "" {
				t.Fatalf("status %d %+v, want %d with an error", code, body, tt.want)
			}
		})
	}
}

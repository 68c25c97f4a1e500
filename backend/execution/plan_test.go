package execution

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
)

// TestPlanRunWorksInTheProjectAndKeepsItsTag: a run started from a planning board's plan works in
// the project's directory (its trigger's linked directory still granted), carries the plan's tag
// through the store, and a re-run keeps both.
func TestPlanRunWorksInTheProjectAndKeepsItsTag(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{})
	tr := h.newTrigger("plan runner", agent.Claude)
	project := t.TempDir()
	tag := PlanTag{ProjectID: "prj-1", PlanID: "phases/01-x/01-02-PLAN.md"}
	ex, err := h.engine.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: KindManual, Message: "the plan", Plan: tag, Dir: project})
	if err != nil {
		t.Fatal(err)
	}
	if ex.PlanProjectID != tag.ProjectID || ex.PlanID != tag.PlanID || ex.WorkingDir != project {
		t.Fatalf("queued run = %+v", ex)
	}
	done := h.wait(ex.ID, 30*time.Second, StatusSuccess, StatusFailed)
	if done.Status != StatusSuccess || done.WorkingDir != project || done.PlanID != tag.PlanID || done.PlanProjectID != tag.ProjectID {
		t.Fatalf("run %s in %q tagged %q/%q: %s", done.Status, done.WorkingDir, done.PlanProjectID, done.PlanID, done.ErrorMessage)
	}
	// The project is the working directory; the trigger's own directory is still granted.
	if !argvHas(done.Argv, tr.Paths[0].Path) {
		t.Errorf("argv %v does not grant the trigger's directory", done.Argv)
	}

	again, err := h.engine.Rerun(context.Background(), ex.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again = h.wait(again.ID, 30*time.Second, StatusSuccess, StatusFailed); again.WorkingDir != project || again.PlanID != tag.PlanID {
		t.Errorf("re-run in %q tagged %q, want the plan's project and tag", again.WorkingDir, again.PlanID)
	}

	// An untagged run of the same trigger is not affected.
	plain := h.wait(h.submit(tr, "plain").ID, 30*time.Second, StatusSuccess, StatusFailed)
	if plain.WorkingDir != tr.Paths[0].Path || plain.PlanID != "" {
		t.Errorf("plain run in %q tagged %q", plain.WorkingDir, plain.PlanID)
	}

	// The project's directory vanished before the run started: the run fails and says so.
	gone := filepath.Join(t.TempDir(), "gone")
	if err := os.Mkdir(gone, 0o755); err != nil {
		t.Fatal(err)
	}
	ex, err = h.engine.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: KindManual, Plan: tag, Dir: gone})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	failed := h.wait(ex.ID, 30*time.Second, StatusSuccess, StatusFailed)
	if failed.Status != StatusFailed || !strings.Contains(failed.ErrorMessage, "no longer exists") {
		t.Errorf("run without its project directory: %s %q", failed.Status, failed.ErrorMessage)
	}
}

func argvHas(argv []string, s string) bool {
	for _, a := range argv {
		if strings.Contains(a, s) {
			return true
		}
	}
	return false
}

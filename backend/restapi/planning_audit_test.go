package restapi

import "testing"

// The planning routes' audit scenarios (see auditScenarios).
func init() {
	auditScenarios["PUT /admin/projects/:id/planning/status"] = func(t *testing.T, e *env) (string, any) {
		return "/admin/projects/p1/planning/status", PlanMove{PlanID: "phases/01-foundation/01-02-PLAN.md", Status: "done"}
	}
	auditScenarios["POST /admin/projects/:id/planning/run"] = func(t *testing.T, e *env) (string, any) {
		return "/admin/projects/p1/planning/run", PlanRun{PlanID: "phases/01-foundation/01-02-PLAN.md", TriggerID: e.newTrigger("plan runner").ID}
	}
}

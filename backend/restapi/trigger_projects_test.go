package restapi

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/project"
	"github.com/agented/agented/backend/trigger"
)

func TestTriggerProjectsREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	var a, b project.Project
	dirA, dirB := t.TempDir(), t.TempDir()
	if code := e.do("POST", "/admin/projects", map[string]any{"name": "A", "localPath": dirA}, &a); code != http.StatusCreated {
		t.Fatalf("create project: %d", code)
	}
	if code := e.do("POST", "/admin/projects", map[string]any{"name": "B", "localPath": dirB}, &b); code != http.StatusCreated {
		t.Fatalf("create project: %d", code)
	}

	// projectIds round-trips in order, as JSON the scripts can rely on.
	var raw map[string]any
	body := `{"name":"Linked","promptTemplate":"work in {paths}: {message}","projectIds":["` + b.ID + `","` + a.ID + `"]}`
	if code := e.do("POST", "/admin/triggers", body, &raw); code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, raw)
	}
	id := raw["id"].(string)
	if got := raw["projectIds"]; !slices.Equal(strs(got), []string{b.ID, a.ID}) {
		t.Fatalf("created projectIds = %#v", got)
	}
	// A PUT without projectIds keeps them; with them, it replaces them.
	var tr trigger.Trigger
	if code := e.do("PUT", "/admin/triggers/"+id, `{"model":"sonnet"}`, &tr); code != http.StatusOK || !slices.Equal(tr.ProjectIDs, []string{b.ID, a.ID}) {
		t.Fatalf("PUT without projectIds: %d %v", code, tr.ProjectIDs)
	}
	if code := e.do("PUT", "/admin/triggers/"+id, `{"projectIds":["`+a.ID+`"]}`, &tr); code != http.StatusOK || !slices.Equal(tr.ProjectIDs, []string{a.ID}) {
		t.Fatalf("PUT projectIds: %d %v", code, tr.ProjectIDs)
	}
	var list TriggerList
	e.do("GET", "/admin/triggers", nil, &list)
	if i := slices.IndexFunc(list.Triggers, func(s trigger.Summary) bool { return s.ID == id }); i < 0 || !slices.Equal(list.Triggers[i].ProjectIDs, []string{a.ID}) {
		t.Fatalf("list lacks the links: %+v", list.Triggers)
	}
	var plain map[string]any
	e.do("POST", "/admin/triggers", `{"name":"Plain","promptTemplate":"p"}`, &plain)
	if got, ok := plain["projectIds"].([]any); !ok || len(got) != 0 {
		t.Fatalf("a trigger without links has projectIds %#v, want []", plain["projectIds"])
	}

	// The run works in the project's directory, and is one of the project's runs.
	run := e.run(id, "[fake:success] go")
	ex := e.wait(run, 30*time.Second, execution.StatusSuccess, execution.StatusFailed)
	if ex.Status != execution.StatusSuccess || ex.WorkingDir != dirA {
		t.Fatalf("run %s in %s (%s)", ex.Status, ex.WorkingDir, ex.ErrorMessage)
	}
	other := e.newTrigger("Unlinked")
	e.wait(e.run(other.ID, "[fake:success] x"), 30*time.Second, execution.StatusSuccess, execution.StatusFailed)
	var page execution.Page
	if code := e.do("GET", "/admin/executions?projectId="+a.ID, nil, &page); code != http.StatusOK || page.Total != 1 || page.Executions[0].ID != run {
		t.Fatalf("runs of A: %d %+v", code, page)
	}
	if code := e.do("GET", "/admin/executions?projectId="+b.ID, nil, &page); code != http.StatusOK || page.Total != 0 {
		t.Fatalf("runs of B: %d %+v", code, page)
	}
	var rawProject map[string]any
	e.do("GET", "/admin/projects/"+a.ID, nil, &rawProject)
	if n, ok := rawProject["runningCount"].(float64); !ok || n != 0 {
		t.Fatalf("runningCount = %#v", rawProject["runningCount"])
	}

	// Deleting a project drops its links at once; the trigger stays.
	if code := e.do("DELETE", "/admin/projects/"+a.ID, nil, nil); code != http.StatusNoContent {
		t.Fatalf("delete project: %d", code)
	}
	e.do("GET", "/admin/triggers", nil, &list)
	if i := slices.IndexFunc(list.Triggers, func(s trigger.Summary) bool { return s.ID == id }); i < 0 || len(list.Triggers[i].ProjectIDs) != 0 {
		t.Fatalf("list after the project's deletion: %+v", list.Triggers)
	}

	tests := []struct {
		name, method, path, body string
		status                   int
		errHas                   string
		field                    string
	}{
		{"unknown project", "POST", "/admin/triggers", `{"name":"x","promptTemplate":"p","projectIds":["proj-nope"]}`, 400, "proj-nope", "projectIds"},
		{"deleted project", "PUT", "/admin/triggers/" + id, `{"projectIds":["` + a.ID + `"]}`, 400, a.ID, "projectIds"},
		{"duplicate", "PUT", "/admin/triggers/" + id, `{"projectIds":["` + b.ID + `","` + b.ID + `"]}`, 400, "twice", "projectIds"},
		{"not a list", "POST", "/admin/triggers", `{"name":"x","promptTemplate":"p","projectIds":"` + b.ID + `"}`, 400, "projectIds", "projectIds"},
		{"runs filter too long", "GET", "/admin/executions?projectId=" + strings.Repeat("p", 65), "", 400, "projectId", "projectId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var eb errorBody
			var payload any
			if tt.body != "" {
				payload = tt.body
			}
			code := e.do(tt.method, tt.path, payload, &eb)
			if code != tt.status || !strings.Contains(eb.Error, tt.errHas) || eb.Fields[tt.field] == "" {
				t.Fatalf("status %d %q %v, want %d naming %q in field %s", code, eb.Error, eb.Fields, tt.status, tt.errHas, tt.field)
			}
		})
	}
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := []string{}
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

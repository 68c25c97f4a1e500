package restapi

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/agented/agented/backend/trigger"
)

func TestTriggerCRUDRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})

	body := `{"name":"Nightly","promptTemplate":"check {paths}","backendType":"codex","triggerSource":"webhook",
		"matchFieldPath":"event.type","matchFieldValue":"push","timeoutSeconds":120,"enabled":true}`
	var raw map[string]any
	if code := e.do("POST", "/admin/triggers", body, &raw); code != http.StatusCreated {
		t.Fatalf("create: status %d %v", code, raw)
	}
	for key, want := range map[string]any{"name": "Nightly", "promptTemplate": "check {paths}", "backendType": "codex",
		"triggerSource": "webhook", "matchFieldPath": "event.type", "timeoutSeconds": float64(120), "enabled": true} {
		if raw[key] != want {
			t.Errorf("created %s = %v, want %v", key, raw[key], want)
		}
	}
	id, _ := raw["id"].(string)
	if !strings.HasPrefix(id, "trig-") || raw["createdAt"] == "" {
		t.Fatalf("created = %v", raw)
	}

	var got trigger.Trigger
	if code := e.do("GET", "/admin/triggers/"+id, nil, &got); code != http.StatusOK || got.Name != "Nightly" {
		t.Fatalf("get: %d %+v", code, got)
	}

	// A partial body keeps every field it does not mention.
	var upd trigger.Trigger
	if code := e.do("PUT", "/admin/triggers/"+id, `{"enabled":false,"model":"o4-mini"}`, &upd); code != http.StatusOK {
		t.Fatalf("update: status %d", code)
	}
	if upd.Enabled || upd.Model != "o4-mini" || upd.PromptTemplate != "check {paths}" || upd.MatchFieldValue != "push" {
		t.Fatalf("updated = %+v", upd)
	}

	var list TriggerList
	if code := e.do("GET", "/admin/triggers?q=night", nil, &list); code != http.StatusOK || len(list.Triggers) != 1 || list.Triggers[0].ID != id {
		t.Fatalf("list: %d %+v", code, list)
	}
	var all TriggerList
	e.do("GET", "/admin/triggers", nil, &all)
	if len(all.Triggers) != 3 { // two predefined + ours
		t.Fatalf("list all = %d triggers", len(all.Triggers))
	}

	if code := e.do("DELETE", "/admin/triggers/"+id, nil, nil); code != http.StatusNoContent {
		t.Fatalf("delete: status %d", code)
	}
	if code := e.do("GET", "/admin/triggers/"+id, nil, nil); code != http.StatusNotFound {
		t.Fatalf("get after delete: status %d", code)
	}
}

func TestTriggerErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	e.newTrigger("Taken")
	tests := []struct {
		name, method, path, body string
		status                   int
		errHas                   string   // substring of "error"
		fields                   []string // keys expected in "fields"
	}{
		{"missing required fields", "POST", "/admin/triggers", `{"description":"x"}`, 400, "invalid trigger", []string{"name", "promptTemplate"}},
		{"bad enum and range", "POST", "/admin/triggers", `{"name":"a","promptTemplate":"p","backendType":"gpt","timeoutSeconds":5}`, 400, "backendType", []string{"backendType", "timeoutSeconds"}},
		{"name taken", "POST", "/admin/triggers", `{"name":"Taken","promptTemplate":"p"}`, 409, "already exists", []string{"name"}},
		{"unknown field", "POST", "/admin/triggers", `{"name":"a","promptTemplate":"p","prompt_template":"x"}`, 400, `unknown field "prompt_template"`, []string{"prompt_template"}},
		{"wrong type", "POST", "/admin/triggers", `{"name":"a","promptTemplate":"p","timeoutSeconds":"60"}`, 400, "timeoutSeconds", []string{"timeoutSeconds"}},
		{"malformed json", "POST", "/admin/triggers", `{"name":`, 400, "malformed JSON", nil},
		{"syntax error", "POST", "/admin/triggers", `{"name" "a"}`, 400, "malformed JSON at byte", nil},
		{"empty body", "POST", "/admin/triggers", ``, 400, "empty", nil},
		{"two objects", "POST", "/admin/triggers", `{"name":"a"} {}`, 400, "exactly one", nil},
		{"unknown id", "GET", "/admin/triggers/trig-nope", "", 404, "trigger not found", nil},
		{"update unknown id", "PUT", "/admin/triggers/trig-nope", `{"name":"x"}`, 404, "trigger not found", nil},
		{"update id mismatch", "PUT", "/admin/triggers/" + trigger.IDPRReview, `{"id":"other"}`, 400, "does not match", []string{"id"}},
		{"delete predefined", "DELETE", "/admin/triggers/" + trigger.IDPRReview, "", 403, "predefined", nil},
		{"delete unknown", "DELETE", "/admin/triggers/trig-nope", "", 404, "not found", nil},
		{"run unknown", "POST", "/admin/triggers/trig-nope/run", "", 404, "not found", nil},
		{"path not absolute", "POST", "/admin/triggers/" + trigger.IDSecurity + "/paths", `{"path":"relative/dir"}`, 400, "absolute", []string{"path"}},
		{"path missing", "POST", "/admin/triggers/" + trigger.IDSecurity + "/paths", `{}`, 400, "required", []string{"path"}},
		{"bad path id", "DELETE", "/admin/triggers/" + trigger.IDSecurity + "/paths/abc", "", 400, "pathId", []string{"pathId"}},
		{"unknown path id", "DELETE", "/admin/triggers/" + trigger.IDSecurity + "/paths/999", "", 404, "not found", nil},
		{"status unknown", "GET", "/admin/triggers/trig-nope/status", "", 404, "not found", nil},
		{"executions unknown", "GET", "/admin/triggers/trig-nope/executions", "", 404, "not found", nil},
		{"reset user trigger", "POST", "/admin/triggers/" + e.newTrigger("Mine").ID + "/reset", "", 409, "predefined", nil},
		{"resume a trigger that is not paused", "POST", "/admin/triggers/" + e.newTrigger("Running").ID + "/resume", "", 409, "not paused", nil},
		{"resume unknown", "POST", "/admin/triggers/trig-nope/resume", "", 404, "not found", nil},
		{"project unknown", "GET", "/admin/projects/p1", "", 404, "project not found", nil},
		{"product unknown", "DELETE", "/admin/products/p1", "", 404, "product not found", nil},
		{"project clone unknown", "POST", "/admin/projects/p1/clone", "", 404, "project not found", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			var payload any
			if tt.body != "" || tt.method == "POST" {
				payload = tt.body
			}
			code := e.do(tt.method, tt.path, payload, &body)
			if code != tt.status || !strings.Contains(body.Error, tt.errHas) {
				t.Fatalf("status %d error %q, want %d containing %q", code, body.Error, tt.status, tt.errHas)
			}
			for _, f := range tt.fields {
				if body.Fields[f] == "" {
					t.Errorf("fields %v lack %q", body.Fields, f)
				}
			}
		})
	}
}

func TestTriggerPathsPreviewResetStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tr := e.newTrigger("Paths", func(tr *trigger.Trigger) { tr.PromptTemplate = "look at {paths}: {message} {mystery}" })
	dir := filepath.Join(t.TempDir(), "repo")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}

	var withPath trigger.Trigger
	if code := e.do("POST", "/admin/triggers/"+tr.ID+"/paths", AddPathRequest{Path: dir}, &withPath); code != http.StatusCreated || len(withPath.Paths) != 1 {
		t.Fatalf("add path: %d %+v", code, withPath)
	}
	var paths PathList
	if code := e.do("GET", "/admin/triggers/"+tr.ID+"/paths", nil, &paths); code != http.StatusOK || len(paths.Paths) != 1 {
		t.Fatalf("list paths: %d %+v", code, paths)
	}

	var pv trigger.Preview
	if code := e.do("POST", "/admin/triggers/"+tr.ID+"/preview", `{"message":"hi"}`, &pv); code != http.StatusOK {
		t.Fatalf("preview: status %d", code)
	}
	if pv.Rendered != "look at /path/to/project: hi {mystery}" || len(pv.UnknownPlaceholders) != 1 {
		t.Fatalf("preview = %+v", pv)
	}
	e.do("POST", "/admin/triggers/"+tr.ID+"/preview", `{"template":"PR {pr_url}","skillCommand":"/review","prUrl":"u"}`, &pv)
	if pv.Rendered != "/review PR u" {
		t.Fatalf("preview with template = %+v", pv)
	}

	var removed trigger.Trigger
	path := "/admin/triggers/" + tr.ID + "/paths/" + strconv.FormatInt(withPath.Paths[0].ID, 10)
	if code := e.do("DELETE", path, nil, &removed); code != http.StatusOK || len(removed.Paths) != 0 {
		t.Fatalf("remove path: %d %+v", code, removed)
	}

	var idle IdleStatus
	if code := e.do("GET", "/admin/triggers/"+tr.ID+"/status", nil, &idle); code != http.StatusOK || idle.Status != "idle" {
		t.Fatalf("status: %d %+v", code, idle)
	}

	var edited, reset trigger.Trigger
	e.do("PUT", "/admin/triggers/"+trigger.IDPRReview, `{"promptTemplate":"custom"}`, &edited)
	if code := e.do("POST", "/admin/triggers/"+trigger.IDPRReview+"/reset", nil, &reset); code != http.StatusOK {
		t.Fatalf("reset: status %d", code)
	}
	if edited.PromptTemplate != "custom" || reset.PromptTemplate != "/pr-review {pr_url} {pr_title}" || !reset.IsPredefined {
		t.Fatalf("edited %q, reset %+v", edited.PromptTemplate, reset)
	}
}

// TestPausedTriggerOverREST: GET shows a pause with its reason, a scheduled-style firing is
// refused saying why, and POST /resume lets it fire again.
func TestPausedTriggerOverREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	id := e.newTrigger("Nightly").ID
	reason := "Paused after 5 failed runs in a row; the last one: exit 1."
	if _, _, err := e.triggers.Pause(context.Background(), id, reason); err != nil {
		t.Fatal(err)
	}
	var got trigger.Trigger
	if code := e.do("GET", "/admin/triggers/"+id, nil, &got); code != http.StatusOK || !got.Paused || got.PausedReason != reason || got.PausedAt == "" {
		t.Fatalf("GET = %d %+v", code, got)
	}
	var list TriggerList
	if code := e.do("GET", "/admin/triggers", nil, &list); code != http.StatusOK {
		t.Fatalf("list: %d", code)
	}
	for _, tr := range list.Triggers {
		if tr.ID == id && (!tr.Paused || tr.PausedReason != reason) {
			t.Fatalf("list row = %+v", tr)
		}
	}
	// A manual run over REST still works while paused.
	if code := e.do("POST", "/admin/triggers/"+id+"/run", map[string]string{}, nil); code != http.StatusAccepted && code != http.StatusCreated && code != http.StatusOK {
		t.Fatalf("manual run of a paused trigger: %d", code)
	}
	var resumed trigger.Trigger
	if code := e.do("POST", "/admin/triggers/"+id+"/resume", nil, &resumed); code != http.StatusOK || resumed.Paused || resumed.PausedReason != "" {
		t.Fatalf("resume = %d %+v", code, resumed)
	}
	var body errorBody
	if code := e.do("POST", "/admin/triggers/"+id+"/resume", nil, &body); code != http.StatusConflict || !strings.Contains(body.Error, "not paused") {
		t.Fatalf("second resume = %d %q", code, body.Error)
	}
}

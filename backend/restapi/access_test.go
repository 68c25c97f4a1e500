package restapi

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/audit"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
)

// newKey creates a named key over REST with the admin key and returns its secret.
func (e *env) newKey(name string, scope apikey.Scope) apikey.Created {
	e.t.Helper()
	var k apikey.Created
	if code := e.do("POST", "/admin/api-keys", apikey.Input{Name: name, Scope: scope}, &k); code != http.StatusCreated {
		e.t.Fatalf("create key %s: status %d", name, code)
	}
	if k.Key == "" || k.ID == "" || k.Name != name || k.Scope != scope {
		e.t.Fatalf("created key = %+v", k)
	}
	return k
}

// The listener, with real named keys in front of the real services: a read key reads but cannot
// change anything, a run key can also start and cancel runs but not change a trigger, an admin
// key can change it, and a revoked key fails on the very next request.
func TestKeyScopesThroughTheListener(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{listener: true})
	tr := e.newTrigger("scoped")
	reader, runner, admin := e.newKey("reader", apikey.ScopeRead), e.newKey("runner", apikey.ScopeRun), e.newKey("ops", apikey.ScopeAdmin)
	rename := map[string]any{"name": "renamed"}

	var body errorBody
	if code := e.doAs(reader.Key, "", "GET", "/admin/triggers/"+tr.ID, nil, nil); code != http.StatusOK {
		t.Fatalf("read key GET trigger: %d, want 200", code)
	}
	for _, c := range []struct{ method, path string }{
		{"PUT", "/admin/triggers/" + tr.ID}, {"POST", "/admin/triggers/" + tr.ID + "/run"}, {"DELETE", "/admin/triggers/" + tr.ID},
		{"POST", "/admin/api-keys"}, {"POST", "/admin/executions/x/cancel"},
	} {
		body = errorBody{}
		if code := e.doAs(reader.Key, "", c.method, c.path, rename, &body); code != http.StatusForbidden {
			t.Fatalf("read key %s %s: %d, want 403", c.method, c.path, code)
		}
		if !strings.Contains(body.Error, `"reader" has scope read`) || !strings.Contains(body.Error, "needs scope") {
			t.Fatalf("read key %s %s: error %q does not say which scope is missing", c.method, c.path, body.Error)
		}
	}

	var acc RunAccepted
	if code := e.doAs(runner.Key, "", "POST", "/admin/triggers/"+tr.ID+"/run", RunRequest{Message: "[fake:hang]"}, &acc); code != http.StatusAccepted {
		t.Fatalf("run key run: %d, want 202", code)
	}
	if code := e.doAs(runner.Key, "", "POST", "/admin/executions/"+acc.ExecutionID+"/cancel", nil, nil); code != http.StatusAccepted && code != http.StatusOK {
		t.Fatalf("run key cancel: %d, want 200 or 202", code)
	}
	e.wait(acc.ExecutionID, 30*time.Second, execution.StatusCancelled)
	body = errorBody{}
	if code := e.doAs(runner.Key, "", "PUT", "/admin/triggers/"+tr.ID, rename, &body); code != http.StatusForbidden || !strings.Contains(body.Error, "needs scope admin") {
		t.Fatalf("run key PUT trigger: %d %q, want 403 naming admin", code, body.Error)
	}

	var got trigger.Trigger
	if code := e.doAs(admin.Key, "", "PUT", "/admin/triggers/"+tr.ID, rename, &got); code != http.StatusOK || got.Name != "renamed" {
		t.Fatalf("admin key PUT trigger: %d %+v", code, got)
	}

	if code := e.do("DELETE", "/admin/api-keys/"+reader.ID, nil, nil); code != http.StatusNoContent {
		t.Fatalf("revoke: %d", code)
	}
	body = errorBody{}
	if code := e.doAs(reader.Key, "", "GET", "/admin/triggers", nil, &body); code != http.StatusUnauthorized || body.Error != "invalid API key" {
		t.Fatalf("revoked key: %d %q, want 401 invalid API key", code, body.Error)
	}
	if code := e.doAs("agk_never-issued", "", "GET", "/admin/triggers", nil, nil); code != http.StatusUnauthorized {
		t.Fatalf("unknown key: %d, want 401", code)
	}
	if code := e.doAs(runner.Key, "", "GET", "/admin/nothing-here", nil, nil); code != http.StatusNotFound {
		t.Fatalf("unknown path with a valid key: %d, want 404", code)
	}

	var list KeyList
	if code := e.do("GET", "/admin/api-keys", nil, &list); code != http.StatusOK || len(list.Keys) != 2 {
		t.Fatalf("list after revoke: %d %+v, want runner and ops", code, list)
	}
	for _, k := range list.Keys {
		if k.LastUsedAt == "" {
			t.Fatalf("key %s was used but lastUsedAt is empty", k.Name)
		}
	}
}

// Bad key requests get clear errors.
func TestKeyCreationRejectsBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{listener: true})
	e.newKey("taken", apikey.ScopeRead)
	tests := []struct {
		name  string
		body  any
		code  int
		field string
	}{
		{"no name", apikey.Input{Scope: apikey.ScopeRead}, http.StatusBadRequest, "name"},
		{"bad scope", apikey.Input{Name: "x", Scope: "owner"}, http.StatusBadRequest, "scope"},
		{"reserved name", apikey.Input{Name: "desktop", Scope: apikey.ScopeRead}, http.StatusBadRequest, "name"},
		{"duplicate name", apikey.Input{Name: "TAKEN", Scope: apikey.ScopeRead}, http.StatusConflict, "name"},
		{"not json", "{", http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		var body errorBody
		if code := e.do("POST", "/admin/api-keys", tt.body, &body); code != tt.code {
			t.Fatalf("%s: status %d, want %d (%+v)", tt.name, code, tt.code, body)
		}
		if tt.field != "" && body.Fields[tt.field] == "" {
			t.Fatalf("%s: error %+v names no %s", tt.name, body, tt.field)
		}
	}
	if code := e.do("DELETE", "/admin/api-keys/key-missing", nil, nil); code != http.StatusNotFound {
		t.Fatalf("revoke unknown: %d, want 404", code)
	}
	var body errorBody
	if code := e.do("GET", "/admin/audit?limit=0", nil, &body); code != http.StatusBadRequest || body.Fields["limit"] == "" {
		t.Fatalf("audit limit=0: %d %+v, want 400 naming limit", code, body)
	}
}

// auditEntries returns the log's entries for action, newest first.
func (e *env) auditEntries(action string) []audit.Entry {
	e.t.Helper()
	page, err := e.audit.List(context.Background(), audit.Filter{Action: action, Limit: audit.MaxLimit})
	if err != nil {
		e.t.Fatal(err)
	}
	return page.Entries
}

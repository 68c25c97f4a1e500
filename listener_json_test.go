package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestAdminBodiesMustBeJSONThroughTheListener drives the real routes: every POST and PUT under
// /admin that carries a body not declared JSON (text/plain, a form, or no Content-Type) is
// answered 415 and changes nothing, while body-less actions work without any Content-Type, and
// a wrongly typed field is named in plain words.
func TestAdminBodiesMustBeJSONThroughTheListener(t *testing.T) {
	_, base := startServeApp(t)
	send := func(method, path, ctype, body string) (int, map[string]any) {
		t.Helper()
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req, _ := http.NewRequest(method, base+path, rd)
		req.Header.Set("X-API-Key", testAPIKey)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		raw, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(raw, &out)
		return resp.StatusCode, out
	}
	code, created := send("POST", "/admin/triggers", "application/json",
		`{"name":"json only","promptTemplate":"[fake:success] {message}","backendType":"claude"}`)
	id, _ := created["id"].(string)
	if code != http.StatusCreated && code != http.StatusOK || id == "" {
		t.Fatalf("create = %d %v", code, created)
	}
	countTriggers := func() int {
		_, list := send("GET", "/admin/triggers", "", "")
		items, _ := list["triggers"].([]any)
		if items == nil {
			t.Fatalf("list = %v", list)
		}
		return len(items)
	}
	countRuns := func() float64 {
		_, page := send("GET", "/admin/executions", "", "")
		return page["total"].(float64)
	}
	triggersBefore, runsBefore := countTriggers(), countRuns()

	routes := []struct{ method, path, body string }{
		{"POST", "/admin/triggers", `{"name":"sneaky","promptTemplate":"x","backendType":"claude"}`},
		{"PUT", "/admin/triggers/" + id, `{"name":"renamed"}`},
		{"POST", "/admin/triggers/" + id + "/run", `{"message":"x"}`},
		{"POST", "/admin/triggers/" + id + "/preview", `{"message":"x"}`},
		{"POST", "/admin/triggers/" + id + "/reset", `{}`},
		{"POST", "/admin/triggers/" + id + "/paths", `{"path":"/tmp"}`},
	}
	for _, r := range routes {
		for _, ctype := range []string{"text/plain", "application/x-www-form-urlencoded", ""} {
			code, body := send(r.method, r.path, ctype, r.body)
			if code != http.StatusUnsupportedMediaType || body["error"] != "Content-Type must be application/json for a request with a body" {
				t.Errorf("%s %s as %q = %d %v, want 415", r.method, r.path, ctype, code, body)
			}
		}
	}
	if got := countTriggers(); got != triggersBefore {
		t.Fatalf("%d triggers after refused bodies, want %d", got, triggersBefore)
	}
	if got := countRuns(); got != runsBefore {
		t.Fatalf("%v runs after refused bodies, want %v", got, runsBefore)
	}
	if _, got := send("GET", "/admin/triggers/"+id, "", ""); got["name"] != "json only" {
		t.Fatalf("trigger changed by a refused body: %v", got)
	}

	// Body-less actions need no Content-Type.
	code, run := send("POST", "/admin/triggers/"+id+"/run", "", "")
	execID, _ := run["executionId"].(string)
	if code != http.StatusAccepted || execID == "" {
		t.Fatalf("bare run = %d %v", code, run)
	}
	if code, body := send("POST", "/admin/triggers/"+id+"/preview", "", ""); code != http.StatusOK {
		t.Fatalf("bare preview = %d %v", code, body)
	}
	if code, body := send("POST", "/admin/executions/"+execID+"/cancel", "", ""); code != http.StatusOK && code != http.StatusAccepted &&
		code != http.StatusConflict { // 409 when the run already finished
		t.Fatalf("bare cancel = %d %v", code, body)
	}

	// A wrongly typed field is named in words a JSON client uses.
	code, body := send("PUT", "/admin/triggers/"+id, "application/json", `{"maxTurns":600.5}`)
	fields, _ := body["fields"].(map[string]any)
	if code != http.StatusBadRequest || body["error"] != "maxTurns must be a whole number, not 600.5" ||
		fields["maxTurns"] != "must be a whole number, not 600.5" {
		t.Fatalf("maxTurns 600.5 = %d %v", code, body)
	}
	code, body = send("PUT", "/admin/triggers/"+id, "application/json; charset=utf-8", `{"description":600}`)
	if code != http.StatusBadRequest || body["error"] != "description must be a string, not a number" {
		t.Fatalf("description 600 = %d %v", code, body)
	}
}

package restapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/httpserver"
)

// openAPIOps reads GET /api/openapi.json and returns its operations as "METHOD /doc/path", with
// the decoded document.
func openAPIOps(t *testing.T, e *env) (map[string]bool, map[string]any) {
	t.Helper()
	var doc map[string]any
	if code := e.do("GET", "/api/openapi.json", nil, &doc); code != http.StatusOK {
		t.Fatalf("openapi.json: %d", code)
	}
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	ops := map[string]bool{}
	for p, item := range doc["paths"].(map[string]any) {
		for m := range item.(map[string]any) {
			ops[strings.ToUpper(m)+" "+p] = true
		}
	}
	return ops, doc
}

// Every route the real listener serves is in the document, and every operation in the document
// is served.
func TestOpenAPIDocumentsEveryServedRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{listener: true})
	ops, _ := openAPIOps(t, e)
	srv := httpserver.New(httpserver.DefaultConfig(), httpserver.Deps{
		Routes: httpserver.Routes{GenericWebhook: noop, GitHubWebhook: noop, Admin: e.api.RegisterAdmin, API: e.api.RegisterAPI, Scope: e.api.Scope},
	})
	served := map[string]bool{}
	for _, r := range srv.Routes() {
		switch r.Path {
		case "/admin", "/admin/*", "/api", "/api/*":
			continue // the groups' catch-alls
		}
		if r.Method == echoRouteNotFound {
			continue
		}
		op := r.Method + " " + DocPath(r.Path)
		served[op] = true
		if !ops[op] {
			t.Errorf("%s is served but not documented", op)
		}
	}
	for op := range ops {
		if !served[op] {
			t.Errorf("%s is documented but not served", op)
		}
	}
}

// echoRouteNotFound is the method Echo lists for RouteNotFound handlers.
const echoRouteNotFound = "echo_route_not_found"

// Real answers of a sample of routes validate against the document's schemas, so the document
// says what the API really sends (nulls, missing fields and extra fields all fail).
func TestOpenAPIResponsesMatchTheirSchemas(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{listener: true})
	tr := e.newTrigger("documented")
	id := e.run(tr.ID, "done")
	e.wait(id, 30*time.Second, execution.StatusSuccess)
	key := e.newKey("doc-reader", apikey.ScopeRead)
	if code := e.do("PUT", "/admin/triggers/"+tr.ID, map[string]any{"description": "changed"}, nil); code != http.StatusOK {
		t.Fatalf("update: %d", code)
	}
	_, doc := openAPIOps(t, e)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	samples := []struct{ method, route, path string }{
		{"GET", "/admin/triggers", "/admin/triggers"},
		{"GET", "/admin/triggers/{id}", "/admin/triggers/" + tr.ID},
		{"GET", "/admin/triggers/{id}/paths", "/admin/triggers/" + tr.ID + "/paths"},
		{"GET", "/admin/triggers/{id}/status", "/admin/triggers/" + tr.ID + "/status"},
		{"GET", "/admin/triggers/{id}/executions", "/admin/triggers/" + tr.ID + "/executions"},
		{"GET", "/admin/executions", "/admin/executions"},
		{"GET", "/admin/executions/{id}", "/admin/executions/" + id},
		{"GET", "/admin/executions/{id}/lines", "/admin/executions/" + id + "/lines"},
		{"GET", "/admin/executions/{id}/transcript", "/admin/executions/" + id + "/transcript"},
		{"GET", "/admin/accounts", "/admin/accounts"},
		{"GET", "/admin/budgets", "/admin/budgets"},
		{"GET", "/admin/prices", "/admin/prices"},
		{"GET", "/admin/planning/commands", "/admin/planning/commands"},
		{"GET", "/admin/notifications", "/admin/notifications"},
		{"GET", "/admin/schedules/upcoming", "/admin/schedules/upcoming"},
		{"GET", "/admin/usage", "/admin/usage"},
		{"GET", "/admin/api-keys", "/admin/api-keys"},
		{"GET", "/admin/audit", "/admin/audit"},
		{"GET", "/api/settings", "/api/settings"},
		{"GET", "/api/version", "/api/version"},
		{"GET", "/admin/listener", "/admin/listener"},
		{"GET", "/admin/clis", "/admin/clis"},
		{"GET", "/admin/webhooks/deliveries", "/admin/webhooks/deliveries"},
		{"GET", "/admin/triggers/{id}/history", "/admin/triggers/" + tr.ID + "/history"},
		{"GET", "/api/settings/allowed-roots", "/api/settings/allowed-roots"},
		{"GET", "/api/settings/sentry", "/api/settings/sentry"},
		{"GET", "/api/keys", "/api/keys"},
	}
	for _, s := range samples {
		t.Run(s.method+" "+s.route, func(t *testing.T) {
			ptr := fmt.Sprintf("openapi.json#/paths/%s/%s/responses/200/content/application~1json/schema",
				strings.ReplaceAll(strings.ReplaceAll(s.route, "~", "~0"), "/", "~1"), strings.ToLower(s.method))
			sch, err := c.Compile(ptr)
			if err != nil {
				t.Fatalf("compile %s: %v", ptr, err)
			}
			raw := e.raw(key.Key, s.method, s.path)
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(v); err != nil {
				t.Fatalf("%s %s does not match its schema: %v\nbody: %.2000s", s.method, s.path, err, raw)
			}
			// The schema is not vacuous: an answer with a field it does not know fails.
			if obj, ok := v.(map[string]any); ok {
				obj["notAField"] = 1
				if err := sch.Validate(obj); err == nil {
					t.Fatalf("%s: an extra field passes the schema", s.route)
				}
			}
		})
	}
}

// raw sends a GET with key and returns the 200 body.
func (e *env) raw(key, method, path string) []byte {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set(httpserver.HeaderAPIKey, key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, body)
	}
	if !json.Valid(body) {
		e.t.Fatalf("%s %s: not JSON: %s", method, path, body)
	}
	return body
}

package restapi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/agented/agented/backend/project"
)

func TestProjectsREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	local := t.TempDir()

	var prod project.Product
	if code := e.do("POST", "/admin/products", map[string]any{"name": "Platform"}, &prod); code != http.StatusCreated {
		t.Fatalf("create product: %d", code)
	}
	var p project.Project
	if code := e.do("POST", "/admin/projects", map[string]any{"name": "Web", "productId": prod.ID, "repoUrl": "acme/web",
		"localPath": local, "token": "fake-token-rest-1"}, &p); code != http.StatusCreated {
		t.Fatalf("create project: %d", code)
	}
	if p.ProductID != prod.ID || !p.HasToken || p.CloneStatus != project.CloneNone || p.LocalPath != local {
		t.Fatalf("created %+v", p)
	}
	// The JSON names are a contract with scripts.
	var raw map[string]any
	e.do("GET", "/admin/projects/"+p.ID, nil, &raw)
	for _, k := range []string{"id", "name", "description", "productId", "repoUrl", "localPath", "cloneStatus", "cloneError", "lastSyncedAt", "status"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("GET project lacks %q: %v", k, raw)
		}
	}
	if strings.Contains(mustMarshal(t, raw), "fake-token-rest-1") {
		t.Fatal("GET returned the token")
	}

	// PATCH keeps what the body leaves out.
	var up project.Project
	if code := e.do("PATCH", "/admin/projects/"+p.ID, map[string]any{"description": "the shop"}, &up); code != http.StatusOK {
		t.Fatalf("patch: %d", code)
	}
	if up.Description != "the shop" || up.RepoURL != "acme/web" || up.ProductID != prod.ID || !up.HasToken {
		t.Fatalf("patched %+v", up)
	}
	var list []project.Project
	if code := e.do("GET", "/admin/projects", nil, &list); code != http.StatusOK || len(list) != 1 {
		t.Fatalf("list: %d %+v", code, list)
	}
	var prods []project.Product
	if code := e.do("GET", "/admin/products", nil, &prods); code != http.StatusOK || len(prods) != 1 || prods[0].ProjectCount != 1 {
		t.Fatalf("list products: %d %+v", code, prods)
	}

	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		field  string
	}{
		{"name missing", "POST", "/admin/projects", map[string]any{"repoUrl": "a/b"}, 400, "name"},
		{"bad repo", "POST", "/admin/projects", map[string]any{"name": "x", "repoUrl": "ftp://h/r"}, 400, "repoUrl"},
		{"missing local path", "POST", "/admin/projects", map[string]any{"name": "x", "localPath": "/nonexistent/agented"}, 400, "localPath"},
		{"unknown product", "POST", "/admin/projects", map[string]any{"name": "x", "productId": "prod-nope"}, 400, "productId"},
		{"negative depth", "POST", "/admin/projects", map[string]any{"name": "x", "cloneDepth": -2}, 400, "cloneDepth"},
		{"wrong type", "POST", "/admin/projects", map[string]any{"name": "x", "cloneDepth": "1"}, 400, "cloneDepth"},
		{"unknown field", "POST", "/admin/projects", map[string]any{"name": "x", "github_repo": "a/b"}, 400, "github_repo"},
		{"name taken", "POST", "/admin/projects", map[string]any{"name": "web"}, 409, "name"},
		{"product name taken", "POST", "/admin/products", map[string]any{"name": "platform"}, 409, "name"},
		{"product name missing", "PUT", "/admin/products/" + prod.ID, map[string]any{"name": " "}, 400, "name"},
		{"get missing", "GET", "/admin/projects/proj-nope", nil, 404, ""},
		{"patch missing", "PATCH", "/admin/projects/proj-nope", map[string]any{"name": "x"}, 404, ""},
		{"delete missing", "DELETE", "/admin/projects/proj-nope", nil, 404, ""},
		{"get missing product", "GET", "/admin/products/prod-nope", nil, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			code := e.do(tt.method, tt.path, tt.body, &body)
			if code != tt.status || body.Error == "" {
				t.Fatalf("status %d (%+v), want %d with a message", code, body, tt.status)
			}
			if tt.field != "" && body.Fields[tt.field] == "" {
				t.Fatalf("error %+v does not name field %q", body, tt.field)
			}
		})
	}

	if code := e.do("DELETE", "/admin/products/"+prod.ID, nil, nil); code != http.StatusNoContent {
		t.Fatalf("delete product: %d", code)
	}
	if code := e.do("DELETE", "/admin/projects/"+p.ID, nil, nil); code != http.StatusNoContent {
		t.Fatalf("delete project: %d", code)
	}
	if code := e.do("GET", "/admin/projects/"+p.ID, nil, nil); code != http.StatusNotFound {
		t.Fatalf("get after delete: %d", code)
	}
}

func TestProjectCloneSyncREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	p := clonedProject(t, e, "cloned")

	var st CloneState
	if code := e.do("GET", "/admin/projects/"+p.ID+"/clone", nil, &st); code != http.StatusOK || st.CloneStatus != project.CloneCloned || st.LastSyncedAt == "" || st.Progress != nil {
		t.Fatalf("clone state: %d %+v", code, st)
	}
	var res project.SyncResult
	if code := e.do("POST", "/admin/projects/"+p.ID+"/sync", nil, &res); code != http.StatusOK || res.Status != project.SyncUpToDate {
		t.Fatalf("sync: %d %+v", code, res)
	}

	var hanging project.Project
	if code := e.do("POST", "/admin/projects", map[string]any{"name": "hangs", "repoUrl": hangingRepo(t)}, &hanging); code != http.StatusCreated || hanging.CloneStatus != project.CloneCloning {
		t.Fatalf("create with a repository: %d %+v", code, hanging)
	}
	if code := e.do("GET", "/admin/projects/"+hanging.ID+"/clone", nil, &st); code != http.StatusOK || st.Progress == nil || st.Progress.Op != "clone" {
		t.Fatalf("clone state while cloning: %d %+v", code, st)
	}
	local := e.do("POST", "/admin/projects", map[string]any{"name": "plain"}, &p)
	if local != http.StatusCreated {
		t.Fatalf("create plain: %d", local)
	}

	tests := []struct {
		name, method, path string
		status             int
		errHas             string
	}{
		{"clone while cloning", "POST", "/admin/projects/" + hanging.ID + "/clone", 409, "already running"},
		{"sync while cloning", "POST", "/admin/projects/" + hanging.ID + "/sync", 409, "not cloned"},
		{"clone without a repository", "POST", "/admin/projects/" + p.ID + "/clone", 409, "no repository"},
		{"cancel with nothing running", "POST", "/admin/projects/" + p.ID + "/cancel", 409, "no clone"},
		{"sync unknown", "POST", "/admin/projects/proj-nope/sync", 404, "not found"},
		{"clone state unknown", "GET", "/admin/projects/proj-nope/clone", 404, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			if code := e.do(tt.method, tt.path, nil, &body); code != tt.status || !strings.Contains(body.Error, tt.errHas) {
				t.Fatalf("status %d %q, want %d containing %q", code, body.Error, tt.status, tt.errHas)
			}
		})
	}

	var cancelled project.Project
	if code := e.do("POST", "/admin/projects/"+hanging.ID+"/cancel", nil, &cancelled); code != http.StatusOK ||
		cancelled.CloneStatus != project.CloneError || !strings.Contains(cancelled.CloneError, "cancelled") {
		t.Fatalf("cancel: %d %+v", code, cancelled)
	}
}

package restapi

import (
	"context"
	"testing"

	"github.com/agented/agented/backend/project"
)

// The project and product routes' audit scenarios (see auditScenarios).
func init() {
	newProject := func(t *testing.T, e *env, name string) string {
		p, err := e.api.d.Projects.Create(context.Background(), project.Input{Name: name, RepoURL: "acme/" + name})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	newProduct := func(t *testing.T, e *env, name string) string {
		p, err := e.api.d.Projects.CreateProduct(context.Background(), project.ProductInput{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	for key, s := range map[string]scenario{
		"POST /admin/projects": func(t *testing.T, e *env) (string, any) {
			return "/admin/projects", map[string]any{"name": "made", "repoUrl": "acme/made", "token": auditSecret}
		},
		"PUT /admin/projects/:id": func(t *testing.T, e *env) (string, any) {
			return "/admin/projects/" + newProject(t, e, "to-put"), map[string]any{"name": "put", "token": auditSecret}
		},
		"PATCH /admin/projects/:id": func(t *testing.T, e *env) (string, any) {
			return "/admin/projects/" + newProject(t, e, "to-patch"), map[string]any{"description": "patched"}
		},
		"DELETE /admin/projects/:id": func(t *testing.T, e *env) (string, any) {
			return "/admin/projects/" + newProject(t, e, "to-delete"), nil
		},
		"POST /admin/products": func(t *testing.T, e *env) (string, any) {
			return "/admin/products", map[string]any{"name": "made"}
		},
		"PUT /admin/products/:id": func(t *testing.T, e *env) (string, any) {
			return "/admin/products/" + newProduct(t, e, "to put"), map[string]any{"name": "put"}
		},
		"PATCH /admin/products/:id": func(t *testing.T, e *env) (string, any) {
			return "/admin/products/" + newProduct(t, e, "to patch"), map[string]any{"description": "patched"}
		},
		"DELETE /admin/products/:id": func(t *testing.T, e *env) (string, any) {
			return "/admin/products/" + newProduct(t, e, "to delete"), nil
		},
	} {
		auditScenarios[key] = s
	}
}

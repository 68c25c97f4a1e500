package restapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/agented/agented/backend/project"
)

// The project and product routes' audit scenarios (see auditScenarios).
// Each project has a local path, so creating it starts no clone (a clone would reach out to
// github.com and hold the project busy, refusing the DELETE).
func init() {
	newProject := func(t *testing.T, e *env, name string) string {
		p, err := e.api.d.Projects.Create(context.Background(), project.Input{Name: name, RepoURL: "acme/" + name, LocalPath: t.TempDir()})
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
			return "/admin/projects", map[string]any{"name": "made", "repoUrl": "acme/made", "localPath": t.TempDir(), "token": auditSecret}
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

// bareRepo makes a bare repository with one commit and returns its file:// URL.
func bareRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	work, bare := filepath.Join(dir, "work"), filepath.Join(dir, "repo.git")
	run := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "--quiet", "--initial-branch=main", work)
	if err := os.WriteFile(filepath.Join(work, "README.md"), []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run("-C", work, "add", "README.md")
	run("-C", work, "commit", "--quiet", "-m", "first")
	run("clone", "--quiet", "--bare", work, bare)
	return "file://" + bare
}

// hangingRepo is a URL whose server never answers, so a clone of it runs until cancelled.
func hangingRepo(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	return srv.URL + "/repo.git"
}

// clonedProject creates a project from a one-commit repository and waits for its clone.
func clonedProject(t *testing.T, e *env, name string) project.Project {
	t.Helper()
	ctx := context.Background()
	p, err := e.api.d.Projects.Create(ctx, project.Input{Name: name, RepoURL: bareRepo(t)})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, func() bool {
		p, err = e.api.d.Projects.Get(ctx, p.ID)
		return err == nil && p.CloneStatus == project.CloneCloned
	})
	return p
}

func init() {
	for key, s := range map[string]scenario{
		"POST /admin/projects/:id/clone": func(t *testing.T, e *env) (string, any) {
			p, err := e.api.d.Projects.Create(context.Background(), project.Input{Name: "to clone", RepoURL: bareRepo(t), LocalPath: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			return "/admin/projects/" + p.ID + "/clone", nil
		},
		"POST /admin/projects/:id/cancel": func(t *testing.T, e *env) (string, any) {
			p, err := e.api.d.Projects.Create(context.Background(), project.Input{Name: "to cancel", RepoURL: hangingRepo(t)})
			if err != nil {
				t.Fatal(err)
			}
			return "/admin/projects/" + p.ID + "/cancel", nil
		},
		"POST /admin/projects/:id/sync": func(t *testing.T, e *env) (string, any) {
			return "/admin/projects/" + clonedProject(t, e, "to sync").ID + "/sync", nil
		},
	} {
		auditScenarios[key] = s
	}
}

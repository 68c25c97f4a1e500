package project

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/secret"
)

func TestProjectCRUD(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	ctx := context.Background()
	local := t.TempDir()

	prod, err := e.svc.CreateProduct(ctx, ProductInput{Name: " Platform ", Description: "the web apps"})
	if err != nil {
		t.Fatal(err)
	}
	if prod.Name != "Platform" || !strings.HasPrefix(prod.ID, "prod-") {
		t.Fatalf("product %+v: want trimmed name and a prod- id", prod)
	}
	p := e.create(t, Input{Name: "Web app", ProductID: prod.ID, RepoURL: "acme/web", LocalPath: local + "/", CloneDepth: 5,
		Token: ptr("ghp_fake-token-for-test")})
	if p.Status != StatusActive || p.CloneStatus != CloneNone || p.LocalPath != local || !p.HasToken || p.CloneDepth != 5 {
		t.Fatalf("created %+v", p)
	}
	if want := filepath.Join(e.workspace, "projects", "Web_app"); p.CloneDir != want {
		t.Fatalf("cloneDir %q, want %q", p.CloneDir, want)
	}
	if v, _, err := e.secrets.Get(secret.ProjectTokenName(p.ID)); err != nil || v != "ghp_fake-token-for-test" {
		t.Fatalf("keyring holds %q (%v)", v, err)
	}
	if got, _ := e.svc.Product(ctx, prod.ID); got.ProjectCount != 1 {
		t.Fatalf("product counts %d projects, want 1", got.ProjectCount)
	}
	if dir, err := e.svc.WorkDir(ctx, p.ID); err != nil || dir != local {
		t.Fatalf("WorkDir = %q, %v; want the local path", dir, err)
	}

	// nil keeps the token, "" removes it.
	up, err := e.svc.Update(ctx, p.ID, Input{Name: "Web", RepoURL: "acme/web", Status: StatusArchived})
	if err != nil {
		t.Fatal(err)
	}
	if up.Name != "Web" || up.ProductID != "" || up.LocalPath != "" || !up.HasToken || up.Status != StatusArchived {
		t.Fatalf("updated %+v", up)
	}
	if up, err = e.svc.Update(ctx, p.ID, Input{Name: "Web", RepoURL: "acme/web", Token: ptr("")}); err != nil || up.HasToken {
		t.Fatalf("token removal: %+v, %v", up, err)
	}
	if _, err := e.svc.WorkDir(ctx, p.ID); !errors.Is(err, ErrNoWorkDir) || !strings.Contains(err.Error(), "not cloned yet") {
		t.Fatalf("WorkDir of an uncloned project: %v", err)
	}

	// Deleting a product keeps its projects.
	if _, err := e.svc.Update(ctx, p.ID, Input{Name: "Web", RepoURL: "acme/web", ProductID: prod.ID}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteProduct(ctx, prod.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := e.svc.Get(ctx, p.ID); err != nil || got.ProductID != "" {
		t.Fatalf("project after its product was deleted: %+v, %v", got, err)
	}
	if err := e.svc.Delete(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Get(ctx, p.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	if n := len(e.rec.Named(events.ProjectsChanged)); n < 6 {
		t.Fatalf("%d projects:changed events, want one per change", n)
	}
}

func TestProjectValidation(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	ctx := context.Background()
	e.create(t, Input{Name: "Taken"})
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		in    Input
		field string
		want  string
	}{
		{"name missing", Input{}, "name", "required"},
		{"name too long", Input{Name: strings.Repeat("n", 101)}, "name", "at most 100"},
		{"name multi-line", Input{Name: "a\nb"}, "name", "single line"},
		{"name taken, any case", Input{Name: "taken"}, "name", "already used"},
		{"repo with spaces", Input{Name: "a", RepoURL: "acme/ web"}, "repoUrl", "spaces"},
		{"repo unknown scheme", Input{Name: "a", RepoURL: "ftp://host/r.git"}, "repoUrl", "not supported"},
		{"repo token in URL", Input{Name: "a", RepoURL: "https://x:secret@github.com/a/b"}, "repoUrl", "token field"},
		{"repo no path", Input{Name: "a", RepoURL: "https://github.com/"}, "repoUrl", "no repository path"},
		{"repo relative file", Input{Name: "a", RepoURL: "file://srv/x.git"}, "repoUrl", "not a host"},
		{"repo gibberish", Input{Name: "a", RepoURL: "just-a-word"}, "repoUrl", "not a repository address"},
		{"local path relative", Input{Name: "a", LocalPath: "code/app"}, "localPath", "absolute"},
		{"local path missing", Input{Name: "a", LocalPath: "/nonexistent/agented/dir"}, "localPath", "does not exist"},
		{"local path a file", Input{Name: "a", LocalPath: file}, "localPath", "not a directory"},
		{"local path root", Input{Name: "a", LocalPath: "/"}, "localPath", "root"},
		{"status unknown", Input{Name: "a", Status: "deleted"}, "status", "active or archived"},
		{"negative depth", Input{Name: "a", CloneDepth: -1}, "cloneDepth", "negative"},
		{"unknown product", Input{Name: "a", ProductID: "prod-nope"}, "productId", "names no product"},
		{"token without repo", Input{Name: "a", Token: ptr("tok")}, "token", "set repoUrl"},
		{"multi-line token", Input{Name: "a", RepoURL: "a/b", Token: ptr("a\nb")}, "token", "single line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.Create(ctx, tt.in)
			if msg := fieldOf(err, tt.field); !strings.Contains(msg, tt.want) {
				t.Fatalf("error %v: field %s says %q, want it to contain %q", err, tt.field, msg, tt.want)
			}
		})
	}
	if _, err := e.svc.Create(ctx, Input{Name: "TAKEN"}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("duplicate name: %v, want ErrNameTaken", err)
	}
	if _, err := e.svc.Update(ctx, "proj-nope", Input{Name: "x"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("update missing: %v", err)
	}
	if err := e.svc.Delete(ctx, "proj-nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete missing: %v", err)
	}
	if _, err := e.svc.WorkDir(ctx, "proj-nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("workdir missing: %v", err)
	}
	if _, err := e.svc.CreateProduct(ctx, ProductInput{}); fieldOf(err, "name") == "" {
		t.Fatalf("product without name: %v", err)
	}
	if _, err := e.svc.UpdateProduct(ctx, "prod-nope", ProductInput{Name: "x"}); !errors.Is(err, ErrProductNotFound) {
		t.Fatalf("update missing product: %v", err)
	}
}

func TestCloneURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"acme/web", "https://github.com/acme/web.git"},
		{"acme/web.git", "https://github.com/acme/web.git"},
		{"gitlab.example.com/team/app", "https://gitlab.example.com/team/app"},
		{"https://github.com/acme/web", "https://github.com/acme/web"},
		{"http://127.0.0.1:8080/src.git", "http://127.0.0.1:8080/src.git"},
		{"ssh://git@host:2222/acme/web.git", "ssh://git@host:2222/acme/web.git"},
		{"git@github.com:acme/web.git", "git@github.com:acme/web.git"},
		{"file:///srv/git/app.git", "file:///srv/git/app.git"},
	}
	for _, tt := range tests {
		got, problem := CloneURL(tt.in)
		if problem != "" || got != tt.want {
			t.Errorf("CloneURL(%q) = %q, %q; want %q", tt.in, got, problem, tt.want)
		}
	}
}

func TestWorkDir(t *testing.T) {
	t.Parallel()
	gone := filepath.Join(t.TempDir(), "gone")
	clone := t.TempDir()
	tests := []struct {
		name string
		p    Project
		want string // the dir, or a piece of the error
		ok   bool
	}{
		{"local path wins", Project{LocalPath: clone, RepoURL: "a/b", CloneStatus: CloneError}, clone, true},
		{"local path gone", Project{LocalPath: gone}, "no longer exists", false},
		{"cloned", Project{RepoURL: "a/b", CloneStatus: CloneCloned, CloneDir: clone}, clone, true},
		{"clone deleted", Project{RepoURL: "a/b", CloneStatus: CloneCloned, CloneDir: gone}, "clone it again", false},
		{"cloning", Project{Name: "x", RepoURL: "a/b", CloneStatus: CloneCloning}, "still being cloned", false},
		{"failed", Project{Name: "x", RepoURL: "a/b", CloneStatus: CloneError, CloneError: "boom"}, "boom", false},
		{"nothing", Project{Name: "x"}, "neither a repository nor a local path", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, err := workDir(tt.p)
			if tt.ok {
				if err != nil || dir != tt.want {
					t.Fatalf("workDir = %q, %v; want %q", dir, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrNoWorkDir) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("workDir error %v, want ErrNoWorkDir saying %q", err, tt.want)
			}
		})
	}
}

func TestDirName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Web app": "Web_app", "..": "project", "../etc": "_etc", "a/b": "a_b", "café": "caf_", "v1.2-x_y": "v1.2-x_y"} {
		if got := dirName(in); got != want {
			t.Errorf("dirName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWorkspaceSetting(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	ctx := context.Background()
	if got := e.svc.Workspace(ctx); got != e.workspace {
		t.Fatalf("default workspace %q, want %q", got, e.workspace)
	}
	if _, err := e.svc.SetWorkspace(ctx, "relative/dir"); fieldOf(err, "workspace") == "" {
		t.Fatalf("relative workspace: %v", err)
	}
	other := t.TempDir()
	if got, err := e.svc.SetWorkspace(ctx, other+"/"); err != nil || got != other {
		t.Fatalf("SetWorkspace = %q, %v", got, err)
	}
	p := e.create(t, Input{Name: "x", RepoURL: "a/b"})
	if p.CloneDir != filepath.Join(other, "projects", "x") {
		t.Fatalf("cloneDir %q does not follow the workspace", p.CloneDir)
	}
	if got, _ := e.svc.SetWorkspace(ctx, ""); got != e.workspace {
		t.Fatalf("reset workspace %q", got)
	}
}

package project

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// clonedSmall creates a project cloned from its own small bare repository.
func clonedSmall(t *testing.T, e *testEnv, name string) (Project, string) {
	t.Helper()
	bare := smallBare(t)
	p := e.waitClone(t, e.create(t, Input{Name: name, RepoURL: "file://" + bare}).ID)
	if p.CloneStatus != CloneCloned {
		t.Fatalf("clone %+v", p)
	}
	return p, bare
}

func TestSyncFastForwards(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	ctx := context.Background()
	p, bare := clonedSmall(t, e, "ff")
	// An untracked file that the remote does not have does not stop a fast-forward.
	if err := os.WriteFile(filepath.Join(p.CloneDir, "scratch.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Sync(ctx, p.ID)
	if err != nil || res.Status != SyncUpToDate || res.Branch != "main" {
		t.Fatalf("sync with nothing new: %+v, %v", res, err)
	}
	head := pushCommit(t, bare, "NEW.md", "new upstream\n")
	res, err = e.svc.Sync(ctx, p.ID)
	if err != nil || res.Status != SyncFastForwarded || res.To != head || res.From == head {
		t.Fatalf("sync after a push: %+v, %v (remote head %s)", res, err, head)
	}
	if b, err := os.ReadFile(filepath.Join(p.CloneDir, "NEW.md")); err != nil || string(b) != "new upstream\n" {
		t.Fatalf("NEW.md after the fast-forward: %q, %v", b, err)
	}
	if b, _ := os.ReadFile(filepath.Join(p.CloneDir, "scratch.txt")); string(b) != "mine" {
		t.Fatal("the untracked file was touched")
	}
	if got := gitRun(t, p.CloneDir, "rev-parse", "HEAD"); got != head {
		t.Fatalf("HEAD %s, want %s", got, head)
	}
	if got := gitRun(t, p.CloneDir, "status", "--porcelain", "--untracked-files=no"); got != "" {
		t.Fatalf("work tree not clean after the fast-forward:\n%s", got)
	}
	if got, _ := e.svc.Get(ctx, p.ID); got.CloneError != "" || got.LastSyncedAt == "" {
		t.Fatalf("project after sync: %+v", got)
	}
}

func TestSyncNeverOverwrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		local func(t *testing.T, dir string) // what the user did in the clone
		want  error
		msg   string
	}{
		{"uncommitted change", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "docs", "file-03.md"), []byte("my edit\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, ErrDirty, "docs/file-03.md"},
		{"staged change", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "staged.md"), []byte("staged\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			gitRun(t, dir, "add", "staged.md")
		}, ErrDirty, "staged.md"},
		{"untracked file in the way", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "NEW.md"), []byte("my own NEW.md\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, ErrDirty, "would be overwritten"},
		{"local commit", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "LOCAL.md"), []byte("local\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			gitRun(t, dir, "add", "LOCAL.md")
			gitRun(t, dir, "commit", "--quiet", "-m", "local work")
		}, ErrDiverged, "has commits that origin/main does not"},
		{"detached HEAD", func(t *testing.T, dir string) {
			gitRun(t, dir, "checkout", "--quiet", "--detach", "HEAD~1")
		}, ErrDiverged, "detached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newTestService(t)
			ctx := context.Background()
			p, bare := clonedSmall(t, e, "keep")
			tt.local(t, p.CloneDir)
			before := snapshot(t, p.CloneDir)
			pushCommit(t, bare, "NEW.md", "upstream\n")
			_, err := e.svc.Sync(ctx, p.ID)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("sync: %v, want %v saying %q", err, tt.want, tt.msg)
			}
			if after := snapshot(t, p.CloneDir); after != before {
				t.Fatalf("sync changed the clone:\nbefore %s\nafter  %s", before, after)
			}
			got, _ := e.svc.Get(ctx, p.ID)
			if got.CloneStatus != CloneCloned || !strings.Contains(got.CloneError, tt.msg) {
				t.Fatalf("project after a refused sync: %+v", got)
			}
		})
	}
}

// snapshot is HEAD, the status and every work tree file's content, to prove nothing changed.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(gitRun(t, dir, "rev-parse", "HEAD") + "\n" + gitRun(t, dir, "status", "--porcelain") + "\n")
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.Name() == ".git" {
			if d != nil && d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			return err
		}
		if !d.IsDir() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			b.WriteString(path + "=" + string(data) + "\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSyncRefusals(t *testing.T) {
	t.Parallel()
	e := newTestService(t)
	ctx := context.Background()
	notCloned := e.create(t, Input{Name: "local", LocalPath: t.TempDir()})
	if _, err := e.svc.Sync(ctx, notCloned.ID); !errors.Is(err, ErrNoRepo) {
		t.Fatalf("sync without a repository: %v", err)
	}
	failed := e.waitClone(t, e.create(t, Input{Name: "failed", RepoURL: "http://127.0.0.1:1/x.git"}).ID)
	if _, err := e.svc.Sync(ctx, failed.ID); !errors.Is(err, ErrNoWorkDir) {
		t.Fatalf("sync of a failed clone: %v", err)
	}
	if _, err := e.svc.Sync(ctx, "proj-nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("sync of an unknown project: %v", err)
	}
}

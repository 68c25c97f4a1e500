package trigger

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func TestIsolation(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	plain, err := s.Create(ctx, valid("default isolation", "claude"))
	if err != nil || plain.Isolation != IsolationNone {
		t.Fatalf("default = %q, %v", plain.Isolation, err)
	}
	in := valid("bad isolation", "claude")
	in.Isolation = "container"
	if _, err := s.Create(ctx, in); !strings.Contains(fieldErr(t, err)["isolation"], "none or worktree") {
		t.Fatalf("unknown isolation: %v", err)
	}

	// A linked directory outside git is refused, with the directory named.
	plainDir := t.TempDir()
	tr, err := s.AddPath(ctx, plain.ID, plainDir)
	if err != nil {
		t.Fatal(err)
	}
	tr.Isolation = IsolationWorktree
	_, err = s.Update(ctx, tr)
	if msg := fieldErr(t, err)["isolation"]; !strings.Contains(msg, "not inside one") || !strings.Contains(msg, tr.Paths[0].Path) {
		t.Fatalf("non-git directory: %q", msg)
	}

	// Moving a repository to the front makes it the run's directory, and then it is accepted.
	repo := t.TempDir()
	for _, args := range [][]string{{"init", "-q"}, {"-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "init"}} {
		if out, err := exec.Command("git", append([]string{"-C", repo}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	tr, err = s.AddPath(ctx, plain.ID, repo)
	if err != nil {
		t.Fatal(err)
	}
	tr.Paths[0], tr.Paths[1] = tr.Paths[1], tr.Paths[0]
	tr.Isolation = IsolationWorktree
	got, err := s.Update(ctx, tr)
	if err != nil || got.Isolation != IsolationWorktree {
		t.Fatalf("update = %q, %v", got.Isolation, err)
	}
	list, err := s.List(ctx, "default isolation")
	if err != nil || len(list) != 1 || list[0].Isolation != IsolationWorktree {
		t.Fatalf("list = %+v, %v", list, err)
	}
}

// TestIsolationFirstPathMustBeARepository: a trigger that chose worktree isolation before it had
// a directory refuses a first directory outside git, with the reason.
func TestIsolationFirstPathMustBeARepository(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	in := valid("isolated from the start", "claude")
	in.Isolation = IsolationWorktree
	tr, err := s.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddPath(ctx, tr.ID, t.TempDir())
	if !errors.Is(err, ErrBadPath) || !strings.Contains(err.Error(), "not inside one") {
		t.Fatalf("non-git first path: %v", err)
	}
	repo := t.TempDir()
	if out, err := exec.Command("git", "-C", repo, "init", "-q").CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	if _, err := s.AddPath(ctx, tr.ID, repo); err != nil {
		t.Fatalf("repository as first path: %v", err)
	}
}

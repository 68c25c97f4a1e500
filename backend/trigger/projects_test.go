package trigger

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/agented/agented/backend/events"
)

// addProjects stores bare project rows (the project service owns them; only their ids matter here).
func addProjects(t *testing.T, s *Service, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if _, err := s.db.Writer.Exec(`INSERT INTO projects(id, name, created_at, updated_at) VALUES(?, ?, '', '')`, id, "name of "+id); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLinkedProjects(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	addProjects(t, s, "proj-a", "proj-b", "proj-c")

	in := valid("linked", "claude")
	in.ProjectIDs = []string{" proj-b ", "proj-a"}
	tr, err := s.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tr.ProjectIDs, []string{"proj-b", "proj-a"}) {
		t.Fatalf("created links = %v", tr.ProjectIDs)
	}

	// A nil list keeps the links (ResetToDefault, a PUT without projectIds); a new order is stored.
	tr.ProjectIDs = nil
	if tr, err = s.Update(ctx, tr); err != nil || !slices.Equal(tr.ProjectIDs, []string{"proj-b", "proj-a"}) {
		t.Fatalf("update without links = %v, %v", tr.ProjectIDs, err)
	}
	tr.ProjectIDs = []string{"proj-c", "proj-b", "proj-a"}
	if tr, err = s.Update(ctx, tr); err != nil || !slices.Equal(tr.ProjectIDs, []string{"proj-c", "proj-b", "proj-a"}) {
		t.Fatalf("reordered links = %v, %v", tr.ProjectIDs, err)
	}
	list, err := s.List(ctx, "")
	if err != nil || len(list) != 1 || !slices.Equal(list[0].ProjectIDs, tr.ProjectIDs) {
		t.Fatalf("list = %+v, %v", list, err)
	}

	// Deleting a project drops its link; the project service's event drops the cached list.
	if _, err := s.db.Writer.Exec(`DELETE FROM projects WHERE id = 'proj-b'`); err != nil {
		t.Fatal(err)
	}
	s.InvalidateOn(&events.Recorder{}).Emit(events.ProjectsChanged, nil)
	if list, _ = s.List(ctx, ""); !slices.Equal(list[0].ProjectIDs, []string{"proj-c", "proj-a"}) {
		t.Fatalf("list after the project's deletion = %v", list[0].ProjectIDs)
	}

	tr.ProjectIDs = []string{}
	if tr, err = s.Update(ctx, tr); err != nil || tr.ProjectIDs == nil || len(tr.ProjectIDs) != 0 {
		t.Fatalf("cleared links = %#v, %v", tr.ProjectIDs, err)
	}
	plain, err := s.Create(ctx, valid("plain", "claude"))
	if err != nil || plain.ProjectIDs == nil {
		t.Fatalf("a trigger without links has projectIds %#v (%v), want []", plain.ProjectIDs, err)
	}
}

func TestLinkedProjectsRefused(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	addProjects(t, s, "proj-a")
	many := make([]string, MaxProjects+1)
	for i := range many {
		many[i] = fmt.Sprintf("proj-%d", i)
	}
	tests := []struct {
		name string
		ids  []string
		want string
	}{
		{"unknown", []string{"proj-a", "proj-nope"}, "names no project: proj-nope"},
		{"duplicate", []string{"proj-a", "proj-a"}, "links project proj-a twice"},
		{"empty id", []string{"proj-a", "  "}, "empty project id"},
		{"too long id", []string{strings.Repeat("x", 65)}, "is not a project id"},
		{"too many", many, fmt.Sprintf("at most %d projects", MaxProjects)},
	}
	existing, err := s.Create(ctx, valid("existing", "claude"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid("refused "+tt.name, "claude")
			in.ProjectIDs = tt.ids
			_, err := s.Create(ctx, in)
			if got := fieldErr(t, err)["projectIds"]; !strings.Contains(got, tt.want) {
				t.Fatalf("create: projectIds error = %q, want %q", got, tt.want)
			}
			up := existing
			up.ProjectIDs = tt.ids
			_, err = s.Update(ctx, up)
			if got := fieldErr(t, err)["projectIds"]; !strings.Contains(got, tt.want) {
				t.Fatalf("update: projectIds error = %q, want %q", got, tt.want)
			}
		})
	}
	// Nothing refused was stored.
	if got, _ := s.Get(ctx, existing.ID); len(got.ProjectIDs) != 0 {
		t.Fatalf("refused links stored: %v", got.ProjectIDs)
	}
	if list, _ := s.List(ctx, "refused"); len(list) != 0 {
		t.Fatalf("refused triggers stored: %d", len(list))
	}
}

// Worktree isolation branches from the first project's working copy: one that is not under git is
// refused on save, one not made yet (a clone to come) is let through for the runs to check.
func TestWorktreeIsolationWithLinkedProject(t *testing.T) {
	t.Parallel()
	repo, plain := t.TempDir(), t.TempDir()
	for _, args := range [][]string{{"init", "-q"}, {"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "init"}} {
		if out, err := exec.Command("git", append([]string{"-C", repo}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	dirs := map[string]string{"proj-git": repo, "proj-plain": plain}
	s, _ := newTestService(t, func(d *Deps) {
		d.ProjectDir = func(_ context.Context, id string) (string, error) {
			if dir, ok := dirs[id]; ok {
				return dir, nil
			}
			return "", errors.New("project has no working directory: " + id + " is not cloned yet")
		}
	})
	ctx := context.Background()
	addProjects(t, s, "proj-git", "proj-plain", "proj-later")

	tests := []struct {
		name    string
		ids     []string
		refused bool
	}{
		{"git clone", []string{"proj-git", "proj-plain"}, false},
		{"plain directory first", []string{"proj-plain", "proj-git"}, true},
		{"not cloned yet", []string{"proj-later"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid("isolated "+tt.name, "claude")
			in.Isolation, in.ProjectIDs = IsolationWorktree, tt.ids
			_, err := s.Create(ctx, in)
			if tt.refused {
				if msg := fieldErr(t, err)["isolation"]; !strings.Contains(msg, plain) {
					t.Fatalf("isolation error = %q, want it to name %s", msg, plain)
				}
				return
			}
			if err != nil {
				t.Fatalf("create: %v", err)
			}
		})
	}

	// Update: a new first project is judged, and so are the stored links when the update
	// leaves projectIds out.
	tr, err := s.Create(ctx, func() Trigger { in := valid("moving", "claude"); in.ProjectIDs = []string{"proj-plain"}; return in }())
	if err != nil {
		t.Fatal(err)
	}
	tr.Isolation, tr.ProjectIDs = IsolationWorktree, nil
	if _, err := s.Update(ctx, tr); fieldErr(t, err)["isolation"] == "" {
		t.Fatal("worktree isolation on a plain directory's project was accepted")
	}
	tr.ProjectIDs = []string{"proj-git"}
	if _, err := s.Update(ctx, tr); err != nil {
		t.Fatalf("worktree isolation from a clone: %v", err)
	}
	// A plain directory may still be linked: the project's working copy is the run's directory.
	if _, err := s.AddPath(ctx, tr.ID, plain); err != nil {
		t.Fatalf("link a plain directory beside a project: %v", err)
	}
}

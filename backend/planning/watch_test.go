package planning

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
)

// waitTimeout bounds a wait for an event that should come about 200 ms after an edit; a loaded
// CI machine gets slack, and the time it really took is logged.
const waitTimeout = 5 * time.Second

func waitChanged(t *testing.T, ch chanEmitter, project string, since time.Time) {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		select {
		case ev := <-ch:
			if ev.Name != events.PlanningChanged(project) {
				continue
			}
			if c, ok := ev.Payload.(Changed); !ok || c.ProjectID != project {
				t.Fatalf("payload = %#v", ev.Payload)
			}
			t.Logf("planning:changed %s after the edit", time.Since(since).Round(time.Millisecond))
			return
		case <-timeout:
			t.Fatalf("no planning:changed:%s within %s", project, waitTimeout)
		}
	}
}

func TestWatchEditsNewFoldersAndNewPlanning(t *testing.T) {
	t.Parallel()
	proj := copyTree(t, "flat")
	bare := t.TempDir()
	ch := make(chanEmitter, 16)
	s := newTestService(t, ch, map[string]string{"p": proj, "bare": bare})
	ctx := context.Background()
	if err := s.Watch(ctx, "p"); err != nil {
		t.Fatal(err)
	}
	defer s.Unwatch("p")

	// An edit of a PLAN file, like an editor or a CLI in a terminal would make.
	plan := filepath.Join(proj, Dir, "phases", "01-foundation", "01-02-PLAN.md")
	start := time.Now()
	if err := os.WriteFile(plan, []byte("---\nstatus: done\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitChanged(t, ch, "p", start)
	b, err := s.Board(ctx, "p")
	if err != nil || findPlan(t, b, "phases/01-foundation/01-02-PLAN.md").Status != StatusDone {
		t.Fatalf("board after the edit: %v", err)
	}

	// A new phase folder is watched as soon as it appears: a file written into it afterwards is
	// seen too.
	newDir := filepath.Join(proj, Dir, "phases", "05-new")
	start = time.Now()
	if err := os.Mkdir(newDir, 0o755); err != nil {
		t.Fatal(err)
	}
	waitChanged(t, ch, "p", start)
	start = time.Now()
	if err := os.WriteFile(filepath.Join(newDir, "05-01-PLAN.md"), []byte("<objective>New</objective>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitChanged(t, ch, "p", start)

	// A project without .planning: the board appears when the folder does.
	if err := s.Watch(ctx, "bare"); err != nil {
		t.Fatal(err)
	}
	defer s.Unwatch("bare")
	start = time.Now()
	if err := os.MkdirAll(filepath.Join(bare, Dir, "phases"), 0o755); err != nil {
		t.Fatal(err)
	}
	waitChanged(t, ch, "bare", start)
}

func TestWatchIsReferenceCounted(t *testing.T) {
	t.Parallel()
	proj := copyTree(t, "flat")
	s := newTestService(t, make(chanEmitter, 1), map[string]string{"p": proj, "none": ""})
	ctx := context.Background()
	for range 2 {
		if err := s.Watch(ctx, "p"); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.Watching("p"); n != 2 {
		t.Fatalf("watching = %d, want 2", n)
	}
	s.Unwatch("p")
	if n := s.Watching("p"); n != 1 {
		t.Fatalf("after one Unwatch: %d, want 1", n)
	}
	s.Unwatch("p")
	s.Unwatch("p") // one too many is harmless
	if n := s.Watching("p"); n != 0 {
		t.Fatalf("after the last Unwatch: %d, want 0", n)
	}
	if err := s.Watch(ctx, "none"); err == nil {
		t.Error("watching a project without a directory succeeded")
	}
	if err := s.Watch(ctx, "p"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if n := s.Watching("p"); n != 0 {
		t.Fatalf("after Close: %d, want 0", n)
	}
}

package planning

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/agented/agented/backend/events"
)

// copyTree copies a fixture into a temporary project directory, symlinks included (os.CopyFS
// refuses them), and returns the project directory.
func copyTree(t *testing.T, fixture string) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("testdata", fixture)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// newTestService serves every project id from dirs; an unknown id has no directory.
func newTestService(t *testing.T, em events.Emitter, dirs map[string]string) *Service {
	t.Helper()
	if em == nil {
		em = &events.Recorder{}
	}
	s := New(Deps{Emitter: em, Projects: ProjectsFunc(func(_ context.Context, id string) (string, error) {
		return dirs[id], nil
	})})
	t.Cleanup(s.Close)
	return s
}

// chanEmitter hands every event to a channel, so a test waits on the event itself.
type chanEmitter chan events.Event

func (c chanEmitter) Emit(name string, payload any) {
	select {
	case c <- events.Event{Name: name, Payload: payload}:
	default: // a test that stopped listening must not block the watcher
	}
}

func findPlan(t *testing.T, b Board, id string) Plan {
	t.Helper()
	for _, m := range b.Milestones {
		for _, ph := range m.Phases {
			for _, p := range ph.Plans {
				if p.ID == id {
					return p
				}
			}
		}
	}
	t.Fatalf("plan %s not on the board", id)
	return Plan{}
}

func findPhase(t *testing.T, m Milestone, number string) Phase {
	t.Helper()
	for _, ph := range m.Phases {
		if ph.Number == number {
			return ph
		}
	}
	t.Fatalf("phase %s not in milestone %s", number, m.Version)
	return Phase{}
}

package execution

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/trigger"
)

// TestRunRefusesDirectoryChangedSinceLinking: a directory is checked when it is linked, but it
// can later be replaced by a symlink to /etc, or fall outside newly set allowed roots. The run
// must fail with the reason instead of starting the CLI there.
func TestRunRefusesDirectoryChangedSinceLinking(t *testing.T) {
	t.Parallel()
	var roots []string
	policy := trigger.NewDirPolicy(trigger.DirConfig{AllowedRoots: func() []string { return roots }})
	h := newHarness(t, harnessOpts{noStart: true})
	h.engine.d.CheckDir = func(dir string) error { _, err := policy.Check(dir); return err }
	if err := h.engine.Start(context.Background()); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   string // part of the run's error message, "" = the run succeeds
	}{
		{"unchanged", func(*testing.T, string) {}, ""},
		{"replaced by a symlink to /etc", func(t *testing.T, dir string) {
			if err := os.Remove(dir); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("/etc", dir); err != nil {
				t.Fatal(err)
			}
		}, "resolves to /etc, which is a system directory"},
		{"outside the allowed roots set since", func(*testing.T, string) { roots = []string{"/srv/elsewhere"} },
			"is outside the allowed roots set in Settings (/srv/elsewhere)"},
	}
	for _, tt := range tests {
		// Sequential: the cases share roots.
		t.Run(tt.name, func(t *testing.T) {
			roots = nil
			tr := h.newTrigger("dir "+tt.name, agent.Claude)
			dir := tr.Paths[0].Path
			tt.change(t, dir)
			ex := h.submit(tr, "hello")
			done := h.wait(ex.ID, 30*time.Second, StatusSuccess, StatusFailed)
			if tt.want == "" {
				if done.Status != StatusSuccess || done.WorkingDir != dir {
					t.Fatalf("run %s in %q: %s", done.Status, done.WorkingDir, done.ErrorMessage)
				}
				return
			}
			if done.Status != StatusFailed || !strings.Contains(done.ErrorMessage, tt.want) ||
				!strings.Contains(done.ErrorMessage, "linked directory "+dir+" may not be used") {
				t.Fatalf("run %s: %q, want failed with %q", done.Status, done.ErrorMessage, tt.want)
			}
			if done.WorkingDir != "" || len(done.Argv) != 0 {
				t.Fatalf("the CLI was prepared anyway: dir %q argv %v", done.WorkingDir, done.Argv)
			}
			if lines := h.allLines(ex.ID); len(lines) == 0 || !strings.Contains(lines[len(lines)-1].Text, tt.want) {
				t.Fatalf("the log does not say why: %+v", lines)
			}
		})
	}
}

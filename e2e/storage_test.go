//go:build e2e

package e2e

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	// floodMarker prints up to 64 MiB of assistant text as fast as it can: a run keeps its first
	// 256 KiB of output in the database and only then opens runs/<id>.log, so the log file (and
	// its failure) is reached at once, and the flood is still far from done when the app stops it
	// (1 MiB would be printed whole before the stop could land: the run would end on its own).
	floodMarker = "[fake:flood:67108864]"
	// storageTitle is the notification's title and storageLabel the failure kind's label.
	storageTitle = "Run output could not be stored"
	storageLabel = "Output could not be stored"
)

// TestStorageFailureFlow breaks the data directory the way a full or misconfigured disk would
// (a regular file where the runs' log directory belongs, so runs/<id>.log cannot be created),
// runs a trigger that prints well past the inline part of the log, and checks what the user
// sees: a toast wherever they are, naming the run and linking to it, and the run itself ended
// failed with the storage failure and its cause. The file is removed afterwards (and a runs
// directory that was there before is put back), so later runs store their logs again.
func TestStorageFailureFlow(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)
	dir := cfg.project
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	name := "Flood " + time.Now().Format("150405")
	runs := filepath.Join(cfg.home, "runs")
	var triggerID, runID string

	s.step("a regular file where the run logs go", func(context.Context) error {
		return blockDir(t, runs)
	})

	s.step("create the flooding trigger", func(ctx context.Context) error {
		var err error
		triggerID, err = s.createTrigger(ctx, name, "Write a lot "+floodMarker+" {message}", dir)
		return err
	})

	s.step("run it from the list", func(ctx context.Context) error {
		var err error
		runID, err = s.runFromList(ctx, triggerID, "until the disk says no")
		return err
	})

	s.step("a toast says the output could not be stored", func(ctx context.Context) error {
		// The toast names the trigger and the cause, and links to the run.
		return s.waitJS(ctx, "the storage notification", fmt.Sprintf(`(() => {
			const n = [...document.querySelectorAll('[data-testid="notification"]')].find(e => e.textContent.includes(%s));
			if (!n) return null;
			const link = n.querySelector('a');
			return { text: n.textContent, href: link ? link.getAttribute('href') : '' };
		})()`, jsString(storageTitle)), func(raw string) bool {
			return strings.Contains(raw, name) && strings.Contains(raw, "not a directory") &&
				strings.Contains(raw, "Agented is stopping the run") && strings.Contains(raw, `"href":"#/executions/`+runID+`"`)
		})
	})

	s.step("the run ended failed, the view says why", func(ctx context.Context) error {
		if _, err := s.waitExecView(ctx, "status failed", func(v execView) bool {
			return v.Status == "failed" && !v.Cancel
		}); err != nil {
			return err
		}
		if err := s.waitText(ctx, "exec-failure-kind", storageLabel); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "exec-failure", func(v string) bool {
			return strings.Contains(v, "output could not be stored") && strings.Contains(v, "not a directory") &&
				strings.Contains(v, "the run was stopped")
		}); err != nil {
			return err
		}
		e, err := s.execution(ctx, runID)
		if err != nil {
			return err
		}
		if e.Status != "failed" || e.FailureKind != "storage" {
			return fmt.Errorf("Go has status %q, failure %q", e.Status, e.FailureKind)
		}
		// Stopped like a cancel: nothing of the flood may still run.
		return noneLeftIn(dir)
	})

	s.step("screenshot: the failed run with the toast", func(ctx context.Context) error {
		if err := s.settle(ctx); err != nil {
			return err
		}
		return s.screenshot(ctx, "execution-storage-failure.png", false)
	})

	s.step("no console errors", func(context.Context) error {
		if errs := s.console.errorsSince(0); len(errs) > 0 {
			return fmt.Errorf("%d console errors:\n  %s", len(errs), strings.Join(errs, "\n  "))
		}
		return nil
	})
}

// blockDir puts a regular file at path, where the app expects a directory, until the test ends.
// A directory already there is moved aside and put back afterwards with what it holds.
func blockDir(t *testing.T, path string) error {
	aside := path + ".e2e-aside"
	if _, err := os.Lstat(aside); err == nil {
		return fmt.Errorf("%s is left from an earlier run: remove it first", aside)
	}
	moved := false
	switch fi, err := os.Lstat(path); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("%s is already a %v, not a directory", path, fi.Mode().Type())
	default:
		if err := os.Rename(path, aside); err != nil {
			return err
		}
		moved = true
	}
	t.Cleanup(func() {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("remove the file at %s: %v", path, err)
			return
		}
		if moved {
			if err := os.Rename(aside, path); err != nil {
				t.Errorf("put %s back: %v", path, err)
			}
		}
	})
	return os.WriteFile(path, []byte("not a directory: the e2e test blocks the run logs here\n"), 0o600)
}

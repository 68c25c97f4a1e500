package execution

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/trigger"
)

// unwritableLogDir returns a log directory that cannot be created or written, for real.
type unwritableLogDir func(t *testing.T) (logDir, cause string)

// fileInTheWay puts a regular file where the runs directory would be created.
func fileInTheWay(t *testing.T) (string, string) {
	parent := t.TempDir()
	if err := os.WriteFile(filepath.Join(parent, "runs"), []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(parent, "runs"), "runs"
}

// immutableParent makes the directory that should hold the runs directory immutable (chattr +i),
// which stops even root from creating it: what a read-only data directory does.
func immutableParent(t *testing.T) (string, string) {
	if os.Geteuid() != 0 {
		t.Skip("chattr +i needs root") // the file-in-the-way case covers the same path unprivileged
	}
	parent := t.TempDir()
	if out, err := exec.Command("chattr", "+i", parent).CombinedOutput(); err != nil {
		t.Fatalf("chattr +i: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", parent).Run() })
	return filepath.Join(parent, "runs"), "operation not permitted"
}

// fullTmpfs mounts a 64 KiB tmpfs as the runs directory: the log file is created, and the first
// write of a batch runs out of space.
func fullTmpfs(t *testing.T) (string, string) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mount tmpfs not permitted here: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", dir).Run() })
	return dir, "no space left on device"
}

// TestStorageFailureStopsTheRun: a run printing past the inline limit whose log file cannot be
// created or written is stopped at once and ends failed/storage, with a system line, a warning
// and a notification, figures equal to what is stored, and no live line the store lacks.
func TestStorageFailureStopsTheRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		logDir unwritableLogDir
	}{
		{"a file where the runs directory goes", fileInTheWay},
		{"an immutable data directory", immutableParent},
		{"a full filesystem", fullTmpfs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logDir, cause := tt.logDir(t)
			h := newHarness(t, harnessOpts{logDir: logDir})
			// 40,000 lines/s for an hour: about 1.4 MB/s, past the 256 KiB kept inline within a
			// second, and still printing when the log file fails unless the engine stops it.
			tr := h.newTrigger("flood", "claude", func(tr *trigger.Trigger) {
				tr.PromptTemplate = "[fake:lines:144000000:40000] {message}"
			})
			h.setTiming(tr.ID, 3600, 2)
			rec := h.rec
			ex := h.submit(tr, "go")
			done := h.wait(ex.ID, 90*time.Second, StatusSuccess, StatusFailed, StatusCancelled, StatusTimeout, StatusInterrupted)

			if done.Status != StatusFailed || done.FailureKind != agent.FailureStorage {
				t.Fatalf("status %s/%s (%s), want failed/storage", done.Status, done.FailureKind, done.ErrorMessage)
			}
			for _, want := range []string{"output could not be stored", cause, "the run was stopped"} {
				if !strings.Contains(done.ErrorMessage, want) {
					t.Errorf("error message %q lacks %q", done.ErrorMessage, want)
				}
			}
			if !containsString(done.Warnings, done.ErrorMessage) {
				t.Errorf("warnings %q lack the failure", done.Warnings)
			}
			if done.ExitCode == nil || *done.ExitCode != -1 {
				t.Errorf("exit code %v, want -1 (stopped by a signal)", done.ExitCode)
			}

			lines := h.allLines(ex.ID)
			checkSeq(t, lines)
			var bytes int64
			for _, l := range lines {
				bytes += int64(len(l.Text))
			}
			if done.LineCount != int64(len(lines)) || done.StoredBytes != bytes {
				t.Fatalf("reported %d lines / %d bytes, stored %d / %d", done.LineCount, done.StoredBytes, len(lines), bytes)
			}
			notice := -1
			for i, l := range lines {
				if l.Stream == StreamSystem && strings.Contains(l.Text, "output could not be stored") {
					notice = i
					break
				}
			}
			if notice < 0 {
				t.Fatalf("no stored system line about the failure; last lines %+v", lines[max(len(lines)-3, 0):])
			}

			// Every line shown live is the stored line with that number.
			stored := map[int64]string{}
			for _, l := range lines {
				stored[l.Seq] = l.Text
			}
			live := 0
			for _, e := range rec.Named(events.ExecutionLog(ex.ID)) {
				for _, l := range e.Payload.(LogBatch).Lines {
					live++
					if text, ok := stored[l.Seq]; !ok || text != l.Text {
						t.Fatalf("live line %d %q is not the stored one (%q, stored %v)", l.Seq, clip(l.Text, 80), clip(text, 80), ok)
					}
				}
			}
			if live == 0 {
				t.Fatal("no live lines recorded")
			}

			var notes []events.Notification
			for _, e := range rec.Named(events.NotificationShow) {
				notes = append(notes, e.Payload.(events.Notification))
			}
			if len(notes) != 1 || notes[0].ExecutionID != ex.ID || notes[0].Level != events.LevelError || !strings.Contains(notes[0].Message, cause) {
				t.Fatalf("notifications %+v", notes)
			}
			failedAt, _ := time.Parse(timeLayout, lines[notice].TS)
			finished, _ := time.Parse(db.TimeFormat, done.FinishedAt)
			t.Logf("stored %d lines (%d bytes) before the failure; the run ended %s after it", notice, bytes, finished.Sub(failedAt))
		})
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// busyStore fails the first appendChunks calls with SQLite's busy error, then passes through.
type busyStore struct {
	*Store
	busy int
}

func (b *busyStore) appendChunks(ctx context.Context, id string, rows []chunkRow, lineCount, storedBytes int64) error {
	if b.busy > 0 {
		b.busy--
		return errors.New("database is locked (5) (SQLITE_BUSY)")
	}
	return b.Store.appendChunks(ctx, id, rows, lineCount, storedBytes)
}

// TestBusyDatabaseIsNotAFailure: a lock held elsewhere delays the lines; it does not stop the run.
func TestBusyDatabaseIsNotAFailure(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	st := NewStore(d)
	ctx := context.Background()
	if err := st.Insert(ctx, Execution{ID: "exec-b", TriggerName: "t", Kind: KindManual, BackendType: "claude",
		Status: StatusRunning, QueuedAt: db.Now(), Argv: []string{}, Warnings: []string{}}, "{}", nil); err != nil {
		t.Fatal(err)
	}
	sk := newSink("exec-b", &busyStore{Store: st, busy: 3}, &events.Recorder{}, logging.Discard(), agent.NewParser("claude"), 1<<30)
	failed := false
	sk.onFail = func(error) { failed = true }
	sk.addBlock(StreamStdout, 1, []byte("one\ntwo\n"))
	sk.flush()
	sk.addBlock(StreamStdout, 2, []byte("three\n"))
	sk.finish()
	if _, err := sk.storageFailed(); err != nil || failed {
		t.Fatalf("busy database failed the run: %v", err)
	}
	if p, _ := st.Lines(ctx, "exec-b", 0, 10); len(p.Lines) != 3 {
		t.Fatalf("stored %+v", p.Lines)
	}
}

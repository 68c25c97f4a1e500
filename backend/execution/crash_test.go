package execution

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/internal/testutil"
)

// TestCrashRecovery runs an engine in a child process, kills it with SIGKILL in the middle of a
// run, and restarts on the same database: the run must be "interrupted" with the lines it had
// stored before the crash.
func TestCrashRecovery(t *testing.T) {
	if path := os.Getenv("AGENTED_CRASH_CHILD_DB"); path != "" {
		crashChild(t, path)
		return
	}
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "agented.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRecovery$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "AGENTED_CRASH_CHILD_DB="+dbPath)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var id string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "RUNNING "); ok {
			id = v
			break
		}
	}
	if id == "" {
		_ = cmd.Process.Kill()
		t.Fatal("child never reported a running execution")
	}
	// Let a few batches reach the store, then crash.
	d, err := db.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var before int64
	testutil.WaitFor(20*time.Second, func() bool {
		_ = d.Reader.QueryRow(`SELECT COALESCE(MAX(last_seq), 0) FROM execution_chunks WHERE execution_id = ?`, id).Scan(&before)
		return before >= 50
	})
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if before < 50 {
		t.Fatalf("only %d lines stored before the crash", before)
	}

	h := newHarness(t, harnessOpts{db: d})
	ex, err := h.engine.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Status != StatusInterrupted || ex.FinishedAt == "" {
		t.Fatalf("after restart: %s", ex.Status)
	}
	lines := h.allLines(id)
	if int64(len(lines)) < before || ex.LineCount != int64(len(lines)) {
		t.Fatalf("%d lines after restart, %d before the crash, line_count %d", len(lines), before, ex.LineCount)
	}
	checkSeq(t, lines)
}

// crashChild is the process that gets killed: an engine with one slow run.
func crashChild(t *testing.T, path string) {
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := db.Embedded()
	if _, err := d.Migrate(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOpts{db: d, env: []string{"FAKEAGENT_MODE=lines", "FAKEAGENT_LINES=100000", "FAKEAGENT_RATE=500"}})
	ex := h.submit(h.newTrigger("slow", "claude"), "")
	h.wait(ex.ID, 20*time.Second, StatusRunning)
	fmt.Println("RUNNING " + ex.ID)
	time.Sleep(time.Minute) // killed long before this ends
}

package testutil

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/agented/agented/backend/db"
)

// FreezeDB makes d's files immutable (chattr +i on the database, its WAL and its shared-memory
// file), which is how a disk that refuses writes looks to SQLite: reads keep working, every
// commit fails with a disk I/O error. Tests run as root, where a chmod would not stop a write.
// The WAL is checkpointed first, so readers see every committed row in the main file, as on a
// server that has been running for a while. The returned thaw (also run at cleanup, or
// t.TempDir could not remove the files) makes them writable again.
func FreezeDB(t testing.TB, d *db.DB) (thaw func()) {
	t.Helper()
	if _, err := d.Writer.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	files := []string{d.Path, d.Path + "-wal", d.Path + "-shm"}
	chattr := func(flag string) error {
		out, err := exec.Command("chattr", append([]string{flag}, files...)...).CombinedOutput()
		if err != nil {
			return &chattrError{flag: flag, out: strings.TrimSpace(string(out)), err: err}
		}
		return nil
	}
	thawed := false
	thaw = func() {
		if thawed {
			return
		}
		thawed = true
		if err := chattr("-i"); err != nil {
			t.Errorf("thaw database files: %v", err)
		}
	}
	t.Cleanup(thaw)
	if err := chattr("+i"); err != nil {
		t.Fatalf("make the database files immutable (needs root on a filesystem with chattr, such as ext4): %v", err)
	}
	out, err := exec.Command("lsattr", d.Path).Output()
	if attrs, _, _ := strings.Cut(string(out), " "); err != nil || !strings.Contains(attrs, "i") {
		t.Fatalf("lsattr %s = %q, %v: the immutable flag did not stick", d.Path, out, err)
	}
	return thaw
}

type chattrError struct {
	flag, out string
	err       error
}

func (e *chattrError) Error() string { return "chattr " + e.flag + ": " + e.err.Error() + ": " + e.out }

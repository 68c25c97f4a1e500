//go:build unix

package chaos

import (
	"net/http"
	"os/exec"
	"testing"
	"time"
)

// TestDiskFull mounts a 24 MiB tmpfs as the data directory and starts a run that prints 64 MiB.
// The server must survive, the run must end failed with a storage failure and counts that
// match what was stored, and the API must keep answering.
func TestDiskFull(t *testing.T) {
	t.Parallel()
	needRoot(t, "mount a small tmpfs as the data directory")
	home := newHome(t, 0)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", home).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s), so a full disk cannot be staged", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", home).Run() })
	s := startServer(t, serverOpts{home: home})
	flood := s.createTrigger(map[string]any{"promptTemplate": "[fake:flood:67108864] {message}"})
	tried(t, "a 24 MiB tmpfs as the data directory, then a run printing 64 MiB")
	ex := s.waitFinished(s.runTrigger(flood, "fill the disk"), 90*time.Second)
	if !storageFailed(ex) {
		s.failf("run on a full disk ended %q, failure kind %q, error %q, %d lines / %d bytes reported; want failed with a storage failure kind",
			ex.Status, ex.FailureKind, ex.ErrorMessage, ex.LineCount, ex.StoredBytes)
	}
	stored := s.checkCounts(ex)
	s.mustBeHealthy()
	code, _, body := s.adminRaw("GET", "/admin/executions?limit=50", nil)
	if code != http.StatusOK {
		s.failf("list after the disk filled = %d %.300s", code, body)
	}
	survived(t, "server alive; run %s ended %s/%s (%q) with %d lines stored and served; list answers %d",
		ex.ID, ex.Status, ex.FailureKind, ex.ErrorMessage, stored, code)
}

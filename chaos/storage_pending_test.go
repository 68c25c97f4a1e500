//go:build chaos

package chaos

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestUnwritableDatabase makes the database files immutable while the server runs and sends a
// webhook. An event that cannot be stored must be answered 503 with Retry-After, so the sender
// retries, and readiness must say the database is not fine. Once the files are writable again
// the sender's retry is accepted and runs exactly once.
func TestUnwritableDatabase(t *testing.T) {
	t.Parallel()
	needRoot(t, "make the database files immutable with chattr")
	s := startServer(t, serverOpts{})
	trig := s.webhookTrigger("db-frozen", "[fake:success] {message}")
	db := filepath.Join(s.opts.home, "agented.db")
	files := []string{db, db + "-wal", db + "-shm"}

	token := fmt.Sprintf("frozen-%d", time.Now().UnixNano())
	payload := []byte(`{"event":"db-frozen","text":"` + token + `"}`)
	chattr(t, "+i", files...)
	tried(t, "chattr +i agented.db, -wal and -shm, then POST / with a matching webhook")
	code, hdr, body := s.do("POST", "/", payload, map[string]string{"Content-Type": "application/json"})
	retry, _ := strconv.Atoi(hdr.Get("Retry-After"))
	rcode, ready := s.readiness()
	chattr(t, "-i", files...)
	if code != http.StatusServiceUnavailable || retry < 1 {
		s.failf("webhook with the database immutable = %d, Retry-After %q: %s; want 503 with Retry-After so the sender retries",
			code, hdr.Get("Retry-After"), body)
	}
	if rcode != http.StatusServiceUnavailable || ready.Components["database"].Status == "ok" {
		s.failf("readiness with the database immutable = %d, database %+v; want 503 and the database not ok", rcode, ready.Components["database"])
	}
	survived(t, "webhook answered %d with Retry-After %ds: %s; readiness %d, database %q (%s)",
		code, retry, body, rcode, ready.Components["database"].Status, ready.Components["database"].Error)

	tried(t, "chattr -i, then the sender's retry of the same payload")
	var answer struct {
		Dispatched []struct{ ExecutionID string } `json:"dispatched"`
		Duplicates []string                       `json:"duplicates"`
	}
	code, _, body = s.do("POST", "/", payload, map[string]string{"Content-Type": "application/json"})
	if err := json.Unmarshal(body, &answer); err != nil || code != http.StatusAccepted || len(answer.Dispatched) != 1 {
		s.failf("retry after the database recovered = %d %s; want 202 with one run", code, body)
	}
	ex := s.waitFinished(answer.Dispatched[0].ExecutionID, time.Minute)
	runs := withToken(s.executions(trig), token)
	if len(runs) != 1 || ex.Status != "success" {
		s.failf("after the retry: %d runs carry the event (want 1), the run is %q", len(runs), ex.Status)
	}
	waitFor(t, 30*time.Second, "readiness to recover", func() bool { c, _ := s.readiness(); return c == http.StatusOK })
	s.mustBeHealthy()
	survived(t, "retry answered %d, exactly %d run (%s, %s); readiness ok again", code, len(runs), ex.ID, ex.Status)
}

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

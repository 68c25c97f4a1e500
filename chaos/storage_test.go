//go:build unix

package chaos

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chattr sets or clears the immutable flag on paths; the flag stops even root from writing.
// Cleanup always clears it again so the data directory can be removed.
func chattr(t *testing.T, flag string, paths ...string) {
	t.Helper()
	if out, err := exec.Command("chattr", append([]string{flag}, paths...)...).CombinedOutput(); err != nil {
		t.Fatalf("chattr %s %v: %v\n%s", flag, paths, err, out)
	}
	if flag == "+i" {
		t.Cleanup(func() { _ = exec.Command("chattr", append([]string{"-i"}, paths...)...).Run() })
	}
}

// readiness is GET /health/readiness with the key.
type readiness struct {
	Status     string `json:"status"`
	Components map[string]struct {
		Status string `json:"status"`
		Error  string `json:"error"`
	} `json:"components"`
}

func (c *client) readiness() (int, readiness) {
	c.t.Helper()
	code, _, raw := c.do("GET", "/health/readiness", nil, map[string]string{"X-API-Key": apiKey})
	var r readiness
	if err := json.Unmarshal(raw, &r); err != nil {
		c.t.Fatalf("readiness %d %.300s: %v", code, raw, err)
	}
	return code, r
}

// withToken returns the executions whose prompt or message holds token.
func withToken(list []execution, token string) []execution {
	var out []execution
	for _, e := range list {
		if strings.Contains(e.Message, token) || strings.Contains(e.Prompt, token) {
			out = append(out, e)
		}
	}
	return out
}

// storageFailed reports whether a finished run says its output could not be stored.
func storageFailed(ex execution) bool {
	return ex.Status == "failed" && ex.FailureKind == "storage"
}

// checkCounts fails unless the run's line count is exactly what /lines serves, in sequence.
func (s *server) checkCounts(ex execution) int {
	s.t.Helper()
	lines := s.lines(ex.ID)
	for i, l := range lines {
		if l.Seq != int64(i+1) {
			s.failf("stored line %d has seq %d: a gap", i+1, l.Seq)
		}
	}
	if int64(len(lines)) != ex.LineCount {
		s.failf("the run reports %d lines, %d are stored and served", ex.LineCount, len(lines))
	}
	return len(lines)
}

// TestUnwritableLogDirectory makes the data directory immutable, so the runs/ directory that
// holds logs past the first 256 KiB cannot be created, and starts a run printing ~600 KiB. The
// run must end failed with a storage failure, and its counts must be what was stored, not
// what was printed.
func TestUnwritableLogDirectory(t *testing.T) {
	t.Parallel()
	needRoot(t, "make the data directory immutable with chattr")
	s := startServer(t, serverOpts{})
	small := s.createTrigger(map[string]any{"promptTemplate": "[fake:success] {message}"})
	big := s.createTrigger(map[string]any{"promptTemplate": "[fake:lines:20000] {message}"})
	// A first small run creates what every run needs (the workspace); its log stays in the
	// database, so runs/ does not exist yet.
	if ex := s.waitFinished(s.runTrigger(small, "warm up"), time.Minute); ex.Status != "success" {
		s.failf("warm-up run = %+v", ex)
	}
	chattr(t, "+i", s.opts.home)
	tried(t, "chattr +i on the data directory (runs/ cannot be created), then a run printing 20,000 lines (~600 KiB)")
	ex := s.waitFinished(s.runTrigger(big, "print"), 2*time.Minute)
	chattr(t, "-i", s.opts.home)
	if !storageFailed(ex) {
		s.failf("run with an unwritable log directory ended %q, failure kind %q, error %q, %d lines reported; want failed with a storage failure kind",
			ex.Status, ex.FailureKind, ex.ErrorMessage, ex.LineCount)
	}
	stored := s.checkCounts(ex)
	s.mustBeHealthy()
	survived(t, "run %s ended %s/%s (%q), reports %d lines = %d stored and served; warnings %q",
		ex.ID, ex.Status, ex.FailureKind, ex.ErrorMessage, ex.LineCount, stored, ex.Warnings)
}

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

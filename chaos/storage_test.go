package chaos

import (
	"encoding/json"
	"os/exec"
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
	return ex.Status == "failed" && strings.Contains(ex.FailureKind, "storage")
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

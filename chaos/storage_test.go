package chaos

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
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

//go:build chaos

package chaos

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestHugePromptsKeepListsSmall queues five runs whose prompts hold 200 KiB each. A page of the
// execution list must stay smaller than one such prompt (lists carry a summary), while the
// detail route still returns the whole prompt.
func TestHugePromptsKeepListsSmall(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{})
	ids, texts := hugePromptRuns(s, 5)
	for _, id := range ids {
		s.waitFinished(id, time.Minute)
	}
	code, _, list := s.adminRaw("GET", "/admin/executions?limit=50", nil)
	tried(t, "5 runs with 200 KiB prompts, then GET /admin/executions?limit=50 and each run's detail")
	if code != http.StatusOK || len(list) >= 200<<10 {
		s.failf("list = %d with %d bytes; want 200 and fewer bytes than one 200 KiB prompt", code, len(list))
	}
	ex := s.execution(ids[0])
	if !strings.Contains(ex.Prompt, texts[0]) {
		s.failf("the detail of %s holds %d prompt bytes, not the whole 200 KiB message", ids[0], len(ex.Prompt))
	}
	survived(t, "list of 5 runs is %d bytes; the detail returns the whole %d-byte prompt", len(list), len(ex.Prompt))
}

// TestAdminRequiresJSON sends valid JSON labelled text/plain to every admin route that takes a
// body. A route that reads JSON must say 415, as the webhooks do, and change nothing.
func TestAdminRequiresJSON(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{})
	trig := s.createTrigger(map[string]any{"promptTemplate": "[fake:success] {message}"})
	tests := []struct {
		method, path, body string
	}{
		{"POST", "/admin/triggers", `{"name":"plain text","backendType":"claude","promptTemplate":"hi"}`},
		{"PUT", "/admin/triggers/" + trig, `{"name":"renamed by plain text","backendType":"claude","promptTemplate":"hi"}`},
		{"POST", "/admin/triggers/" + trig + "/run", `{"message":"plain"}`},
		{"POST", "/admin/triggers/" + trig + "/paths", `{"path":"/tmp"}`},
		{"POST", "/admin/triggers/" + trig + "/preview", `{}`},
	}
	for _, tt := range tests {
		code, _, raw := s.do(tt.method, tt.path, []byte(tt.body), map[string]string{"Content-Type": "text/plain", "X-API-Key": apiKey})
		tried(t, "%s %s with a JSON body labelled text/plain", tt.method, tt.path)
		if code != http.StatusUnsupportedMediaType {
			s.failf("%s %s as text/plain = %d %.300s; want 415", tt.method, tt.path, code, raw)
		}
		survived(t, "%s %s answered %d %.200s", tt.method, tt.path, code, raw)
	}
	if runs := s.executions(trig); len(runs) != 0 {
		s.failf("a text/plain request started %d runs", len(runs))
	}
	s.mustBeHealthy()
}

// TestLinkSystemDirectory links the filesystem root, system directories and /proc paths that
// lead to the root to a trigger, whose runs would then work there. Each must be refused with
// 400 and an error on the path, and nothing may be linked.
func TestLinkSystemDirectory(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{})
	trig := s.createTrigger(map[string]any{"promptTemplate": "[fake:success] {message}"})
	for _, dir := range []string{"/", "/etc", "/proc/self/cwd", "/proc/1/root", "/usr/bin"} {
		code, _, raw := s.adminRaw("POST", "/admin/triggers/"+trig+"/paths", map[string]string{"path": dir})
		var e errorBody
		_ = json.Unmarshal(raw, &e)
		tried(t, "link %s to a trigger", dir)
		if code != http.StatusBadRequest || e.Fields["path"] == "" {
			s.failf("linking %s = %d %.300s; want 400 with an error on path", dir, code, raw)
		}
		survived(t, "%s refused: %d %q", dir, code, e.Fields["path"])
	}
	var tr struct {
		Paths []any `json:"paths"`
	}
	if s.admin("GET", "/admin/triggers/"+trig, nil, &tr); len(tr.Paths) != 0 {
		s.failf("the refused paths left %d linked paths", len(tr.Paths))
	}
	s.mustBeHealthy()
}

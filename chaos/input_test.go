//go:build unix

package chaos

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// errorBody is every error the API answers.
type errorBody struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields"`
}

// TestHugePromptRuns checks that a legitimate 200 KiB prompt reaches the CLI and the run
// succeeds: one argv string is limited to 128 KiB on Linux, so such a prompt must travel
// another way (stdin or a file).
func TestHugePromptRuns(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{})
	ids, _ := hugePromptRuns(s, 1)
	ex := s.waitFinished(ids[0], time.Minute)
	tried(t, "a webhook run whose prompt holds a 200 KiB message")
	if ex.Status != "success" {
		s.failf("the 200 KiB prompt run ended %q, failure kind %q: %s", ex.Status, ex.FailureKind, ex.ErrorMessage)
	}
	survived(t, "run %s ended %s", ex.ID, ex.Status)
}

// TestTriggerFieldCaps saves triggers with a 1 MiB match value, match path, description or
// skill command (a huge match path or value would be evaluated on every webhook). Each must be
// refused with 400 and an error on the field, and nothing may be saved.
func TestTriggerFieldCaps(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{})
	huge := strings.Repeat("v", 1<<20)
	fields := []string{"matchFieldValue", "matchFieldPath", "description", "skillCommand"}
	for _, f := range fields {
		in := map[string]any{"name": "too long " + f, "backendType": "claude", "promptTemplate": "[fake:success] {message}",
			"triggerSource": "webhook", "matchFieldPath": "event", "matchFieldValue": "x", "textFieldPath": "text"}
		in[f] = huge
		code, _, raw := s.adminRaw("POST", "/admin/triggers", in)
		var e errorBody
		_ = json.Unmarshal(raw, &e)
		tried(t, "create a trigger with a 1 MiB %s", f)
		if code != http.StatusBadRequest || e.Fields[f] == "" {
			s.failf("1 MiB %s = %d %.300s; want 400 with an error on %s", f, code, raw, f)
		}
		survived(t, "1 MiB %s refused: %d %q", f, code, e.Fields[f])
	}
	var list struct {
		Triggers []struct{ Name string } `json:"triggers"`
	}
	s.admin("GET", "/admin/triggers", nil, &list)
	for _, tr := range list.Triggers {
		if strings.HasPrefix(tr.Name, "too long") {
			s.failf("refused trigger %q was saved", tr.Name)
		}
	}
	s.mustBeHealthy()
}

// hugePromptRuns sends n webhooks, each with a distinct 200 KiB text (under the cap), and
// returns their run ids.
func hugePromptRuns(s *server, n int) ([]string, []string) {
	s.t.Helper()
	s.webhookTrigger("big-but-allowed", "[fake:success] {message}")
	var ids, texts []string
	for i := range n {
		text := fmt.Sprintf("%d-%d ", i, time.Now().UnixNano()) + strings.Repeat("y", 200<<10)
		code, body := s.webhook([]byte(`{"event":"big-but-allowed","text":"`+text+`"}`), nil)
		var ans struct {
			Dispatched []struct{ ExecutionID string } `json:"dispatched"`
		}
		if err := json.Unmarshal(body, &ans); err != nil || code != http.StatusAccepted || len(ans.Dispatched) != 1 {
			s.failf("200 KiB webhook %d = %d %.300s; want 202 with one run", i, code, body)
		}
		ids = append(ids, ans.Dispatched[0].ExecutionID)
		texts = append(texts, text)
	}
	return ids, texts
}

// TestHugeWebhookText sends a public webhook whose text field is 300 KiB, past the 256 KiB a
// delivery may put into a prompt. It must be refused with 413 and a reason, and nothing may be
// queued for it.
func TestHugeWebhookText(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOpts{})
	trig := s.webhookTrigger("huge", "[fake:success] {message}")
	text := strings.Repeat("x", 300<<10)
	code, body := s.webhook([]byte(`{"event":"huge","text":"`+text+`"}`), nil)
	tried(t, "POST / with a 300 KiB text field to a trigger that puts it into the prompt")
	if code != http.StatusRequestEntityTooLarge {
		s.failf("300 KiB webhook text = %d %.300s; want 413", code, body)
	}
	if runs := s.executions(trig); len(runs) != 0 {
		s.failf("the refused webhook queued %d runs", len(runs))
	}
	s.mustBeHealthy()
	survived(t, "answered %d %.200s; no run queued", code, body)
}

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

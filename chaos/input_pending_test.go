//go:build chaos

package chaos

import (
	"net/http"
	"testing"
)

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

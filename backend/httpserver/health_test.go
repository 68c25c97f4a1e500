package httpserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/httpserver"
)

func TestReadiness(t *testing.T) {
	t.Parallel()
	healthy := map[string]httpserver.Check{"database": {Status: httpserver.CheckOK}, "scheduler": {Status: httpserver.CheckOK}}
	sick := map[string]httpserver.Check{"database": {Status: httpserver.CheckOK}, "keyring": {Status: httpserver.CheckError, Error: "locked"}}
	tests := []struct {
		name       string
		checks     map[string]httpserver.Check
		header     map[string]string
		status     int
		wantKeys   string
		wantStatus string
	}{
		{"no key: status and timestamp only", sick, nil, http.StatusOK, "status,timestamp", "ok"},
		{"wrong key: the same", sick, map[string]string{"X-API-Key": "wrong"}, http.StatusOK, "status,timestamp", "ok"},
		{"key, healthy", healthy, withKey(nil), http.StatusOK, "components,status,timestamp", "ok"},
		{"key, degraded", sick, withKey(nil), http.StatusServiceUnavailable, "components,status,timestamp", "degraded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var ran bool
			f := start(t, func(_ *httpserver.Config, d *httpserver.Deps) {
				d.Readiness = func(ctx context.Context) map[string]httpserver.Check {
					ran = true
					if _, ok := ctx.Deadline(); !ok {
						t.Error("checks run without a deadline")
					}
					return tt.checks
				}
			})
			resp := f.do(t, req{path: "/health/readiness", header: tt.header})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			var body map[string]json.RawMessage
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			keys := make([]string, 0, len(body))
			for k := range body {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if got := strings.Join(keys, ","); got != tt.wantKeys {
				t.Fatalf("keys %s, want %s", got, tt.wantKeys)
			}
			var status, ts string
			_ = json.Unmarshal(body["status"], &status)
			_ = json.Unmarshal(body["timestamp"], &ts)
			if status != tt.wantStatus {
				t.Fatalf("status %q, want %q", status, tt.wantStatus)
			}
			if _, err := time.Parse(time.RFC3339, ts); err != nil || !strings.HasSuffix(ts, "Z") {
				t.Fatalf("timestamp %q: %v", ts, err)
			}
			if ran != (tt.header["X-API-Key"] == testKey) {
				t.Fatalf("checks ran=%v for header %v: anonymous probes must not run them", ran, tt.header)
			}
			if tt.wantStatus == "degraded" && !strings.Contains(string(body["components"]), `"locked"`) {
				t.Fatalf("components %s", body["components"])
			}
		})
	}
}

func TestLiveness(t *testing.T) {
	t.Parallel()
	f := start(t, func(_ *httpserver.Config, d *httpserver.Deps) { d.APIKey = nil })
	if resp := f.do(t, req{path: "/health/liveness"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

package httpserver_test

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/logging"
)

var generatedID = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestRequestIDKeptWhenWellFormedReplacedOtherwise(t *testing.T) {
	t.Parallel()
	f := start(t)
	long := strings.Repeat("a", 129)
	tests := []struct {
		name, sent string
		path       string
		keep       bool
	}{
		{"uuid", "7b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3", "/health/liveness", true},
		{"dots and underscores", "gh.delivery_42", "/health/liveness", true},
		{"128 chars", strings.Repeat("b", 128), "/health/liveness", true},
		{"kept on a 401 too", "trace-401", "/admin/ping", true},
		{"absent", "", "/health/liveness", false},
		{"space", "bad id", "/health/liveness", false},
		{"too long", long, "/health/liveness", false},
		{"log injection", `x","level":"ERROR`, "/admin/ping", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := map[string]string{}
			if tt.sent != "" {
				h["X-Request-ID"] = tt.sent
			}
			resp := f.do(t, req{path: tt.path, header: h})
			got := resp.Header.Get("X-Request-ID")
			if tt.keep && got != tt.sent {
				t.Fatalf("X-Request-ID %q, want the client's %q", got, tt.sent)
			}
			if !tt.keep && !generatedID.MatchString(got) {
				t.Fatalf("X-Request-ID %q, want a generated id", got)
			}
		})
	}
}

func TestEveryLogLineOfARequestCarriesItsID(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := logging.New(logging.Options{Dir: dir, Level: slog.LevelDebug})
	if err != nil {
		t.Fatal(err)
	}
	f := start(t, func(_ *httpserver.Config, d *httpserver.Deps) { d.Log = l.Logger })
	ids := map[string]int{}
	for _, r := range []req{
		{path: "/admin/work", header: withKey(map[string]string{"X-Request-ID": "req-work-1"})},
		{path: "/admin/panic", header: withKey(nil)}, // logs an error line of its own
		{path: "/admin/ping"}, // 401
	} {
		resp := f.do(t, r)
		ids[resp.Header.Get("X-Request-ID")] = 0
	}
	f.close()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	lines := readJSONLines(t, filepath.Join(dir, logging.FileName))
	sawService := false
	for _, line := range lines {
		id, _ := line["request_id"].(string)
		if _, ok := ids[id]; !ok {
			t.Errorf("line without this request's id: %v", line)
			continue
		}
		ids[id]++
		if line["msg"] == "stub service did work" {
			sawService = id == "req-work-1"
		}
	}
	if !sawService {
		t.Error("the service's line did not carry req-work-1")
	}
	for id, n := range ids {
		if n < 1 {
			t.Errorf("request %s logged nothing (no access line)", id)
		}
	}
	if ids["req-work-1"] != 2 {
		t.Errorf("req-work-1 has %d lines, want the service line and one access line", ids["req-work-1"])
	}
}

func TestAccessLineFields(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := logging.New(logging.Options{Dir: dir, Level: slog.LevelInfo})
	if err != nil {
		t.Fatal(err)
	}
	f := start(t, func(_ *httpserver.Config, d *httpserver.Deps) { d.Log = l.Logger })
	f.do(t, req{path: "/admin/ping?token=should-not-be-logged", header: withKey(map[string]string{"X-Request-ID": "acc-1"})})
	f.close()
	_ = l.Close()
	lines := readJSONLines(t, filepath.Join(dir, logging.FileName))
	if len(lines) != 1 {
		t.Fatalf("%d lines, want one access line: %v", len(lines), lines)
	}
	a := lines[0]
	if a["method"] != http.MethodGet || a["path"] != "/admin/ping" || a["status"] != float64(200) ||
		a["ip"] != "127.0.0.1" || a["request_id"] != "acc-1" || a["bytes"].(float64) <= 0 {
		t.Fatalf("access line %v", a)
	}
	if _, ok := a["duration_ms"].(float64); !ok {
		t.Fatalf("no duration_ms: %v", a)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, logging.FileName))
	if strings.Contains(string(raw), "should-not-be-logged") || strings.Contains(string(raw), testKey) {
		t.Fatal("the query string or the API key reached the log")
	}
}

func readJSONLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []map[string]any
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		out = append(out, m)
	}
	return out
}

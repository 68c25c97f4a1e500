package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// startServeApp starts the whole backend in serve mode, in process, with the listener on a free
// loopback port and the fake claude on PATH.
func startServeApp(t *testing.T, extraEnv ...string) (*App, string) {
	t.Helper()
	cliDir := fakeClaudeDir(t)
	env := map[string]string{
		"PATH": cliDir + string(os.PathListSeparator) + os.Getenv("PATH"), "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent",
		"AGENTED_API_KEY": testAPIKey,
	}
	for i := 0; i+1 < len(extraEnv); i += 2 {
		env[extraEnv[i]] = extraEnv[i+1]
	}
	a := NewApp(AppOptions{DataDir: t.TempDir(), Mode: modeServe, Version: "test", Keyring: secret.NewMemoryKeyring(),
		Getenv: func(k string) string { return env[k] }, Listen: "127.0.0.1:0"})
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Stop(context.Background()) })
	st := a.listener.Status()
	if !st.Running {
		t.Fatalf("listener not running: %+v", st)
	}
	return a, st.BaseURL
}

// TestEveryLogLineOfARequestCarriesItsRequestID sends requests with chosen X-Request-IDs through
// the real stack and reads the app's log file: the access line and the lines the trigger service
// and the engine wrote while serving each request all carry that request's id.
func TestEveryLogLineOfARequestCarriesItsRequestID(t *testing.T) {
	a, base := startServeApp(t)
	send := func(method, path, rid, body string) []byte {
		req, _ := http.NewRequest(method, base+path, bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-API-Key", testAPIKey)
		req.Header.Set("X-Request-ID", rid)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if got := resp.Header.Get("X-Request-ID"); got != rid {
			t.Errorf("X-Request-ID echoed %q, want %q", got, rid)
		}
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s = %d %s", method, path, resp.StatusCode, raw)
		}
		return raw
	}
	var tr struct{ ID string }
	_ = json.Unmarshal(send("POST", "/admin/triggers", "rid-create-1", `{"name":"rid test","promptTemplate":"[fake:success] hi","backendType":"claude"}`), &tr)
	send("POST", "/admin/triggers/"+tr.ID+"/run", "rid-run-2", `{"message":"x"}`)

	// Which messages each request must have logged, with its own id.
	want := map[string][]string{
		"rid-create-1": {"trigger created", "trigger created over REST", "http request"},
		"rid-run-2":    {"run queued", "http request"},
	}
	f, err := os.Open(filepath.Join(a.paths.LogDir, "agented.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Msg       string `json:"msg"`
			RequestID string `json:"request_id"`
			TriggerID string `json:"trigger_id"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		if line.TriggerID == tr.ID && (line.Msg == "trigger created" || line.Msg == "run queued") && line.RequestID == "" {
			t.Errorf("%q was logged while serving a request but has no request_id: %s", line.Msg, sc.Text())
		}
		if seen[line.RequestID] == nil {
			seen[line.RequestID] = map[string]bool{}
		}
		seen[line.RequestID][line.Msg] = true
	}
	for rid, msgs := range want {
		for _, m := range msgs {
			if !seen[rid][m] {
				t.Errorf("no %q line with request_id %s; lines with it: %v", m, rid, seen[rid])
			}
		}
	}
}

// readSSE reads frames from an SSE body until stop returns true or the body ends, and returns the
// `line` events' ids in order.
func readSSE(t *testing.T, body io.Reader, stop func(event string) bool) (ids []int64, sawComplete bool) {
	t.Helper()
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var id, event string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "id: "):
			id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case line == "":
			if event == "line" {
				n, err := strconv.ParseInt(id, 10, 64)
				if err != nil {
					t.Fatalf("line event with id %q", id)
				}
				ids = append(ids, n)
			}
			if event == "complete" {
				return ids, true
			}
			if event != "" && stop(event) {
				return ids, false
			}
			id, event = "", ""
		}
	}
	return ids, false
}

// TestStreamResumesThroughTheListener follows a live run's SSE stream through the real listener
// (key check, body limit, request ids, security headers), drops the connection part way, and
// resumes with Last-Event-ID: together the two connections deliver every line exactly once.
func TestStreamResumesThroughTheListener(t *testing.T) {
	a, base := startServeApp(t)
	tr, err := a.triggers.Create(context.Background(), trigger.Trigger{
		Name: "streamer", PromptTemplate: "[fake:lines:300:300] go", BackendType: "claude", Enabled: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := a.engine.Submit(context.Background(), execution.Request{TriggerID: tr.ID, Kind: execution.KindManual})
	if err != nil {
		t.Fatal(err)
	}
	open := func(lastID string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, base+"/admin/executions/"+ex.ID+"/stream/", nil)
		req.Header.Set("X-API-Key", testAPIKey)
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" ||
			resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Request-ID") == "" {
			t.Fatalf("stream answered %d %v", resp.StatusCode, resp.Header)
		}
		return resp
	}
	first := open("")
	got := 0
	ids, _ := readSSE(t, first.Body, func(string) bool { got++; return got > 40 })
	first.Body.Close()
	if len(ids) == 0 {
		t.Fatal("no line before the drop")
	}
	second := open(strconv.FormatInt(ids[len(ids)-1], 10))
	rest, complete := readSSE(t, second.Body, func(string) bool { return false })
	second.Body.Close()
	if !complete {
		t.Fatal("the resumed stream ended without a complete event")
	}
	all := append(ids, rest...)
	for i, id := range all {
		if id != int64(i+1) {
			t.Fatalf("line %d has id %d: a gap or a duplicate across the reconnect (first %d, resumed %d)", i+1, id, len(ids), len(rest))
		}
	}
	done, _ := a.engine.Get(context.Background(), ex.ID)
	if int64(len(all)) != done.LineCount {
		t.Fatalf("streamed %d lines, the run stored %d", len(all), done.LineCount)
	}
}

// TestReadinessThroughTheListener: anonymous callers learn only that the listener is up; with the
// key the app's own component checks answer.
func TestReadinessThroughTheListener(t *testing.T) {
	_, base := startServeApp(t)
	get := func(key string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, base+"/health/readiness", nil)
		if key != "" {
			req.Header.Set("X-API-Key", key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, body
	}
	if code, body := get(""); code != http.StatusOK || len(body) != 2 || body["status"] != "ok" || body["timestamp"] == nil {
		t.Fatalf("anonymous readiness = %d %v", code, body)
	}
	code, body := get(testAPIKey)
	comps, _ := body["components"].(map[string]any)
	if code != http.StatusOK || body["status"] != "ok" {
		t.Fatalf("readiness with key = %d %v", code, body)
	}
	for _, c := range []string{"database", "engine", "scheduler", "keyring", "disk"} {
		if m, _ := comps[c].(map[string]any); m == nil || m["status"] != "ok" {
			t.Errorf("component %s = %v", c, comps[c])
		}
	}
}

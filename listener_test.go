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
	"testing"

	"github.com/agented/agented/backend/secret"
)

// startServeApp starts the whole backend in serve mode, in process, with the listener on a free
// loopback port and the fake claude on PATH.
func startServeApp(t *testing.T) (*App, string) {
	t.Helper()
	cliDir := fakeClaudeDir(t)
	env := map[string]string{
		"PATH": cliDir + string(os.PathListSeparator) + os.Getenv("PATH"), "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent",
		"AGENTED_API_KEY": testAPIKey,
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

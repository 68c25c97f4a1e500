package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// testAPIKey is an obviously fake key for the test server.
const testAPIKey = "test-key-0123456789abcdef"

// serveProc is one `agented serve` process under test.
type serveProc struct {
	t      testing.TB
	cmd    *exec.Cmd
	base   string
	stderr *lockedBuffer
	done   chan error
}

// fakeClaudeDir builds the fake agent CLI as `claude` into a directory for PATH.
func fakeClaudeDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "claude"), "./testdata/fakeagent")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build fake claude: %v\n%s", err, out)
	}
	return dir
}

// startServe starts `agented serve --listen 127.0.0.1:0` on home and waits for its banner.
func startServe(t testing.TB, bin, home, cliDir string) *serveProc {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0")
	cmd.Env = append(filteredEnv("DISPLAY", "WAYLAND_DISPLAY", "AGENTED_HOME", "DBUS_SESSION_BUS_ADDRESS", "PATH", "AGENTED_LISTEN"),
		"AGENTED_HOME="+home, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "AGENTED_API_KEY="+testAPIKey,
		"PATH="+cliDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return launchServe(t, cmd)
}

// launchServe starts a prepared `agented serve` command, waits for its "listening: URL" banner
// and kills it when the test ends.
func launchServe(t testing.TB, cmd *exec.Cmd) *serveProc {
	t.Helper()
	stdout, _ := cmd.StdoutPipe()
	p := &serveProc{t: t, cmd: cmd, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	base := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "listening: "); ok {
				base <- u
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() { p.done <- cmd.Wait() }()
	select {
	case p.base = <-base:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("serve never printed its address; stderr:\n%s", p.stderr.String())
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return p
}

// stop sends SIGTERM and requires a clean exit.
func (p *serveProc) stop() {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.t.Fatal(err)
	}
	select {
	case err := <-p.done:
		if err != nil {
			p.t.Fatalf("serve exit: %v\n%s", err, p.stderr.String())
		}
	case <-time.After(30 * time.Second):
		p.t.Fatalf("serve did not stop within 30 s of SIGTERM\n%s", p.stderr.String())
	}
}

// call sends a JSON request with the API key and decodes the JSON answer into out (if non-nil).
func (p *serveProc) call(method, path string, body any, out any) int {
	p.t.Helper()
	code, raw := apiRequest(p.t, p.base, method, path, body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			p.t.Fatalf("%s %s: %d %s: %v", method, path, code, raw, err)
		}
	}
	return code
}

// apiRequest sends a JSON request with the API key to a running serve and returns the status
// and the answer's body.
func apiRequest(tb testing.TB, base, method, path string, body any) (int, []byte) {
	tb.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", testAPIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

type execBody struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Prompt    string `json:"prompt"`
	LineCount int64  `json:"lineCount"`
}

type linesBody struct {
	Lines []struct {
		Seq  int64  `json:"seq"`
		Text string `json:"text"`
	} `json:"lines"`
	Next int64 `json:"next"`
}

// TestServeDrivenOverHTTP drives `agented serve` as a script would: key checks, trigger CRUD, a
// run that is still printing when SIGTERM arrives, and a generic webhook whose dedup key must
// outlive the restart. After the restart the run is `interrupted` with every stored line in
// sequence, and the same webhook payload is reported as a duplicate.
func TestServeDrivenOverHTTP(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	cliDir := fakeClaudeDir(t)
	home := t.TempDir()
	p := startServe(t, bin, home, cliDir)

	resp, err := http.Get(p.base + "/admin/triggers")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET /admin/triggers without key = %d, want 401", resp.StatusCode)
	}
	var list struct {
		Triggers []struct{ ID string } `json:"triggers"`
	}
	if code := p.call("GET", "/admin/triggers/", nil, &list); code != http.StatusOK || len(list.Triggers) < 2 {
		t.Fatalf("GET /admin/triggers/ = %d with %d triggers", code, len(list.Triggers))
	}

	var slow struct{ ID string }
	if code := p.call("POST", "/admin/triggers", map[string]any{
		"name": "slow printer", "promptTemplate": "[fake:lines:100000:200] {message}", "backendType": "claude",
	}, &slow); code != http.StatusCreated {
		t.Fatalf("create = %d", code)
	}
	var run struct{ ExecutionID string }
	if code := p.call("POST", "/admin/triggers/"+slow.ID+"/run", map[string]string{"message": "go"}, &run); code != http.StatusAccepted || run.ExecutionID == "" {
		t.Fatalf("run = %d %+v", code, run)
	}
	waitFor(t, 30*time.Second, "lines stored", func() bool {
		var ex execBody
		p.call("GET", "/admin/executions/"+run.ExecutionID, nil, &ex)
		return ex.Status == "running" && ex.LineCount > 20
	})

	var hook struct{ ID string }
	if code := p.call("POST", "/admin/triggers", map[string]any{
		"name": "deploy hook", "promptTemplate": "[fake:success] {message}", "backendType": "claude",
		"triggerSource": "webhook", "matchFieldPath": "event", "matchFieldValue": "deploy", "textFieldPath": "text",
	}, &hook); code != http.StatusCreated {
		t.Fatalf("create webhook trigger = %d", code)
	}
	payload := `{"event":"deploy","text":"ship it","n":1}`
	first := postWebhook(t, p.base, payload)
	if len(first.Dispatched) != 1 || first.Dispatched[0].TriggerID != hook.ID {
		t.Fatalf("first delivery = %+v\n%s", first, p.stderr.String())
	}
	sent := time.Now()

	p.stop()
	p = startServe(t, bin, home, cliDir)
	if took := time.Since(sent); took > 9*time.Second {
		t.Fatalf("restart took %s, longer than the 10 s dedup window this test relies on", took)
	}
	again := postWebhook(t, p.base, payload)
	if len(again.Dispatched) != 0 || len(again.Duplicates) != 1 || again.Duplicates[0] != hook.ID {
		t.Fatalf("delivery after restart = %+v, want a duplicate of %s", again, hook.ID)
	}

	var ex execBody
	p.call("GET", "/admin/executions/"+run.ExecutionID, nil, &ex)
	if ex.Status != "interrupted" && ex.Status != "cancelled" && ex.Status != "success" {
		t.Fatalf("run after SIGTERM is %q", ex.Status)
	}
	if !strings.Contains(ex.Prompt, "go") {
		t.Errorf("prompt %q lacks the message", ex.Prompt)
	}
	var seq int64
	for after := int64(0); ; {
		var page linesBody
		p.call("GET", fmt.Sprintf("/admin/executions/%s/lines?after=%d&limit=1000", run.ExecutionID, after), nil, &page)
		for _, l := range page.Lines {
			if l.Seq != seq+1 {
				t.Fatalf("line %d follows %d: a gap in the stored log", l.Seq, seq)
			}
			seq = l.Seq
		}
		if page.Next == 0 {
			break
		}
		after = page.Next
	}
	if seq < 20 || seq < ex.LineCount {
		t.Fatalf("stored %d lines, execution says %d", seq, ex.LineCount)
	}
	p.stop()
}

type webhookAnswer struct {
	Dispatched []struct {
		TriggerID   string `json:"triggerId"`
		ExecutionID string `json:"executionId"`
	} `json:"dispatched"`
	Duplicates []string `json:"duplicates"`
}

func postWebhook(t *testing.T, base, payload string) webhookAnswer {
	t.Helper()
	resp, err := http.Post(base+"/", "application/json", strings.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out webhookAnswer
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted && resp.StatusCode != http.StatusOK {
		t.Fatalf("POST / = %d %s", resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("POST / answer %s: %v", raw, err)
	}
	return out
}

func waitFor(t *testing.T, timeout time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

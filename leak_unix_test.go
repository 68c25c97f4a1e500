//go:build unix

package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// nobodyID is the unprivileged user the leak test runs Agented as. Root may read any process's
// environ whatever its dumpable flag, so as root the test would prove nothing.
const nobodyID = 65534

const leakGitHubSecret = "gh-webhook-secret-3c9d1e7f20"

// leakSetup is a directory nobody can use: the agented binary, the fake CLI as `claude`, a data
// directory it owns, and a file a CLI could stumble on that holds both secrets.
type leakSetup struct {
	dir, bin, home, leakFile string
}

func newLeakSetup(t *testing.T) leakSetup {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to run agented as an unprivileged user")
	}
	dir, err := os.MkdirTemp("", "agented-leak-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := leakSetup{dir: dir, bin: filepath.Join(dir, "agented"), home: filepath.Join(dir, "home"), leakFile: filepath.Join(dir, "found.env")}
	for _, b := range []struct{ out, pkg string }{{s.bin, "."}, {filepath.Join(dir, "claude"), "./testdata/fakeagent"}} {
		cmd := exec.Command("go", "build", "-o", b.out, b.pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", b.pkg, err, out)
		}
	}
	if err := os.WriteFile(s.leakFile, []byte("AGENTED_API_KEY="+testAPIKey+"\nGITHUB_WEBHOOK_SECRET="+leakGitHubSecret+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(s.home, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(s.home, nobodyID, nobodyID); err != nil {
		t.Fatal(err)
	}
	return s
}

// env is what agented (and so, minus its own secrets, the CLI) starts with.
func (s leakSetup) env() []string {
	return []string{"AGENTED_HOME=" + s.home, "HOME=" + s.home, "PATH=" + s.dir + ":/usr/bin:/bin",
		"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "SHELL=/bin/sh",
		"AGENTED_API_KEY=" + testAPIKey, "GITHUB_WEBHOOK_SECRET=" + leakGitHubSecret,
		"FAKEAGENT_LEAK_FILE=" + s.leakFile}
}

// TestRunCannotReadAgentedSecrets starts `agented serve` as an unprivileged user with its API key
// and GitHub secret in its environment, and runs a CLI that reads /proc/<agented pid>/environ and
// prints a file holding both secrets. Reading the environ is refused (agented is non-dumpable),
// and the secrets the CLI did print are [REDACTED] in the stored lines and in the stream.
func TestRunCannotReadAgentedSecrets(t *testing.T) {
	t.Parallel()
	s := newLeakSetup(t)
	cmd := exec.Command(s.bin, "serve", "--listen", "127.0.0.1:0")
	cmd.Env = s.env()
	cmd.Dir = s.home
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobodyID, Gid: nobodyID}}
	p := launchServe(t, cmd)

	var tr struct{ ID string }
	if code := p.call("POST", "/admin/triggers", map[string]any{
		"name": "leaky", "promptTemplate": "[fake:leak] {message}", "backendType": "claude",
	}, &tr); code != 201 {
		t.Fatalf("create trigger = %d", code)
	}
	var run struct{ ExecutionID string }
	if code := p.call("POST", "/admin/triggers/"+tr.ID+"/run", map[string]string{"message": "look around"}, &run); code != 202 {
		t.Fatalf("run = %d", code)
	}
	var ex execBody
	waitFor(t, 60*time.Second, "the run to end", func() bool {
		p.call("GET", "/admin/executions/"+run.ExecutionID, nil, &ex)
		return ex.Status != "queued" && ex.Status != "running"
	})
	var lines []string
	for after := int64(0); ; {
		var page linesBody
		p.call("GET", fmt.Sprintf("/admin/executions/%s/lines?after=%d&limit=1000", run.ExecutionID, after), nil, &page)
		for _, l := range page.Lines {
			lines = append(lines, l.Text)
		}
		if page.Next == 0 {
			break
		}
		after = page.Next
	}
	stored := strings.Join(lines, "\n")
	environ := ""
	for _, l := range lines {
		if strings.HasPrefix(l, fmt.Sprintf("environ of %d ", cmd.Process.Pid)) {
			environ = l
		}
	}
	if !strings.Contains(environ, "permission denied") {
		t.Errorf("the CLI read agented's environment (pid %d): %q\nall lines:\n%s", cmd.Process.Pid, environ, clipText(stored, 3000))
	}

	streamed := readStream(t, p.base, run.ExecutionID)
	for view, text := range map[string]string{"/lines": stored, "the stream": streamed} {
		for _, secret := range []string{testAPIKey, leakGitHubSecret} {
			if strings.Contains(text, secret) {
				t.Errorf("%s show the secret %q", view, secret)
			}
		}
		if n := strings.Count(text, "[REDACTED]"); n < 2 {
			t.Errorf("%s hold %d [REDACTED], want the leaked file's two secrets redacted:\n%s", view, n, clipText(text, 3000))
		}
	}
	t.Logf("the CLI saw: %s", environ)
	p.stop()
}

// TestUnprivilegedChildReadsADumpableParent is the control for the test above: the same fake CLI,
// as the same unprivileged user, reads the environment of a parent that did not make itself
// non-dumpable (a shell). It shows the refusal above comes from agented, not from the setup.
func TestUnprivilegedChildReadsADumpableParent(t *testing.T) {
	t.Parallel()
	s := newLeakSetup(t)
	cmd := exec.Command("/bin/sh", "-c", `claude -p "[fake:leak] look" --output-format stream-json --verbose; true`)
	cmd.Env = s.env()
	cmd.Dir = s.home
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobodyID, Gid: nobodyID}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "AGENTED_API_KEY="+testAPIKey) {
		t.Fatalf("the child could not read its dumpable parent's environment:\n%s", clipText(string(out), 3000))
	}
}

// readStream reads a finished run's SSE stream to its complete event and returns the data lines.
func readStream(t *testing.T, base, id string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/admin/executions/"+id+"/stream/", nil)
	req.Header.Set("X-API-Key", testAPIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 8<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "event: complete") {
			break
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			b.WriteString(data + "\n")
		}
	}
	return b.String()
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

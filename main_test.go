package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// builtBinary compiles agented once per run of the tests, as `make build` stamps it (without
// the desktop tag, which only the window needs), into a directory TestMain removes.
var builtBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "agented-test-bin-")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "agented")
	cmd := exec.Command("go", "build", "-ldflags", "-X main.version=v0.0.0-test", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build: %w\n%s", err, out)
	}
	return bin, nil
})

// binDir holds the built binary; set inside builtBinary, so read only after it has run.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildBinary returns the path of the agented binary the tests run, building it on first use.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin, err := builtBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestVersionFlag(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(buildBinary(t), "--version").Output()
	if err != nil || strings.TrimSpace(string(out)) != "agented v0.0.0-test (commit unknown, built unknown)" {
		t.Fatalf("--version = %q, %v", out, err)
	}
}

func TestBadArgs(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"--no-such-flag"}, "flag provided but not defined"},
		{[]string{"serve", "--nope"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		stderr.Reset()
		if code := run(tt.args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("run(%v) = %d, stderr %q", tt.args, code, stderr.String())
		}
	}
}

// TestServeStartsAndStopsCleanly runs `agented serve` (and plain `agented` with no display) as a
// real process: it must migrate, log JSON to stderr, say where its data and logs are, and exit 0
// on SIGTERM / SIGINT with "agented stopped" logged.
func TestServeStartsAndStopsCleanly(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	tests := []struct {
		name    string
		args    []string
		display string
		signal  syscall.Signal
		banner  string
	}{
		{"serve SIGTERM", []string{"serve"}, "", syscall.SIGTERM, ""},
		{"no display falls back to serve, SIGINT", nil, "", syscall.SIGINT, "no display found"},
		// The test binary is built without the desktop tag, as `make build-headless` builds it.
		{"a build without a window serves even with a display", nil, ":99", syscall.SIGTERM, "this build has no window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			cmd := exec.Command(bin, tt.args...)
			cmd.Env = append(filteredEnv("DISPLAY", "WAYLAND_DISPLAY", "AGENTED_HOME", "DBUS_SESSION_BUS_ADDRESS"),
				"AGENTED_HOME="+home, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "AGENTED_LISTEN=127.0.0.1:0")
			if tt.display != "" {
				cmd.Env = append(cmd.Env, "DISPLAY="+tt.display)
			}
			stdout, _ := cmd.StdoutPipe()
			var stderr lockedBuffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			ready := make(chan string, 1)
			go func() {
				var all strings.Builder
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					all.WriteString(sc.Text() + "\n")
					if strings.Contains(sc.Text(), "stop with") {
						ready <- all.String()
					}
				}
				_, _ = io.Copy(io.Discard, stdout)
			}()
			var banner string
			select {
			case banner = <-ready:
			case <-time.After(60 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("serve never became ready; stderr:\n%s", stderr.String())
			}
			for _, want := range []string{"serving headless", "data: " + home, "logs: " + filepath.Join(home, "logs", "agented.log"),
				"listening: http://127.0.0.1:", "closed until an API key is set"} {
				if !strings.Contains(banner, want) {
					t.Errorf("banner lacks %q:\n%s", want, banner)
				}
			}
			if err := cmd.Process.Signal(tt.signal); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit: %v\n%s", err, stderr.String())
				}
			case <-time.After(20 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("did not stop within 20 s of the signal")
			}
			errOut := stderr.String()
			if tt.banner != "" && !strings.Contains(errOut, tt.banner) {
				t.Errorf("stderr lacks %q", tt.banner)
			}
			msgs := jsonMessages(t, errOut)
			for _, want := range []string{"agented starting", "store ready", "keyring checked", "agented stopped"} {
				if !msgs[want] {
					t.Errorf("stderr has no JSON line %q:\n%s", want, errOut)
				}
			}
			logFile, err := os.ReadFile(filepath.Join(home, "logs", "agented.log"))
			if err != nil || !bytes.Contains(logFile, []byte(`"msg":"agented stopped"`)) {
				t.Errorf("log file incomplete (%v):\n%s", err, logFile)
			}
			if _, err := os.Stat(filepath.Join(home, "agented.db")); err != nil {
				t.Errorf("no database: %v", err)
			}
		})
	}
}

func jsonMessages(t *testing.T, s string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var m struct{ Msg string }
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Errorf("stderr line is not JSON: %q", line)
			continue
		}
		out[m.Msg] = true
	}
	return out
}

func filteredEnv(drop ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		keep := true
		for _, d := range drop {
			if strings.HasPrefix(kv, d+"=") {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

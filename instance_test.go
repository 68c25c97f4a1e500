package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSecondProcessOnTheSameDataDirIsRefused runs two real processes on one data directory: the
// second, whether `agented serve` or plain `agented` without a display, exits 1 naming the PID of
// the first and leaves the first's store and log alone; once the first stops, the directory is
// free again.
func TestSecondProcessOnTheSameDataDirIsRefused(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	home := t.TempDir()
	cli := t.TempDir()
	first := startServe(t, bin, home, cli)
	pid := strconv.Itoa(first.cmd.Process.Pid)

	tests := []struct {
		name string
		args []string
	}{
		{"serve", []string{"serve", "--listen", "127.0.0.1:0"}},
		{"serve with --data-dir", []string{"serve", "--listen", "127.0.0.1:0", "--data-dir", home}},
		{"desktop without a display", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Env = append(filteredEnv("DISPLAY", "WAYLAND_DISPLAY", "AGENTED_HOME", "DBUS_SESSION_BUS_ADDRESS", "AGENTED_LISTEN"),
				"AGENTED_HOME="+home, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			done := make(chan error, 1)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if code := cmd.ProcessState.ExitCode(); code != 1 {
					t.Fatalf("exit = %d (%v), want 1\nstdout:\n%s\nstderr:\n%s", code, err, stdout.String(), stderr.String())
				}
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("the second process kept running\nstdout:\n%s", stdout.String())
			}
			for _, want := range []string{"(PID " + pid + ")", "already using the data directory " + home, "agented.lock"} {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			if strings.Contains(stdout.String(), "serving headless") {
				t.Errorf("the second process claims to serve:\n%s", stdout.String())
			}
		})
	}
	// A refused process stops before it opens the log or the store.
	logFile, err := os.ReadFile(filepath.Join(home, "logs", "agented.log"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(logFile, []byte(`"msg":"agented starting"`)); n != 1 {
		t.Errorf("the log has %d starts, want only the first process's", n)
	}
	if code := first.call("GET", "/admin/triggers", nil, nil); code != 200 {
		t.Fatalf("the first process stopped answering: %d", code)
	}
	first.stop()
	// The lock goes with the process: the next start takes the directory.
	startServe(t, bin, home, cli).stop()
}

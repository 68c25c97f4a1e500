package clidetect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/agented/agented/backend/proc"
)

// readVersion runs `path --version` with stdin closed and the merged PATH, and returns its first
// non-empty output line. codex and opencode wait on an open stdin, hence /dev/null.
func readVersion(ctx context.Context, path, searchPath string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "--version")
	cmd.Stdin = nil
	cmd.Env = withPath(os.Environ(), searchPath)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &limited{w: &stdout, n: 64 << 10}
	cmd.Stderr = &limited{w: &stderr, n: 64 << 10}
	// Node shims (codex) spawn the real binary as a child; it must not outlive the check.
	proc.Isolate(cmd, 2*time.Second)
	err := cmd.Run()
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "", fmt.Errorf("`%s --version` did not finish within %s", path, timeout)
	}
	line := firstLine(stdout.String())
	if line == "" {
		line = firstLine(stderr.String())
	}
	if err != nil {
		if line == "" {
			return "", fmt.Errorf("`%s --version` failed: %v", path, err)
		}
		return "", fmt.Errorf("`%s --version` failed: %v: %s", path, err, line)
	}
	if line == "" {
		return "", fmt.Errorf("`%s --version` printed nothing", path)
	}
	return line, nil
}

func firstLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if utf8.RuneCountInString(l) > 200 {
				l = string([]rune(l)[:200]) + "…"
			}
			return l
		}
	}
	return ""
}

func withPath(env []string, path string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, "PATH=") {
			out = append(out, kv)
		}
	}
	return append(out, "PATH="+path)
}

// limited keeps at most n bytes and discards the rest, so a CLI that floods --version cannot grow
// our memory.
type limited struct {
	w *bytes.Buffer
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if room := l.n - l.w.Len(); room > 0 {
		l.w.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

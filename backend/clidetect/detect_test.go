package clidetect

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
)

type memPaths struct {
	mu sync.Mutex
	m  map[string]string
}

func (p *memPaths) CLIPaths(context.Context) (map[string]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]string{}
	for k, v := range p.m {
		out[k] = v
	}
	return out, nil
}

func (p *memPaths) SetCLIPath(_ context.Context, name, path string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if path == "" {
		delete(p.m, name)
	} else {
		p.m[name] = path
	}
	return nil
}

func script(t *testing.T, dir, name, body string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func newDetector(t *testing.T, processPath, loginPath string, custom map[string]string) (*Detector, *events.Recorder) {
	t.Helper()
	rec := &events.Recorder{}
	if custom == nil {
		custom = map[string]string{}
	}
	d := New(&memPaths{m: custom}, processPath, func(context.Context) string { return loginPath }, rec, slog.New(slog.NewTextHandler(io.Discard, nil)))
	d.timeout = 2 * time.Second
	return d, rec
}

func byName(list []Info) map[string]Info {
	m := map[string]Info{}
	for _, in := range list {
		m[in.Name] = in
	}
	return m
}

func TestDetectSources(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	pathDir, loginDir, customDir := filepath.Join(root, "path"), filepath.Join(root, "login"), filepath.Join(root, "custom")
	script(t, pathDir, "claude", `echo "2.1.197 (Claude Code)"`)
	script(t, loginDir, "claude", `echo "9.9.9 should not win"`)
	script(t, loginDir, "codex", `echo "codex-cli 0.169.0"`)
	custom := script(t, customDir, "my-gemini", `echo ""; echo "  0.61.0  "`)
	d, rec := newDetector(t, pathDir, loginDir, map[string]string{"gemini": custom})
	list, err := d.Detect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := byName(list)
	tests := []struct {
		name, version, source string
		found                 bool
	}{
		{"claude", "2.1.197 (Claude Code)", SourcePath, true},
		{"codex", "codex-cli 0.169.0", SourceLoginShell, true},
		{"gemini", "0.61.0", SourceCustom, true},
		{"opencode", "", "", false},
	}
	for _, tt := range tests {
		in := got[tt.name]
		if in.Found != tt.found || in.Version != tt.version || in.Source != tt.source {
			t.Errorf("%s = %+v, want found=%v version=%q source=%q", tt.name, in, tt.found, tt.version, tt.source)
		}
	}
	if !strings.Contains(got["opencode"].Error, "not found in PATH or in the login shell's PATH") {
		t.Errorf("opencode error = %q", got["opencode"].Error)
	}
	if len(rec.Named(events.AgentCLIDetected)) != 1 || len(d.List()) != 4 {
		t.Fatal("detection not announced or not kept")
	}
}

func TestDetectVersionFailures(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "grandchild.pid")
	script(t, dir, "claude", `echo "not logged in" >&2; exit 1`)
	script(t, dir, "codex", `/bin/sleep 30 & echo $! > `+pidFile+`; wait`)
	script(t, dir, "gemini", `exit 0`)
	// stdin must be /dev/null: a CLI reading stdin gets EOF at once instead of hanging.
	script(t, dir, "opencode", `/bin/cat; echo "1.18.33"`)
	d, _ := newDetector(t, dir, "", nil)
	start := time.Now()
	got := byName(must(d.Detect(context.Background())))
	if time.Since(start) > 10*time.Second {
		t.Fatal("detection did not respect its timeout")
	}
	checks := []struct{ name, want string }{
		{"claude", "not logged in"},
		{"codex", "did not finish within"},
		{"gemini", "printed nothing"},
	}
	for _, c := range checks {
		in := got[c.name]
		if !in.Found || !strings.Contains(in.Error, c.want) {
			t.Errorf("%s = %+v, want found with error containing %q", c.name, in, c.want)
		}
	}
	if got["opencode"].Version != "1.18.33" {
		t.Errorf("opencode = %+v", got["opencode"])
	}
	// The timed-out CLI's background child was killed with its process group.
	raw, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(raw)))
	testutil.Eventually(t, 3*time.Second, func() bool { return !alive(pid) }, "grandchild %d survived the timeout", pid)
}

// alive is true while pid exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z")
}

func TestSetPath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := script(t, dir, "claude-nightly", `echo "3.0.0 (Claude Code)"`)
	notExec := filepath.Join(dir, "plain")
	_ = os.WriteFile(notExec, []byte("x"), 0o644)
	d, _ := newDetector(t, "", "", nil)
	_, _ = d.Detect(context.Background())

	tests := []struct {
		name, cli, path string
		wantErr         error
		wantMsg         string
	}{
		{"unknown cli", "cursor", good, ErrUnknownCLI, "want claude"},
		{"relative", "claude", "bin/claude", ErrBadPath, "not an absolute path"},
		{"missing", "claude", filepath.Join(dir, "nope"), ErrBadPath, "does not exist"},
		{"directory", "claude", dir, ErrBadPath, "is a directory"},
		{"not executable", "claude", notExec, ErrBadPath, "not executable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.SetPath(context.Background(), tt.cli, tt.path)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v, want %v containing %q", err, tt.wantErr, tt.wantMsg)
			}
		})
	}
	in, err := d.SetPath(context.Background(), "claude", good)
	if err != nil || !in.Found || in.Source != SourceCustom || in.Version != "3.0.0 (Claude Code)" {
		t.Fatalf("SetPath = %+v, %v", in, err)
	}
	if byName(d.List())["claude"].CustomPath != good {
		t.Fatal("list not updated")
	}
	in, err = d.SetPath(context.Background(), "claude", "")
	if err != nil || in.Found || in.CustomPath != "" {
		t.Fatalf("clear = %+v, %v", in, err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestDetectGit: git is found and its version read like a CLI's, and kept apart from the four
// AI CLIs (the list and its event stay as they were).
func TestDetectGit(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	withGit, without := filepath.Join(root, "with"), filepath.Join(root, "without")
	script(t, withGit, "git", `echo "git version 2.43.0"`)
	if err := os.MkdirAll(without, 0o755); err != nil {
		t.Fatal(err)
	}
	d, _ := newDetector(t, withGit, "", nil)
	list, err := d.Detect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if g := d.GitInfo(); !g.Found || g.Version != "git version 2.43.0" || g.Path != filepath.Join(withGit, "git") || g.DisplayName != "Git" {
		t.Fatalf("git = %+v", g)
	}
	if _, ok := byName(list)["git"]; ok || len(list) != 4 {
		t.Fatalf("git in the AI CLI list: %+v", list)
	}
	d2, _ := newDetector(t, without, "", nil)
	if _, err := d2.Detect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if g := d2.GitInfo(); g.Found || !strings.Contains(g.Error, "not found") {
		t.Fatalf("missing git = %+v", g)
	}
}

package clidetect

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/agented/agented/backend/events"
)

// TestResolveWithoutDetection: before any detection has finished, Resolve looks the CLI up
// itself. The login shell's PATH is asked for only when the custom path and PATH have nothing,
// and no version is read (a CLI whose --version fails still resolves).
func TestResolveWithoutDetection(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	pathDir, loginDir, customDir := filepath.Join(root, "path"), filepath.Join(root, "login"), filepath.Join(root, "custom")
	script(t, pathDir, "claude", `exit 1`)
	script(t, loginDir, "codex", `exit 1`)
	custom := script(t, customDir, "my-gemini", `exit 1`)
	tests := []struct {
		name, cli  string
		want       string
		wantErr    error
		wantMsg    string
		loginAsked bool
	}{
		{"on PATH", "claude", filepath.Join(pathDir, "claude"), nil, "", false},
		{"custom path", "gemini", custom, nil, "", false},
		{"only on the login PATH", "codex", filepath.Join(loginDir, "codex"), nil, "", true},
		{"nowhere", "opencode", "", nil, "opencode: command not found (opencode not found in PATH or in the login shell's PATH", true},
		{"unknown", "cursor", "", ErrUnknownCLI, `"cursor"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked atomic.Bool
			login := func(context.Context) string { asked.Store(true); return loginDir }
			d := New(&memPaths{m: map[string]string{"gemini": custom}}, pathDir, login, &events.Recorder{},
				slog.New(slog.NewTextHandler(io.Discard, nil)))
			got, err := d.Resolve(context.Background(), tt.cli)
			switch {
			case tt.want != "" && (err != nil || got != tt.want):
				t.Fatalf("Resolve = %q, %v; want %q", got, err, tt.want)
			case tt.want == "" && (err == nil || !strings.Contains(err.Error(), tt.wantMsg)):
				t.Fatalf("Resolve error = %v, want one containing %q", err, tt.wantMsg)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("Resolve error = %v, want %v", err, tt.wantErr)
			}
			if asked.Load() != tt.loginAsked {
				t.Fatalf("login PATH asked = %v, want %v", asked.Load(), tt.loginAsked)
			}
		})
	}
}

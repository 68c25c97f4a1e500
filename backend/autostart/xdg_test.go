//go:build linux

package autostart

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestXDGEntry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		env      func(home, xdg string) map[string]string
		wantPath func(home, xdg string) string
	}{
		{"XDG_CONFIG_HOME is respected",
			func(home, xdg string) map[string]string {
				return map[string]string{"HOME": home, "XDG_CONFIG_HOME": xdg}
			},
			func(_, xdg string) string { return filepath.Join(xdg, "autostart", "agented.desktop") }},
		{"unset XDG_CONFIG_HOME means ~/.config",
			func(home, _ string) map[string]string { return map[string]string{"HOME": home} },
			func(home, _ string) string { return filepath.Join(home, ".config", "autostart", "agented.desktop") }},
		{"a relative XDG_CONFIG_HOME is ignored",
			func(home, _ string) map[string]string {
				return map[string]string{"HOME": home, "XDG_CONFIG_HOME": "rel/dir"}
			},
			func(home, _ string) string { return filepath.Join(home, ".config", "autostart", "agented.desktop") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			home, xdg := t.TempDir(), t.TempDir()
			env := tt.env(home, xdg)
			e := New("/opt/My Apps/agented", []string{"--data-dir", `/data/50% "x" $HOME\y`}, func(k string) string { return env[k] })
			want := tt.wantPath(home, xdg)
			if p, err := e.Path(); err != nil || p != want {
				t.Fatalf("Path = %q, %v; want %q", p, err, want)
			}
			if e.Enabled() {
				t.Fatal("enabled before Set(true)")
			}
			if err := e.Set(true); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range []string{
				"[Desktop Entry]", "Type=Application", "Name=Agented", "Terminal=false",
				`Exec="/opt/My Apps/agented" --hidden --data-dir "/data/50%% \\"x\\" \\$HOME\\\\y"`,
			} {
				if !strings.Contains(string(b)+"\n", line+"\n") {
					t.Errorf("entry lacks line %q:\n%s", line, b)
				}
			}
			if !e.Enabled() {
				t.Error("not enabled after Set(true)")
			}
			if err := e.Set(true); err != nil { // rewriting an existing entry is fine
				t.Fatal(err)
			}
			if err := e.Set(false); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(want); !os.IsNotExist(err) || e.Enabled() {
				t.Fatalf("entry still there after Set(false): %v", err)
			}
			if err := e.Set(false); err != nil {
				t.Fatalf("removing a missing entry: %v", err)
			}
			if left, _ := os.ReadDir(filepath.Dir(want)); len(left) != 0 {
				t.Errorf("files left in %s: %v", filepath.Dir(want), left)
			}
		})
	}
}

func TestXDGEntryErrors(t *testing.T) {
	t.Parallel()
	e := New("/bin/agented", nil, func(string) string { return "" })
	if err := e.Set(true); err == nil || !strings.Contains(err.Error(), "HOME") {
		t.Fatalf("Set without HOME = %v", err)
	}
	home := t.TempDir()
	// autostart is a file, so the directory cannot be made.
	if err := os.MkdirAll(filepath.Join(home, ".config"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".config", "autostart"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	e = New("/bin/agented", nil, func(k string) string { return map[string]string{"HOME": home}[k] })
	if err := e.Set(true); err == nil || !strings.Contains(err.Error(), "autostart") {
		t.Fatalf("Set with a blocked directory = %v", err)
	}
}

func TestQuoteExec(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"/usr/bin/agented", "/usr/bin/agented"},
		{"--hidden", "--hidden"},
		{"", `""`},
		{"a b", `"a b"`},
		{"a=b", `"a=b"`},
		{"`x`", "\"\\\\`x\\\\`\""},
	}
	for _, tt := range tests {
		if got := quoteExec(tt.in); got != tt.want {
			t.Errorf("quoteExec(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

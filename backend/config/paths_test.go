package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestResolvePrecedence(t *testing.T) {
	t.Parallel()
	cfg, _ := os.UserConfigDir()
	tests := []struct {
		name, flag, env, wantDir, wantSource string
	}{
		{"flag beats env", "/tmp/a", "/tmp/b", "/tmp/a", "flag"},
		{"env", "", "/tmp/b", "/tmp/b", "env"},
		{"default", "", "", filepath.Join(cfg, "Agented"), "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Resolve(tt.flag, func(k string) string {
				if k == EnvHome {
					return tt.env
				}
				return ""
			})
			if err != nil {
				t.Fatal(err)
			}
			if p.DataDir != tt.wantDir || p.Source != tt.wantSource || p.DBPath != filepath.Join(tt.wantDir, "agented.db") {
				t.Fatalf("got %+v", p)
			}
		})
	}
}

func TestEnsure(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	p, _ := Resolve(filepath.Join(root, "home"), os.Getenv)
	if err := p.Ensure(); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{p.LogDir, p.ProjectsDir} {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			t.Fatalf("%s not created", d)
		}
	}
	file := filepath.Join(root, "file")
	_ = os.WriteFile(file, nil, 0o600)
	p2, _ := Resolve(file, os.Getenv)
	if err := p2.Ensure(); err == nil {
		t.Fatal("a file accepted as data dir")
	}
}

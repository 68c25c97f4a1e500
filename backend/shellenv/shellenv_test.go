package shellenv

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		out  string
		ok   bool
		want map[string]string
	}{
		{"banner ignored", "Welcome!\n" + startMark + "\nPATH=/a:/b\nHOME=/root\n" + endMark + "\n", true, map[string]string{"PATH": "/a:/b", "HOME": "/root"}},
		{"multi-line value", startMark + "\nA=1\nB=x\ny\n" + endMark + "\n", true, map[string]string{"A": "1", "B": "x\ny"}},
		{"value with =", startMark + "\nOPTS=a=b\n" + endMark, true, map[string]string{"OPTS": "a=b"}},
		{"no markers", "PATH=/x\n", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parse(tt.out)
			if ok != tt.ok {
				t.Fatalf("ok = %v", ok)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestLoaderReadsLoginProfile(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	// bash -l reads ~/.bash_profile; the extra dir stands in for what nvm or Homebrew adds.
	profile := "echo noisy banner\nexport PATH=\"/opt/agented-test/bin:$PATH\"\n"
	if err := os.WriteFile(filepath.Join(home, ".bash_profile"), []byte(profile), 0o644); err != nil {
		t.Fatal(err)
	}
	shell := filepath.Join(t.TempDir(), "loginsh")
	wrapper := "#!/bin/sh\nexport HOME=" + home + "\nexec /bin/bash \"$@\"\n"
	if err := os.WriteFile(shell, []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	l := New(shell)
	p := l.Path(context.Background())
	if filepath.SplitList(p)[0] != "/opt/agented-test/bin" {
		t.Fatalf("login PATH = %q", p)
	}
}

func TestLoaderBrokenShell(t *testing.T) {
	t.Parallel()
	shell := filepath.Join(t.TempDir(), "badsh")
	_ = os.WriteFile(shell, []byte("#!/bin/sh\nexit 3\n"), 0o755)
	if _, err := New(shell).Env(context.Background()); err == nil {
		t.Fatal("no error from a shell that prints nothing")
	}
}

func TestMergePath(t *testing.T) {
	t.Parallel()
	got := MergePath("/a:/b", "/b:/c::", "/a")
	if got != "/a:/b:/c" {
		t.Fatalf("got %q", got)
	}
}

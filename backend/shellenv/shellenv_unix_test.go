//go:build unix

package shellenv

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/internal/testutil"
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
	l := New(shell, "")
	p := l.Path(context.Background())
	if filepath.SplitList(p)[0] != "/opt/agented-test/bin" {
		t.Fatalf("login PATH = %q", p)
	}
}

func TestLoaderBrokenShell(t *testing.T) {
	t.Parallel()
	shell := filepath.Join(t.TempDir(), "badsh")
	_ = os.WriteFile(shell, []byte("#!/bin/sh\nexit 3\n"), 0o755)
	if _, err := New(shell, "").Env(context.Background()); err == nil {
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

func TestLoaderServesCacheWhileProbeHangs(t *testing.T) {
	t.Parallel()
	cache := filepath.Join(t.TempDir(), "login-env.json")
	if err := writeCache(cache, map[string]string{"PATH": "/cached/bin"}); err != nil {
		t.Fatal(err)
	}
	sh := testutil.HangingLoginShell(t)
	l := New(sh.Path, cache).WithTimeout(10 * time.Minute)
	done := l.Refresh(context.Background())
	sh.WaitStarted(t)
	// The probe is stuck inside the login shell; callers get the cached environment at once.
	if got := l.Cached()["PATH"]; got != "/cached/bin" {
		t.Fatalf("Cached PATH while probing = %q", got)
	}
	if got := l.Path(context.Background()); got != "/cached/bin" {
		t.Fatalf("Path while probing = %q", got)
	}
	select {
	case <-done:
		t.Fatal("the probe ended before the shell was released")
	default:
	}
	sh.Release(t)
	<-done
	if err := l.LastErr(); err != nil {
		t.Fatalf("LastErr after a good probe = %v", err)
	}
	if got := l.Cached()["PATH"]; got != testutil.LoginShellPath {
		t.Fatalf("PATH after the probe = %q", got)
	}
	// The next start reads the fresh result from the cache file, which only its user may read.
	if got := New("/nonexistent", cache).Cached()[testutil.LoginShellVar]; got != "yes" {
		t.Fatalf("cache file after the probe holds %s=%q", testutil.LoginShellVar, got)
	}
	if fi, err := os.Stat(cache); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("cache file mode: %v %v", fi, err)
	}
}

func TestLoaderWithoutCache(t *testing.T) {
	t.Parallel()
	sh := testutil.HangingLoginShell(t)
	l := New(sh.Path, "").WithTimeout(10 * time.Minute)
	done := l.Refresh(context.Background())
	sh.WaitStarted(t)
	if l.Cached() != nil {
		t.Fatal("Cached returned an environment before any probe ended")
	}
	// A caller that must have the login PATH waits for the running probe; its own deadline
	// ends only its wait, not the probe others share.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Env(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Env with a cancelled context = %v", err)
	}
	sh.Release(t)
	<-done
	if got := l.Path(context.Background()); got != testutil.LoginShellPath {
		t.Fatalf("Path = %q", got)
	}
}

func TestLoaderStoppedProbe(t *testing.T) {
	t.Parallel()
	sh := testutil.HangingLoginShell(t)
	l := New(sh.Path, filepath.Join(t.TempDir(), "login-env.json")).WithTimeout(10 * time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	done := l.Refresh(ctx)
	sh.WaitStarted(t)
	cancel() // what App.Stop does: the shell is killed, nothing is cached
	<-done
	if l.LastErr() == nil {
		t.Fatal("LastErr is nil after a stopped probe")
	}
	if _, err := l.Env(context.Background()); err == nil {
		t.Fatal("no error after the only probe was stopped")
	}
	if l.Cached() != nil {
		t.Fatal("a stopped probe left an environment")
	}
}

func TestLoaderRemembersFailure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	count := filepath.Join(dir, "count")
	shell := filepath.Join(dir, "badsh")
	_ = os.WriteFile(shell, []byte("#!/bin/sh\necho x >> "+count+"\nexit 3\n"), 0o755)
	l := New(shell, "")
	for range 3 {
		if _, err := l.Env(context.Background()); err == nil {
			t.Fatal("no error from a shell that prints nothing")
		}
	}
	raw, _ := os.ReadFile(count)
	if n := strings.Count(string(raw), "x"); n != 1 {
		t.Fatalf("the broken shell ran %d times for 3 calls, want 1", n)
	}
}

func TestReadCacheIgnoresDamage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct{ name, body string }{
		{"not json", "PATH=/x"},
		{"empty object", "{}"},
		{"wrong type", `{"PATH": 3}`},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, tt.name)
		_ = os.WriteFile(p, []byte(tt.body), 0o600)
		if got := readCache(p); got != nil {
			t.Errorf("%s: readCache = %v, want nil", tt.name, got)
		}
	}
	if got := readCache(filepath.Join(dir, "missing")); got != nil {
		t.Errorf("missing file: readCache = %v", got)
	}
}

func TestPersistable(t *testing.T) {
	own := map[string]string{"AGENTED_API_KEY": "k-123", "HOME": "/root", "PATH": "/usr/bin"}
	lookup := func(k string) (string, bool) { v, ok := own[k]; return v, ok }
	tests := []struct {
		name string
		in   map[string]string
		want map[string]string
	}{
		{"inherited values are left out", map[string]string{"AGENTED_API_KEY": "k-123", "HOME": "/root"}, map[string]string{}},
		{"values the profile changed are kept", map[string]string{"PATH": "/opt/bin:/usr/bin", "HOME": "/root"}, map[string]string{"PATH": "/opt/bin:/usr/bin"}},
		{"values only the profile sets are kept", map[string]string{"NVM_DIR": "/root/.nvm"}, map[string]string{"NVM_DIR": "/root/.nvm"}},
		{"nothing in, nothing out", map[string]string{}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := persistable(tt.in, lookup)
			if len(got) != len(tt.want) {
				t.Fatalf("persistable = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Fatalf("persistable[%s] = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// A secret in Agented's own environment reaches the probing login shell (it inherits the
// environment) but must not reach the cache file on disk.
func TestCacheFileHoldsNoInheritedSecret(t *testing.T) {
	const secretValue = "agented-test-secret-4f1c9e"
	t.Setenv("AGENTED_TEST_SECRET", secretValue)
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".bash_profile"), []byte("export AGENTED_FROM_PROFILE=yes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	shell := filepath.Join(t.TempDir(), "loginsh")
	if err := os.WriteFile(shell, []byte("#!/bin/sh\nexport HOME="+home+"\nexec /bin/bash \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(t.TempDir(), "login-env.json")
	l := New(shell, cache)
	<-l.Refresh(context.Background())
	if err := l.LastErr(); err != nil {
		t.Fatal(err)
	}
	if l.Cached()["AGENTED_TEST_SECRET"] != secretValue {
		t.Fatal("the probe did not see the inherited variable; the case proves nothing")
	}
	raw, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), secretValue) {
		t.Fatalf("the cache file holds the inherited secret: %s", raw)
	}
	if got := New("/nonexistent", cache).Cached()["AGENTED_FROM_PROFILE"]; got != "yes" {
		t.Fatalf("cache file lost what the profile exports: %s", raw)
	}
}

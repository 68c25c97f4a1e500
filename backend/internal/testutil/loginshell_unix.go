//go:build unix

package testutil

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// LoginShell is a fake login shell, a real process that hangs the way a login shell stuck on a
// slow rc file (a network mount, a password prompt) does, until the test releases it.
type LoginShell struct {
	Path    string        // the executable to use as the login shell
	Started chan struct{} // receives one value each time the shell starts
	release string
}

// LoginShellPath is the PATH the fake shell's environment reports once released; LoginShellVar
// is a variable only it sets.
const (
	LoginShellPath = "/from/login:/usr/bin:/bin"
	LoginShellVar  = "AGENTED_TEST_LOGIN_ONLY"
)

// HangingLoginShell writes the fake shell. It announces each start on a FIFO, then blocks on a
// second FIFO until Release, then runs the script it was given with LoginShellPath and
// LoginShellVar set, like `sh -l -c SCRIPT` after an rc file that changed both.
func HangingLoginShell(t testing.TB) *LoginShell {
	t.Helper()
	dir := t.TempDir()
	startFifo, releaseFifo := filepath.Join(dir, "started"), filepath.Join(dir, "release")
	for _, f := range []string{startFifo, releaseFifo} {
		if err := syscall.Mkfifo(f, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s := &LoginShell{Path: filepath.Join(dir, "loginsh"), Started: make(chan struct{}, 8), release: releaseFifo}
	script := "#!/bin/sh\necho started > " + startFifo + "\nread x < " + releaseFifo +
		"\nexport PATH=" + LoginShellPath + " " + LoginShellVar + "=yes\nexec /bin/sh -c \"$3\"\n"
	if err := os.WriteFile(s.Path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			f, err := os.Open(startFifo) // blocks until a shell opens it for writing
			if err != nil {
				return
			}
			_, _ = io.ReadAll(f)
			f.Close()
			s.Started <- struct{}{}
		}
	}()
	t.Cleanup(func() { _ = os.Remove(startFifo) })
	return s
}

// WaitStarted waits until the shell has started once more; a minute means it never will.
func (s *LoginShell) WaitStarted(t testing.TB) {
	t.Helper()
	select {
	case <-s.Started:
	case <-time.After(time.Minute):
		t.Fatal("the login shell never started")
	}
}

// Release lets one waiting shell go on.
func (s *LoginShell) Release(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(s.release, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("go\n")
	f.Close()
}

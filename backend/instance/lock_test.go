package instance

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestAcquire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(t *testing.T, dir string)
	}{
		{"second lock on the same directory is refused and names this process", func(t *testing.T, dir string) {
			first := mustAcquire(t, dir)
			defer first.Release()
			_, err := Acquire(dir)
			var held *HeldError
			if !errors.As(err, &held) || !errors.Is(err, ErrHeld) {
				t.Fatalf("second Acquire = %v, want a *HeldError", err)
			}
			if held.PID != os.Getpid() {
				t.Errorf("PID = %d, want %d", held.PID, os.Getpid())
			}
			for _, want := range []string{"PID " + strconv.Itoa(os.Getpid()), dir, LockName, "--data-dir"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message %q lacks %q", err, want)
				}
			}
		}},
		{"released lock can be taken again", func(t *testing.T, dir string) {
			if err := mustAcquire(t, dir).Release(); err != nil {
				t.Fatal(err)
			}
			mustAcquire(t, dir).Release()
		}},
		{"lock file holds the PID", func(t *testing.T, dir string) {
			l := mustAcquire(t, dir)
			defer l.Release()
			b, err := os.ReadFile(l.Path())
			if err != nil || strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
				t.Fatalf("lock file = %q, %v", b, err)
			}
		}},
		{"a stale PID left by a crashed owner is replaced", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, LockName), []byte("999999999\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			l := mustAcquire(t, dir)
			defer l.Release()
			if pid := readPID(l.Path()); pid != os.Getpid() {
				t.Fatalf("PID in file = %d, want %d", pid, os.Getpid())
			}
		}},
		{"directories do not share a lock", func(t *testing.T, dir string) {
			a := mustAcquire(t, dir)
			defer a.Release()
			b := mustAcquire(t, t.TempDir())
			defer b.Release()
		}},
		{"missing directory is an error, not a hold", func(t *testing.T, dir string) {
			_, err := Acquire(filepath.Join(dir, "missing"))
			if err == nil || errors.Is(err, ErrHeld) {
				t.Fatalf("Acquire in a missing dir = %v", err)
			}
		}},
		{"release twice is harmless", func(t *testing.T, dir string) {
			l := mustAcquire(t, dir)
			if err := l.Release(); err != nil {
				t.Fatal(err)
			}
			if err := l.Release(); err != nil {
				t.Fatalf("second Release = %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, t.TempDir())
		})
	}
}

func TestHeldErrorWithoutPID(t *testing.T) {
	t.Parallel()
	err := &HeldError{Path: "/d/agented.lock", DataDir: "/d"}
	if strings.Contains(err.Error(), "PID") || !strings.Contains(err.Error(), "another Agented process is already using the data directory /d") {
		t.Fatalf("message = %q", err)
	}
}

func TestUniqueID(t *testing.T) {
	t.Parallel()
	a, b := UniqueID("/home/u/.config/Agented"), UniqueID("/srv/agented")
	if a == b || a != UniqueID("/home/u/.config/Agented") || !strings.HasPrefix(a, "dev.agented.app.") {
		t.Fatalf("UniqueID: %q %q", a, b)
	}
}

func mustAcquire(t *testing.T, dir string) *Lock {
	t.Helper()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

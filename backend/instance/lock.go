// Package instance makes sure one Agented process at a time owns a data directory: two processes
// firing the same schedules would run every bot twice, and two dispatchers would both start the
// queued runs. The owner holds an exclusive lock on a file in the data directory that names its
// PID, so the one refused can say who holds it.
package instance

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// LockName is the lock file's name inside the data directory.
const LockName = "agented.lock"

// Lock is a held data-directory lock. The OS drops it when the process ends, however it ends, so
// a crash never leaves a stale lock behind (the file stays, unlocked, and the next start takes it).
type Lock struct {
	f    *os.File
	path string
}

// Acquire takes the lock of dataDir without waiting. When another process holds it, the error is
// a *HeldError naming that process.
func Acquire(dataDir string) (*Lock, error) {
	path := filepath.Join(dataDir, LockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := tryLock(f); err != nil {
		_ = f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, &HeldError{Path: path, DataDir: dataDir, PID: holderPID(path)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// The PID is written through the locked handle, so the file never names a process that does
	// not hold it (a crashed owner's PID is overwritten by the next one before anyone reads it
	// as the holder: readers only read it after failing to lock).
	if err := writePID(f); err != nil {
		_ = unlock(f)
		_ = f.Close()
		return nil, fmt.Errorf("write lock file %s: %w", path, err)
	}
	return &Lock{f: f, path: path}, nil
}

func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}

// Path is the lock file.
func (l *Lock) Path() string { return l.path }

// Release gives the lock up. The file stays: removing it would let a process that opened it just
// before lock a file no longer in the directory while a third one creates and locks a new one.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := errors.Join(unlock(l.f), l.f.Close())
	l.f = nil
	return err
}

// HeldError says which process owns the data directory.
type HeldError struct {
	Path    string
	DataDir string
	PID     int // 0 when the holder has not written its PID (yet)
}

func (e *HeldError) Error() string {
	who := "another Agented process"
	if e.PID > 0 {
		who = fmt.Sprintf("another Agented process (PID %d)", e.PID)
	}
	return fmt.Sprintf("%s is already using the data directory %s (lock %s); stop it, or start this one with another --data-dir",
		who, e.DataDir, e.Path)
}

// Is lets callers test errors.Is(err, ErrHeld).
func (e *HeldError) Is(target error) bool { return target == ErrHeld }

// holderPID reads the PID the holder wrote. A holder that has just taken the lock may not have
// written it yet, so an empty file is read again for a moment.
func holderPID(path string) int {
	deadline := time.Now().Add(500 * time.Millisecond)
	for {
		if pid := readPID(path); pid > 0 || time.Now().After(deadline) {
			return pid
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func readPID(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 32))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

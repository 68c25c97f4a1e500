package db

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestReserveHoldsRealBlocks(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "space-reserve")
	r := NewReserve(path, 1<<20)
	if created, err := r.Ensure(); err != nil || !created {
		t.Fatalf("Ensure = %v, %v; want a new reserve", created, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file would have the size but not the blocks, and would free nothing.
	if used, ok := allocated(st); ok && used < 1<<20 {
		t.Fatalf("reserve occupies %d bytes on disk, want at least 1 MiB", used)
	}
	if created, err := r.Ensure(); err != nil || created {
		t.Fatalf("second Ensure = %v, %v; want the existing reserve kept", created, err)
	}
	if !r.Release() {
		t.Fatal("Release found no reserve")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("reserve still there after Release: %v", err)
	}
	if r.Release() {
		t.Fatal("a second Release claimed to free space again")
	}
}

func TestIsDiskFull(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"ENOSPC from a write", fmt.Errorf("write log: %w", &os.PathError{Op: "write", Path: "/x", Err: syscall.ENOSPC}), true},
		{"SQLite full", errors.New("commit: database or disk is full (13)"), true},
		{"SQLite busy", errors.New("database is locked (5) (SQLITE_BUSY)"), false},
		{"permission", &os.PathError{Op: "mkdir", Path: "/x", Err: syscall.EPERM}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := IsDiskFull(tt.err); got != tt.want {
				t.Fatalf("IsDiskFull(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

package db

import (
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
)

// DefaultReserveBytes is the size of the data directory's space reserve.
const DefaultReserveBytes = 4 << 20

// Reserve is a file of real (not sparse) blocks kept in the data directory. When the disk fills,
// SQLite cannot commit anything, not even the row that says a run failed because the disk is
// full; the run would then look "running" until the next start. Releasing the reserve at the
// first sign of a full disk gives back enough room to record what happened.
type Reserve struct {
	path string
	size int64

	mu sync.Mutex
}

// NewReserve describes a reserve of size bytes at path; call Ensure to create it.
func NewReserve(path string, size int64) *Reserve {
	return &Reserve{path: path, size: size}
}

// Ensure creates the reserve if it is missing. A disk too full to hold it is not an error: the
// reserve is a safety margin, and it is created again at the next start.
func (r *Reserve) Ensure() (created bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if st, err := os.Stat(r.path); err == nil && st.Size() == r.size {
		return false, nil
	}
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return false, err
	}
	// Zeros written for real: a truncated (sparse) file would reserve nothing.
	_, err = io.CopyN(f, zeroReader{}, r.size)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(r.path)
		if IsDiskFull(err) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// Release deletes the reserve and reports whether there was one to give back.
func (r *Reserve) Release() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return os.Remove(r.path) == nil
}

// IsDiskFull reports an error caused by a full disk: ENOSPC from the file system, or SQLite's
// SQLITE_FULL.
func IsDiskFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "database or disk is full") || strings.Contains(msg, "SQLITE_FULL")
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

//go:build unix

package instance

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock(2) without blocking. flock locks belong to the open file, so
// a second open in the same process is refused too, which is what the tests rely on.
func tryLock(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errWouldBlock
	}
	return err
}

func unlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

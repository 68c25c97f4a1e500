package execution

import (
	"os"

	"golang.org/x/sys/unix"
)

// newStdinFile is an anonymous memory file: the prompt never touches a disk. A kernel or sandbox
// without memfd_create falls back to a temp file.
func newStdinFile() (*os.File, string, error) {
	fd, err := unix.MemfdCreate("agented-prompt", unix.MFD_CLOEXEC)
	if err != nil {
		return tempStdinFile()
	}
	// The name is only a label: a memfd has no path to remove.
	return os.NewFile(uintptr(fd), "memfd:agented-prompt"), "", nil
}

//go:build unix

package db

import (
	"os"
	"syscall"
)

// allocated is how many bytes of disk a file occupies (not its apparent size).
func allocated(st os.FileInfo) (int64, bool) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return sys.Blocks * 512, true
}

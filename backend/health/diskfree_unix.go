//go:build !windows

package health

import "syscall"

// freeDiskBytes is the space an unprivileged process can still use on dir's filesystem.
func freeDiskBytes(dir string) (int64, error) {
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		return 0, err
	}
	return int64(fs.Bavail) * int64(fs.Bsize), nil //nolint:unconvert // field types differ per OS
}

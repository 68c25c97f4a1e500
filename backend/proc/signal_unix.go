//go:build !windows

package proc

import (
	"errors"
	"os/exec"
	"syscall"
)

// NewGroup makes cmd the leader of a new process group, so SignalGroup reaches every process it
// starts (a Node shim and the binary it spawns, a shell and its jobs).
func NewGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// SignalGroup sends sig to the process group led by pid. A group that is already gone is not an
// error.
func SignalGroup(pid int, sig syscall.Signal) error {
	err := syscall.Kill(-pid, sig)
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}

// Adopt does nothing where process groups exist: NewGroup already made the group.
func Adopt(int) error { return nil }

// Release does nothing where process groups exist.
func Release(int) {}

// GroupAlive reports whether any process of the group led by pid still exists.
func GroupAlive(pid int) bool {
	return syscall.Kill(-pid, 0) == nil
}

// Terminate and Kill are the signals of the graceful and the forced stop.
const (
	Terminate = syscall.SIGTERM
	Kill      = syscall.SIGKILL
)

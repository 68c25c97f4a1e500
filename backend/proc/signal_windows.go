//go:build windows

package proc

import (
	"os"
	"os/exec"
	"syscall"
)

// NewGroup is a no-op on Windows; job objects arrive with Windows support for runs.
func NewGroup(*exec.Cmd) {}

// SignalGroup kills the process (Windows has no SIGTERM).
func SignalGroup(pid int, _ syscall.Signal) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return nil
	}
	return p.Kill()
}

// GroupAlive is unknown on Windows; report false so callers do not wait on it.
func GroupAlive(int) bool { return false }

// Terminate and Kill are the signals of the graceful and the forced stop.
const (
	Terminate = syscall.SIGTERM
	Kill      = syscall.SIGKILL
)

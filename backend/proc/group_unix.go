//go:build !windows

package proc

import (
	"os/exec"
	"syscall"
	"time"
)

// Isolate puts cmd in a new process group and makes context cancellation kill the whole group.
// waitDelay bounds how long Wait then waits for pipes held open by stray grandchildren.
func Isolate(cmd *exec.Cmd, waitDelay time.Duration) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = waitDelay
}

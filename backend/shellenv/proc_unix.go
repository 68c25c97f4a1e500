//go:build !windows

package shellenv

import (
	"os/exec"
	"syscall"
	"time"
)

// setGroup puts the shell in its own process group and kills the whole group on timeout, so a
// background job started by an rc file cannot outlive us.
func setGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
}

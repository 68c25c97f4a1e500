//go:build !windows

package agentcli

import (
	"os"
	"os/exec"
	"syscall"
	"time"
)

// setGroup runs the CLI in its own process group and kills the group on timeout: CLIs that are
// Node shims (codex) spawn the real binary as a child, which must not outlive the check.
func setGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
}

func candidates(base string) []string { return []string{base} }

func isExecutable(fi os.FileInfo) bool { return fi.Mode().Perm()&0o111 != 0 }

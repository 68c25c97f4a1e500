//go:build windows

package proc

import (
	"os/exec"
	"time"
)

// Isolate only bounds Wait on Windows; job objects for whole-tree kills arrive with the engine.
func Isolate(cmd *exec.Cmd, waitDelay time.Duration) {
	cmd.WaitDelay = waitDelay
}

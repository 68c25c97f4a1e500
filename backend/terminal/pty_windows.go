//go:build windows

package terminal

import (
	"os"
	"os/exec"
	"time"
)

// supported is false: creack/pty has no ConPTY support, so Start refuses with ErrUnsupported
// before anything is started.
const supported = false

func startPTY(*exec.Cmd, uint16, uint16) (*os.File, error) { return nil, ErrUnsupported }

func setSize(*os.File, uint16, uint16) error { return ErrUnsupported }

func endTree(int, time.Duration) {}

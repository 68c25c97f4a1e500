//go:build !windows

package terminal

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// supported says whether this platform has terminals at all.
const supported = true

// startPTY starts cmd on a new pseudo-terminal of the given size, in a new session whose
// controlling terminal it is: the program sees its real size from its first instruction, and
// its session (and process group) id is its pid.
//
// creack/pty leaves the master in blocking mode (its ioctls go through File.Fd), where a Read
// blocks a thread and neither Close nor a deadline can end it. The master is therefore reopened
// as a non-blocking descriptor that Go's poller drives.
func startPTY(cmd *exec.Cmd, rows, cols uint16) (*os.File, error) {
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: rows, Cols: cols})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fd, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, 0)
	if err == nil {
		err = unix.SetNonblock(fd, true)
	}
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("make terminal non-blocking: %w", err)
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// setSize resizes the terminal; the kernel sends SIGWINCH to its foreground process group.
func setSize(f *os.File, rows, cols uint16) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ioErr error
	err = rc.Control(func(fd uintptr) {
		ioErr = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, &unix.Winsize{Row: rows, Col: cols})
	})
	if err != nil {
		return err
	}
	return ioErr
}

//go:build !linux && !windows

package terminal

import (
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// members lists the processes of session sid with pgrep, which the BSDs and macOS ship (there is
// no /proc to read), and those of also that still run. Descendants that left the session are not
// found here.
func members(sid int, also map[int]bool) []int {
	var pids []int
	for pid := range also {
		if syscall.Kill(pid, 0) == nil {
			pids = append(pids, pid)
		}
	}
	out, err := exec.Command("pgrep", "-s", strconv.Itoa(sid)).Output()
	if err != nil {
		return pids // pgrep exits 1 when nothing matches
	}
	for _, f := range strings.Fields(string(out)) {
		if pid, err := strconv.Atoi(f); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

//go:build windows

package agentcli

import (
	"os"
	"os/exec"
)

func setGroup(*exec.Cmd) {}

// candidates tries the extensions npm and installers use on Windows.
func candidates(base string) []string {
	return []string{base + ".exe", base + ".cmd", base + ".bat", base}
}

func isExecutable(os.FileInfo) bool { return true }

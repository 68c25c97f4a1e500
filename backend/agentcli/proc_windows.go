//go:build windows

package agentcli

import "os"

// candidates tries the extensions npm and installers use on Windows.
func candidates(base string) []string {
	return []string{base + ".exe", base + ".cmd", base + ".bat", base}
}

func isExecutable(os.FileInfo) bool { return true }

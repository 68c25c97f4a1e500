//go:build windows

package clidetect

import "os"

// candidates tries the extensions npm and installers use on Windows.
func candidates(base string) []string {
	return []string{base + ".exe", base + ".cmd", base + ".bat", base}
}

// isExecutable is true on Windows, where the extension, not a mode bit, makes a file runnable.
func isExecutable(os.FileInfo) bool { return true }

//go:build !windows

package clidetect

import "os"

// candidates are the file names under which a CLI called base can be installed in a directory.
func candidates(base string) []string { return []string{base} }

// isExecutable reports whether a found file can be run: some execute bit is set.
func isExecutable(fi os.FileInfo) bool { return fi.Mode().Perm()&0o111 != 0 }

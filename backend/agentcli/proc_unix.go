//go:build !windows

package agentcli

import "os"

func candidates(base string) []string { return []string{base} }

func isExecutable(fi os.FileInfo) bool { return fi.Mode().Perm()&0o111 != 0 }

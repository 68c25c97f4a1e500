//go:build unix

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
)

// leanServe replaces this process with the headless build beside it, when this is the desktop
// build and that sibling is the same build. The process keeps its PID, arguments, environment and
// open descriptors, so a service manager or a shell sees no difference; only the GTK and WebKit
// libraries are no longer mapped. It returns only when the hand-over does not happen, and then
// serving continues in this process.
func leanServe(args []string, stderr io.Writer) {
	if !hasWindow {
		return
	}
	self, err := os.Executable()
	if err != nil {
		return
	}
	own, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	path, reason := headlessSibling(filepath.Dir(self), own, version)
	if reason != "" {
		fmt.Fprintln(stderr, "agented serve: serving from this binary:", reason)
	}
	if path == "" {
		return
	}
	argv := append([]string{path, "serve"}, args...)
	if err := syscall.Exec(path, argv, os.Environ()); err != nil {
		fmt.Fprintf(stderr, "agented serve: serving from this binary: could not start %s: %v\n", path, err)
	}
}

//go:build unix

package main

import (
	"os"
	"runtime/debug"
	"syscall"
	"time"
)

// crash kills the process with a signal, as a segfaulting CLI dies.
func crash() {
	out.Flush()
	_ = syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{}) // no core file in the test dir
	// The Go runtime would print its own goroutine dump under the CLI's message; and with
	// traceback "crash" it dies by abort instead of exiting with status 2.
	_ = os.Stderr.Close()
	debug.SetTraceback("crash")
	_ = syscall.Kill(os.Getpid(), syscall.SIGSEGV)
	time.Sleep(time.Minute)
}

//go:build linux

package proc

import "golang.org/x/sys/unix"

// DenyInspection makes this process non-dumpable. Agented holds secrets in its environment
// (AGENTED_API_KEY) and memory (keys read from the keyring), and runs CLIs under the same user;
// a dumpable process lets any of them read /proc/<pid>/environ and /proc/<pid>/mem or attach
// with ptrace. Non-dumpable, those files belong to root and ptrace is refused to other
// processes of the user. Children start dumpable again (execve resets it), so the CLIs are
// unaffected. Call it first thing in main, before any secret is read.
func DenyInspection() error {
	return unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
}

// Inspectable reports whether other processes of the same user can read this one's memory and
// environment.
func Inspectable() (bool, error) {
	v, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	return v != 0, err
}

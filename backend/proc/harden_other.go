//go:build !linux

package proc

// DenyInspection is a no-op outside Linux: macOS already refuses task_for_pid to unprivileged
// processes and has no /proc; Windows processes of one user can read each other by design.
func DenyInspection() error { return nil }

// Inspectable reports false: there is no per-process switch to check outside Linux.
func Inspectable() (bool, error) { return false, nil }

//go:build windows

package proc

// LowerPriority is a no-op on Windows, where runs keep the normal priority class.
func LowerPriority(int) {}

//go:build !windows

package proc

import "syscall"

// childNice is the scheduling niceness of agent CLIs. They are mostly waiting on the network;
// when many run at once on a small machine, the app's own UI, webhook and API threads must still
// get the CPU first.
const childNice = 5

// LowerPriority lowers the CPU priority of pid (and so of the children it starts afterwards).
// Failing is harmless: the run just competes at normal priority.
func LowerPriority(pid int) { _ = syscall.Setpriority(syscall.PRIO_PROCESS, pid, childNice) }

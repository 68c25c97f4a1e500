// Package proc holds the OS-specific parts of running child processes: every child Agented starts
// (CLI version checks, the login shell, later the agent runs) gets its own process group so that
// the children it spawns in turn are killed with it.
package proc

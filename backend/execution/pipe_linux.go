package execution

import (
	"os"
	"syscall"
)

// pipeSize is asked for the stdout pipe. With Linux's default of 64 KiB a CLI printing fast
// blocks, and we wake up, every 64 KiB; 1 MiB (the default limit for unprivileged processes)
// lets both run in longer stretches.
const pipeSize = 1 << 20

// fSetPipeSize is F_SETPIPE_SZ, which package syscall does not name.
const fSetPipeSize = 1031

// growPipe enlarges a pipe's buffer; failing is harmless (a lower system limit).
func growPipe(f *os.File) {
	_, _, _ = syscall.Syscall(syscall.SYS_FCNTL, f.Fd(), fSetPipeSize, pipeSize)
}

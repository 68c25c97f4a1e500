//go:build windows

package proc

import (
	"errors"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Windows has no process groups that a signal reaches. A run's tree is held together by a job
// object instead: Adopt puts the started CLI into a new job, and every process it starts joins
// that job (unless it breaks away on purpose), so SignalGroup can end the whole tree at once.
// The job is created with "kill on close", so even an Agented that crashes takes its runs along.
//
// The CLI is adopted right after it starts; a process it spawned before that moment would stay
// outside the job. Node-based CLIs spend tens of milliseconds loading before they spawn anything,
// and Go's os/exec offers no way to start a process suspended or inside a job.

var jobs sync.Map // pid → windows.Handle of its job

// NewGroup gives the child its own console process group, so a console Ctrl+C meant for Agented
// does not reach it.
func NewGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.CREATE_NEW_PROCESS_GROUP}
}

// Adopt puts the started process pid into a new job object that SignalGroup and GroupAlive use.
func Adopt(pid int) error {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return err
	}
	limits := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{}
	limits.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&limits)), uint32(unsafe.Sizeof(limits))); err != nil {
		windows.CloseHandle(job)
		return err
	}
	p, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(pid))
	if err != nil {
		windows.CloseHandle(job)
		return err
	}
	defer windows.CloseHandle(p)
	if err := windows.AssignProcessToJobObject(job, p); err != nil {
		windows.CloseHandle(job)
		return err
	}
	jobs.Store(pid, job)
	return nil
}

// Release closes the job of pid, which kills whatever is still in it.
func Release(pid int) {
	if h, ok := jobs.LoadAndDelete(pid); ok {
		windows.CloseHandle(h.(windows.Handle))
	}
}

// SignalGroup ends the tree of pid: the whole job when it was adopted, else the process alone.
// Windows has no graceful signal for a process without a console, so Terminate ends it too.
func SignalGroup(pid int, _ syscall.Signal) error {
	if h, ok := jobs.Load(pid); ok {
		err := windows.TerminateJobObject(h.(windows.Handle), 1)
		if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
			return nil // the job's processes are already gone
		}
		return err
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return nil
	}
	if err := p.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}

// jobAccounting is JOBOBJECT_BASIC_ACCOUNTING_INFORMATION; only ActiveProcesses is read.
type jobAccounting struct {
	TotalUserTime, TotalKernelTime, ThisPeriodTotalUserTime, ThisPeriodTotalKernelTime int64
	TotalPageFaultCount, TotalProcesses, ActiveProcesses, TotalTerminatedProcesses     uint32
}

// GroupAlive reports whether a process of pid's job still runs; false when pid has no job.
func GroupAlive(pid int) bool {
	h, ok := jobs.Load(pid)
	if !ok {
		return false
	}
	var info jobAccounting
	err := windows.QueryInformationJobObject(h.(windows.Handle), windows.JobObjectBasicAccountingInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)), nil)
	return err == nil && info.ActiveProcesses > 0
}

// Isolate only bounds Wait on Windows: the commands it is used for (version checks) start no
// trees worth a job.
func Isolate(cmd *exec.Cmd, waitDelay time.Duration) {
	cmd.WaitDelay = waitDelay
}

// Terminate and Kill are the signals of the graceful and the forced stop.
const (
	Terminate = syscall.SIGTERM
	Kill      = syscall.SIGKILL
)

package execution

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/proc"
)

// stopReason says why a run was stopped before its process ended by itself.
type stopReason int

const (
	stopNone stopReason = iota
	stopCancel
	stopTimeout
	stopShutdown
	stopStorage // the run's output could not be stored
	stopReplace // a newer run of the same trigger replaces it (concurrency policy replace)
	stopStalled // no output and an idle process tree for the trigger's stall time
	stopMaxCost // the run's cost reached the trigger's maxCostUsd
	stopMaxTurns
	stopBudget // a hard budget was used up while the run was spending
)

// procResult is how the process ended.
type procResult struct {
	exitCode  int    // -1 when killed by a signal
	signal    string // the signal that killed it, if any
	startErr  error  // the process never started
	reason    stopReason
	forced    bool // SIGKILL was needed after the grace period
	readerErr error
	groupErr  error // the tree could not be tied together (Windows job object): stopping may leave children
}

// processSpec is what to start.
type processSpec struct {
	argv    []string
	stdin   string // given to the child as a file; "" = /dev/null
	dir     string
	env     []string
	timeout time.Duration
	grace   time.Duration
	onStart func(pid int) // told the group leader's pid once it runs
}

// runProcess starts the process in its own group with stdin on /dev/null (or a file holding
// spec.stdin), gives its output lines to take (from one goroutine per pipe), and stops it on
// timeout or when stop delivers a reason: SIGTERM to the group, then SIGKILL after the grace
// period. It returns once the process has exited, every member of its group is gone, and both
// readers are drained.
func runProcess(spec processSpec, stop <-chan stopReason, take func(block)) procResult {
	outR, outW, err := os.Pipe()
	if err != nil {
		return procResult{startErr: err}
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return procResult{startErr: err}
	}
	growPipe(outR)
	cmd := exec.Command(spec.argv[0], spec.argv[1:]...)
	cmd.Dir = spec.dir
	cmd.Env = spec.env
	cmd.Stdin = nil // /dev/null: codex and opencode wait forever on an open stdin
	if spec.stdin != "" {
		// An *os.File is handed to the child as is: no copying goroutine, and EOF at its end.
		in, release, err := promptStdin(spec.stdin)
		if err != nil {
			for _, f := range []*os.File{outR, outW, errR, errW} {
				f.Close()
			}
			return procResult{startErr: err}
		}
		defer release()
		cmd.Stdin = in
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	proc.NewGroup(cmd)
	if err := cmd.Start(); err != nil {
		for _, f := range []*os.File{outR, outW, errR, errW} {
			f.Close()
		}
		return procResult{startErr: err}
	}
	// Our copies of the write ends must go, or the readers would never see EOF.
	outW.Close()
	errW.Close()

	var readers sync.WaitGroup
	var readErr error
	var readMu sync.Mutex
	pipes := []*watchedPipe{{f: outR}, {f: errR}}
	for i, stream := range []string{StreamStdout, StreamStderr} {
		readers.Go(func() {
			if err := readLines(pipes[i], stream, take); err != nil && !errors.Is(err, os.ErrClosed) {
				readMu.Lock()
				readErr = err
				readMu.Unlock()
			}
		})
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	res := procResult{}
	pid := cmd.Process.Pid
	// Windows: the tree goes into a job object now; elsewhere the group exists already.
	if err := proc.Adopt(pid); err != nil {
		res.groupErr = fmt.Errorf("the run's process could not be put into a job object, so stopping it may leave its children running: %w", err)
	}
	defer proc.Release(pid)
	proc.LowerPriority(pid)
	if spec.onStart != nil {
		spec.onStart(pid)
	}
	var timeout <-chan time.Time
	if spec.timeout > 0 {
		t := time.NewTimer(spec.timeout)
		defer t.Stop()
		timeout = t.C
	}
	var waitErr error
	select {
	case waitErr = <-exited:
	case r := <-stop:
		res.reason = r
		waitErr, res.forced = terminate(pid, spec.grace, exited)
	case <-timeout:
		res.reason = stopTimeout
		waitErr, res.forced = terminate(pid, spec.grace, exited)
	}
	// The leader is gone; anything left in its group is an orphan holding our pipes open.
	_ = proc.SignalGroup(pid, proc.Kill)
	drained := make(chan struct{})
	go func() { readers.Wait(); close(drained) }()
	if !awaitDrain(drained, pipes) {
		// A process that left the group (setsid) still holds a pipe: stop reading it.
		outR.Close()
		errR.Close()
		<-drained
		res.readerErr = errors.New("a process outside the run's group kept its output open; reading stopped")
	}
	outR.Close()
	errR.Close()
	if res.readerErr == nil {
		res.readerErr = readErr
	}
	res.exitCode, res.signal = exitStatus(waitErr)
	return res
}

// terminate sends SIGTERM to the group, waits the grace period, then SIGKILLs it.
func terminate(pid int, grace time.Duration, exited <-chan error) (error, bool) {
	_ = proc.SignalGroup(pid, proc.Terminate)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case err := <-exited:
		return err, false
	case <-t.C:
		_ = proc.SignalGroup(pid, proc.Kill)
		return <-exited, true
	}
}

func exitStatus(err error) (int, string) {
	if err == nil {
		return 0, ""
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -1, ws.Signal().String()
		}
		return ee.ExitCode(), ""
	}
	return -1, err.Error()
}

// startFailure explains why a CLI could not be started, with the failure kind to record.
func startFailure(argv0 string, err error) (kind, msg string) {
	switch {
	case errors.Is(err, syscall.E2BIG):
		// The kernel refuses the arguments plus environment (E2BIG), whether or not the binary
		// exists: calling that "command not found" sent people looking for a missing CLI.
		return agent.FailureTooLong, fmt.Sprintf("start %s: the arguments and environment are too long for the operating system "+
			"(argument list too long); shorten the prompt's fixed parts or the environment", argv0)
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, os.ErrNotExist):
		return agent.FailureCLINotFound, fmt.Sprintf("%s: command not found", argv0)
	case errors.Is(err, os.ErrPermission):
		return agent.FailureCLINotFound, fmt.Sprintf("%s: permission denied (not executable?)", argv0)
	}
	return agent.FailureCLINotFound, fmt.Sprintf("start %s: %v", argv0, err)
}

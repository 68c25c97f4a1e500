//go:build !windows

package terminal

import (
	"syscall"
	"time"
)

// A terminal's program leads its own session (startPTY). Interactive shells put every job in a
// process group of its own, and a child may leave the session with setsid, so neither the
// leader's group nor its session holds everything it started. The tree is therefore frozen
// first: every process of the session and every descendant is stopped (a stopped process
// cannot fork, so the sweep repeats until no new process appears), then signalled one by one.

// freeze stops every process of session sid, every descendant, and every process of known that
// still runs, adding them to known.
func freeze(sid int, known map[int]bool) {
	for range 100 { // each round only grows with forks that raced the previous one
		grew := false
		for _, pid := range members(sid, known) {
			if !known[pid] {
				known[pid], grew = true, true
			}
			_ = syscall.Kill(pid, syscall.SIGSTOP) // one that is already gone is no error
		}
		if !grew {
			return
		}
	}
}

// signalAll sends sig to every known process; one that is already gone is no error.
func signalAll(known map[int]bool, sig syscall.Signal) {
	for pid := range known {
		_ = syscall.Kill(pid, sig)
	}
}

// endTree hangs up the session like a closed terminal would, waits up to grace for it to go,
// then kills whatever is left, including processes that ignore SIGHUP or left the session.
func endTree(sid int, grace time.Duration) {
	known := map[int]bool{}
	freeze(sid, known)
	signalAll(known, syscall.SIGHUP)
	signalAll(known, syscall.SIGCONT) // a stopped process only acts on the hangup once continued
	if waitGone(sid, known, grace) {
		return
	}
	freeze(sid, known) // whatever the hangup handlers started
	signalAll(known, syscall.SIGKILL)
	waitGone(sid, known, 2*time.Second)
}

func waitGone(sid int, known map[int]bool, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if len(members(sid, known)) == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

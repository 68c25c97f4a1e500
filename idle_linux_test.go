package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// contextSwitches sums the voluntary and involuntary context switches of every thread of pid.
// A Go process whose goroutines all wait on channels, sockets or long timers is switched to
// only when something happens; a ticker wakes a thread on every tick.
func contextSwitches(t *testing.T, pid int) int64 {
	t.Helper()
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
	if err != nil || len(tasks) == 0 {
		t.Fatalf("threads of %d: %v", pid, err)
	}
	var n int64
	for _, f := range tasks {
		raw, err := os.ReadFile(f)
		if err != nil {
			continue // a thread that ended meanwhile
		}
		for _, line := range strings.Split(string(raw), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.HasSuffix(k, "ctxt_switches") {
				c, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				n += c
			}
		}
	}
	return n
}

// TestServeIdleWakesNoThread: once `agented serve` has started, probed the login shell, detected
// the CLIs and finished a run, nothing in it wakes up while nothing happens: no polling loop, no
// ticker left behind by the run. The process is sampled every 100 ms for 5 s and the test counts
// the slices in which any thread ran. Counting raw context switches does not work: a single
// one-shot timer (a deferred timeout, a GC pass) wakes the runtime's sysmon thread, which then
// spins at 20 µs steps for a millisecond or more, 50 to 90 switches for one wake. A ticker of
// any period up to a second shows up in many slices; a stray one-shot timer in one or two.
func TestServeIdleWakesNoThread(t *testing.T) {
	t.Parallel()
	p := startServe(t, buildBinary(t), t.TempDir(), fakeClaudeDir(t))
	var tr struct{ ID string }
	if code := p.call("POST", "/admin/triggers", map[string]any{
		"name": "once", "promptTemplate": "[fake:success] {message}", "backendType": "claude",
	}, &tr); code != http.StatusCreated {
		t.Fatalf("create = %d", code)
	}
	var run struct{ ExecutionID string }
	if code := p.call("POST", "/admin/triggers/"+tr.ID+"/run", map[string]string{"message": "go"}, &run); code != http.StatusAccepted {
		t.Fatalf("run = %d", code)
	}
	waitFor(t, time.Minute, "the run, the login-shell probe and CLI detection to end", func() bool {
		var ex execBody
		p.call("GET", "/admin/executions/"+run.ExecutionID, nil, &ex)
		log := p.stderr.String()
		return ex.Status == "success" && strings.Contains(log, `"login shell environment`) &&
			strings.Count(log, `"msg":"cli detected"`) == 4
	})
	http.DefaultClient.CloseIdleConnections()
	time.Sleep(time.Second) // the search indexer's pause after a run (300 ms) passes
	pid := p.cmd.Process.Pid
	const slices = 50
	busy, total := 0, int64(0)
	last := contextSwitches(t, pid)
	for range slices {
		time.Sleep(100 * time.Millisecond)
		c := contextSwitches(t, pid)
		if c != last {
			busy++
			total += c - last
		}
		last = c
	}
	t.Logf("idle for 5 s: %d of %d slices of 100 ms had a thread run (%d context switches)", busy, slices, total)
	if busy > 4 {
		t.Fatalf("idle agented serve ran in %d of %d slices of 100 ms; something polls", busy, slices)
	}
	p.stop()
}

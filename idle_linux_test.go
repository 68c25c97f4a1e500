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
// ticker left behind by the run. Retention passes and the runtime's forced GC come minutes apart;
// the bound leaves room for one of them landing in the window, while a 25 ms ticker would make
// about 200 switches in it.
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
	before := contextSwitches(t, pid)
	time.Sleep(5 * time.Second)
	n := contextSwitches(t, pid) - before
	t.Logf("context switches in 5 s idle: %d", n)
	if n > 20 {
		t.Fatalf("idle agented serve was switched to %d times in 5 s; something polls", n)
	}
	p.stop()
}

package proc

import (
	"os/exec"
	"syscall"
	"testing"
	"time"
)

func TestParseStat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		line  string
		ppid  int
		pgrp  int
		ticks int64
		ok    bool
	}{
		{"plain", "42 (sh) S 1 42 42 0 -1 4194304 100 0 0 0 7 3 2 1 20 0 1 0 5 0 0", 1, 42, 13, true},
		{"name with spaces and parens", "43 (a (b) c) R 42 42 42 0 -1 0 0 0 0 0 100 50 0 0 20 0 1 0 5 0 0", 42, 42, 150, true},
		{"truncated", "44 (x) S 1 44", 0, 0, 0, false},
		{"garbage", "no parenthesis", 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ppid, pgrp, ticks, ok := parseStat([]byte(tt.line))
			if ppid != tt.ppid || pgrp != tt.pgrp || ticks != tt.ticks || ok != tt.ok {
				t.Fatalf("got %d %d %d %v", ppid, pgrp, ticks, ok)
			}
		})
	}
}

// A silent child that burns CPU makes its parent's tree gain CPU time; a sleeping tree gains none.
func TestTreeCPU(t *testing.T) {
	t.Parallel()
	start := func(script string) *exec.Cmd {
		cmd := exec.Command("sh", "-c", script)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); _ = cmd.Wait() })
		return cmd
	}
	gained := func(pid int) time.Duration {
		before, err := TreeCPU(pid)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(1500 * time.Millisecond)
		after, err := TreeCPU(pid)
		if err != nil {
			t.Fatal(err)
		}
		return after - before
	}
	busy := start(`sh -c 'while :; do :; done' & wait`)
	idle := start(`sleep 600 & wait`)
	if g := gained(busy.Process.Pid); g < 100*time.Millisecond {
		t.Errorf("busy child tree gained %v, want clearly more than nothing", g)
	}
	if g := gained(idle.Process.Pid); g > 20*time.Millisecond {
		t.Errorf("sleeping tree gained %v, want about nothing", g)
	}
	if _, err := TreeCPU(1 << 30); err == nil {
		t.Error("a pid that does not exist has CPU time")
	}
}

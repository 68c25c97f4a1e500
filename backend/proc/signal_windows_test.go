//go:build windows

package proc

import (
	"os/exec"
	"testing"
	"time"
)

// A run's tree on Windows: cmd.exe starts ping, which would outlive cmd.exe if only the leader
// were killed. The job ends both.
func TestJobEndsTheWholeTree(t *testing.T) {
	cmd := exec.Command("cmd.exe", "/c", "ping -n 60 127.0.0.1 >NUL")
	NewGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	if err := Adopt(pid); err != nil {
		t.Fatal(err)
	}
	defer Release(pid)
	deadline := time.Now().Add(10 * time.Second)
	for !GroupAlive(pid) {
		if time.Now().After(deadline) {
			t.Fatal("the job never reported a live process")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := SignalGroup(pid, Kill); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("cmd.exe still runs after its job was terminated")
	}
	for GroupAlive(pid) {
		if time.Now().After(deadline.Add(10 * time.Second)) {
			t.Fatal("a process of the job (ping) still runs after the job was terminated")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := SignalGroup(pid, Kill); err != nil {
		t.Fatalf("ending a job that is already empty: %v", err)
	}
}

// A pid that was never adopted is killed alone, and a gone one is not an error.
func TestSignalWithoutJob(t *testing.T) {
	cmd := exec.Command("cmd.exe", "/c", "ping -n 60 127.0.0.1 >NUL")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if GroupAlive(cmd.Process.Pid) {
		t.Fatal("GroupAlive is true for a process without a job")
	}
	if err := SignalGroup(cmd.Process.Pid, Terminate); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if err := SignalGroup(cmd.Process.Pid, Kill); err != nil {
		t.Fatalf("signalling a process that has exited: %v", err)
	}
}

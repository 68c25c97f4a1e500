package proc

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestLowerPriority checks the niceness the kernel reports for a started child (field 19 of
// /proc/PID/stat, counted after the command name, which may contain spaces).
func TestLowerPriority(t *testing.T) {
	cmd := exec.Command("sleep", "5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	LowerPriority(cmd.Process.Pid)
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	if got := fields[16]; got != strconv.Itoa(childNice) {
		t.Fatalf("niceness %s, want %d", got, childNice)
	}
}

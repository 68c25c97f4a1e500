package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// leak plays a CLI that tries to print secrets it was never given: the environment of its parent
// processes (walking up /proc until it meets agented), then FAKEAGENT_LEAK and the contents of
// FAKEAGENT_LEAK_FILE, as plain lines and inside an assistant text event.
func leak(a agent) {
	write(a.beginLines()...)
	for pid, hops := os.Getppid(), 0; pid > 1 && hops < 8; hops++ {
		comm := readProc(pid, "comm")
		raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
		if err != nil {
			write(fmt.Sprintf("environ of %d (%s): %v", pid, comm, err))
		} else {
			write(fmt.Sprintf("environ of %d (%s): %s", pid, comm, strings.ReplaceAll(string(raw), "\x00", " ")))
		}
		if strings.HasPrefix(comm, "agented") {
			break
		}
		pid = parentOf(pid)
	}
	text := os.Getenv("FAKEAGENT_LEAK")
	if path := os.Getenv("FAKEAGENT_LEAK_FILE"); path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			write(fmt.Sprintf("leak file: %v", err))
		}
		text = strings.TrimSpace(text + "\n" + string(raw))
	}
	if text != "" {
		write(strings.Split(text, "\n")...)
		write(a.textLine("Found these: " + strings.ReplaceAll(text, "\n", " ")))
	}
	write(a.resultLine())
}

func readProc(pid int, name string) string {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/" + name)
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(raw))
}

// parentOf reads the parent pid from /proc/PID/stat (field 4, counted after the command name,
// which may contain spaces); 0 when unknown.
func parentOf(pid int) int {
	stat := readProc(pid, "stat")
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0
	}
	fields := strings.Fields(stat[i+1:])
	if len(fields) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(fields[1])
	return n
}

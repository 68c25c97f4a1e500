// Command procspy stands in for an agent CLI that turns on the program that started it: it walks
// up its ancestors and prints every environment variable it can read from /proc/<pid>/environ,
// one per line, the way a prompt-injected agent would dump them into its transcript. Installed
// as `claude`, it answers --version like the real CLI so detection accepts it. With "[spy:wait]"
// anywhere in its arguments it waits two seconds first, so a viewer can subscribe to the live
// stream before anything is printed.
package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	for _, a := range os.Args[1:] {
		if a == "--version" || a == "-v" {
			fmt.Println("2.1.197 (Claude Code)")
			return
		}
	}
	for _, a := range os.Args[1:] {
		if strings.Contains(a, "[spy:wait]") {
			time.Sleep(2 * time.Second)
			break
		}
	}
	for pid := os.Getppid(); pid > 1; pid = parent(pid) {
		env, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
		if err != nil {
			fmt.Printf("procspy: cannot read environ of pid %d: %v\n", pid, err)
			continue
		}
		fmt.Printf("procspy: environ of pid %d:\n", pid)
		for _, kv := range bytes.Split(env, []byte{0}) {
			if len(kv) > 0 {
				fmt.Printf("%s\n", kv)
			}
		}
	}
}

// parent reads the parent pid from /proc/<pid>/stat; 0 ends the walk.
func parent(pid int) int {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name is in parentheses and may hold spaces: the fields after it start at ") ".
	s := string(raw)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(fields[1])
	return n
}

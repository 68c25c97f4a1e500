package terminal

import (
	"bytes"
	"os"
	"strconv"
)

type procStat struct {
	pid, ppid, sid int
	zombie         bool
	stopped        bool
}

// members lists the live processes of session sid, the live ones of also, and all their
// descendants, read from /proc. A zombie is left out: it is already dead and only waits for its
// parent.
func members(sid int, also map[int]bool) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	all := make([]procStat, 0, len(entries))
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, ok := readStat(pid); ok {
			all = append(all, st)
		}
	}
	in := map[int]bool{}
	for _, st := range all {
		if (st.sid == sid || also[st.pid]) && !st.zombie {
			in[st.pid] = true
		}
	}
	// Descendants that started a session of their own (setsid) are still ours.
	for grew := true; grew; {
		grew = false
		for _, st := range all {
			if !in[st.pid] && !st.zombie && in[st.ppid] {
				in[st.pid], grew = true, true
			}
		}
	}
	out := make([]int, 0, len(in))
	for pid := range in {
		out = append(out, pid)
	}
	return out
}

// readStat parses /proc/<pid>/stat: "pid (comm) state ppid pgrp session ...". comm may hold
// spaces and parentheses, so the fields are counted from the last ')'.
func readStat(pid int) (procStat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return procStat{}, false
	}
	f := bytes.Fields(b[i+2:])
	if len(f) < 4 {
		return procStat{}, false
	}
	ppid, err1 := strconv.Atoi(string(f[1]))
	sid, err2 := strconv.Atoi(string(f[3]))
	if err1 != nil || err2 != nil {
		return procStat{}, false
	}
	return procStat{pid: pid, ppid: ppid, sid: sid, zombie: f[0][0] == 'Z', stopped: f[0][0] == 'T'}, true
}

package proc

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// clockTick is the unit of the CPU times in /proc/<pid>/stat (USER_HZ, 100 on every Linux
// Agented runs on; sysconf is not reachable without cgo).
const clockTick = 10 * time.Millisecond

// TreeCPU returns the CPU time used so far by the process group led by pid and by every
// descendant of pid, also those that left the group: user and system time of each live process,
// plus what its reaped children used. A run whose CLI waits on a silent `npm test` gains CPU time
// here although it prints nothing; an idle one gains none.
func TreeCPU(pid int) (time.Duration, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	type stat struct {
		ppid, pgrp int
		ticks      int64
	}
	all := map[int]stat{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		ppid, pgrp, ticks, ok := parseStat(raw)
		if ok {
			all[p] = stat{ppid, pgrp, ticks}
		}
	}
	if _, ok := all[pid]; !ok {
		return 0, os.ErrNotExist
	}
	in := func(p int) bool {
		for seen := 0; p > 1 && seen < 64; seen++ {
			if p == pid {
				return true
			}
			p = all[p].ppid
		}
		return false
	}
	var total int64
	for p, s := range all {
		if s.pgrp == pid || in(p) {
			total += s.ticks
		}
	}
	return time.Duration(total) * clockTick, nil
}

// parseStat reads ppid, pgrp and utime+stime+cutime+cstime from a /proc/<pid>/stat line. The
// command name may hold spaces and parentheses, so fields are counted after its last ')'.
func parseStat(raw []byte) (ppid, pgrp int, ticks int64, ok bool) {
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return 0, 0, 0, false
	}
	f := bytes.Fields(raw[i+1:])
	// f[0] is field 3 (state): ppid is field 4, pgrp 5, utime..cstime 14..17.
	if len(f) < 15 {
		return 0, 0, 0, false
	}
	num := func(b []byte) int64 { n, _ := strconv.ParseInt(string(b), 10, 64); return n }
	ticks = num(f[11]) + num(f[12]) + num(f[13]) + num(f[14])
	return int(num(f[1])), int(num(f[2])), ticks, true
}

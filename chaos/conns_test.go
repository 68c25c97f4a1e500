//go:build unix

package chaos

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// openConns counts the TCP connections the server process holds on its listening port: sockets
// among /proc/<pid>/fd whose row in /proc/net/tcp has our port as local port and is not the
// listening socket. A connection the server has not closed counts whatever the client did.
func (s *server) openConns() int {
	s.t.Helper()
	inodes := map[string]bool{}
	fds, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(s.pid()), "fd"))
	if err != nil {
		s.t.Fatalf("read fds: %v", err)
	}
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(s.pid()), "fd", fd.Name()))
		if err != nil {
			continue // closed between ReadDir and Readlink
		}
		if ino, ok := strings.CutPrefix(target, "socket:["); ok {
			inodes[strings.TrimSuffix(ino, "]")] = true
		}
	}
	n := 0
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // header
		for sc.Scan() {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[3] == "0A" || !inodes[fields[9]] {
				continue
			}
			_, portHex, _ := strings.Cut(fields[1], ":")
			if port, err := strconv.ParseInt(portHex, 16, 32); err == nil && int(port) == s.port {
				n++
			}
		}
		f.Close()
	}
	return n
}

// rssKiB is the server's resident memory.
func (s *server) rssKiB() int {
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(s.pid()), "status"))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return -1
}

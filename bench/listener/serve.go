package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/settings"
)

// apiKey guards /admin and /api of the server under test.
const apiKey = "bench-key-0123456789abcdef"

// server is one `agented serve` process with its own data directory.
type server struct {
	cmd    *exec.Cmd
	base   string
	home   string
	stderr *syncBuffer
	done   chan error
}

// syncBuffer collects the server's stderr (its JSON log) for a failure message.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 1<<20 { // the tail is what explains a failure
		b.buf.Reset()
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// prepareHome stores the settings a bench needs before the server reads them at start: the API
// limit raised (all admin load comes from one address), 16 concurrent runs, and 127.0.0.1
// trusted as a proxy so each webhook can name its own sender in X-Forwarded-For.
func prepareHome(ctx context.Context, home string) error {
	d, err := db.Open(ctx, filepath.Join(home, "agented.db"))
	if err != nil {
		return err
	}
	defer d.Close()
	ms, err := db.Embedded()
	if err != nil {
		return err
	}
	if _, err := d.Migrate(ctx, ms); err != nil {
		return err
	}
	log := slog.New(slog.DiscardHandler)
	svc, err := settings.New(ctx, d, nopEmitter{}, log)
	if err != nil {
		return err
	}
	s := svc.Get()
	s.MaxConcurrentRuns = 16
	if _, err := svc.Update(ctx, s); err != nil {
		return err
	}
	l := svc.Listener()
	l.APIRatePerMinute = 100000
	l.TrustedProxies = []string{"127.0.0.1"}
	_, err = svc.UpdateListener(ctx, l)
	return err
}

type nopEmitter struct{}

func (nopEmitter) Emit(string, any) {}

// startServer runs bin serve on a free loopback port with the fake claude first on PATH.
// pprofAddr, when set, opens the profiling endpoints there.
func startServer(ctx context.Context, bin, cliDir, pprofAddr string) (*server, error) {
	home, err := os.MkdirTemp("", "agented-bench-")
	if err != nil {
		return nil, err
	}
	if err := prepareHome(ctx, home); err != nil {
		return nil, fmt.Errorf("prepare data dir: %w", err)
	}
	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0")
	env := []string{}
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "DISPLAY", "WAYLAND_DISPLAY", "AGENTED_HOME", "DBUS_SESSION_BUS_ADDRESS", "PATH", "AGENTED_LISTEN", "AGENTED_PPROF":
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = append(env, "AGENTED_HOME="+home, "AGENTED_API_KEY="+apiKey,
		"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", // the keyring is not part of what is measured
		"PATH="+cliDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	if pprofAddr != "" {
		cmd.Env = append(cmd.Env, "AGENTED_PPROF="+pprofAddr)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, home: home, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	base := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "listening: "); ok {
				base <- u
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() { s.done <- cmd.Wait() }()
	select {
	case s.base = <-base:
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("serve exited (%v):\n%s", err, s.stderr.String())
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("serve never printed its address:\n%s", s.stderr.String())
	}
}

// stop ends the server with SIGTERM (SIGKILL after 20 s) and removes its data.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	_ = os.RemoveAll(s.home)
}

// rssMB reads a /proc/<pid>/status field (VmRSS, VmHWM) of the server, in MB.
func (s *server) rssMB(field string) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.Fields(v)[0], 64)
			return kb / 1024
		}
	}
	return 0
}

// cpu reads the server's CPU time so far (utime + stime from /proc/<pid>/stat).
func (s *server) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest) // f[0] is field 3 (state): utime is field 14, stime 15
	if !ok || len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+st) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times on Linux.
const clockTicks = 100

// openDB opens the server's database read-only, for counting runs and deliveries while it runs.
func (s *server) openDB() (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+filepath.Join(s.home, "agented.db")+
		"?_pragma=busy_timeout(10000)&_pragma=query_only(ON)")
}

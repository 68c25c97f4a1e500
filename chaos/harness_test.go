//go:build unix

package chaos

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// apiKey guards /admin and /api of every server under test. It is long and distinctive so a
// leak is found by a plain substring search of whatever the server stores or serves.
const apiKey = "chaos-key-7f3a9c1e5b2d4086a1c3e5f7"

// nobody is the uid and gid a server runs as when root's ability to read any process's memory
// would make a check meaningless.
const nobody = 65534

// bins are built once per test binary run by TestMain.
var bins struct {
	agented string // the product
	fakeCLI string // dir holding testdata/fakeagent built as `claude`
	spyCLI  string // dir holding testdata/procspy built as `claude`
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "agented-chaos-bin-")
	if err == nil {
		// Servers that run as nobody must reach the binaries.
		err = os.Chmod(dir, 0o755)
	}
	if err == nil {
		err = buildAll(dir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaos: build:", err)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// buildAll builds agented and the two fake CLIs into dir. The repository root is one level up.
func buildAll(dir string) error {
	bins.agented = filepath.Join(dir, "agented")
	bins.fakeCLI = filepath.Join(dir, "fake")
	bins.spyCLI = filepath.Join(dir, "spy")
	steps := []struct{ out, pkg, wd string }{
		{bins.agented, ".", ".."},
		{filepath.Join(bins.fakeCLI, "claude"), "./testdata/fakeagent", ".."},
		{filepath.Join(bins.spyCLI, "claude"), "./testdata/procspy", "."},
	}
	for _, s := range steps {
		if err := os.MkdirAll(filepath.Dir(s.out), 0o755); err != nil {
			return err
		}
		cmd := exec.Command("go", "build", "-o", s.out, s.pkg)
		cmd.Dir = s.wd
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", s.pkg, err, out)
		}
	}
	return nil
}

// tried and survived are the two halves of every case's report, printed with -v.
func tried(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Logf("tried: "+format, args...)
}

func survived(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Logf("survived: "+format, args...)
}

// needRoot skips a case that cannot be staged without root, saying why.
func needRoot(t *testing.T, why string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skipf("needs root to %s", why)
	}
}

// newHome makes an empty data directory owned by uid, outside t.TempDir so a server running as
// nobody can reach it. Cleanup lifts any immutable flag a case left before removing it.
func newHome(t *testing.T, uid int) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "agented-chaos-home-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, uid, uid); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = exec.Command("chattr", "-R", "-i", dir).Run()
		_ = os.RemoveAll(dir)
	})
	return dir
}

// tailBuffer keeps the last max bytes of a server's log. Access lines of answered requests are
// left out: a server answering 60,000 requests, or the harness polling it, would push out the
// lines that explain a failure.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

// Write keeps p unless it is an access line below 500. slog writes one record per call.
func (w *tailBuffer) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(`"msg":"http request"`)) && !bytes.Contains(p, []byte(`"status":5`)) {
		return len(p), nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b = append(w.b, p...)
	if over := len(w.b) - w.max; over > 0 {
		w.b = append(w.b[:0], w.b[over:]...)
	}
	return len(p), nil
}

func (w *tailBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.b)
}

// serverOpts say how to start a server.
type serverOpts struct {
	home   string   // data directory; "" makes a new one
	cliDir string   // directory put first on PATH; "" means the fake agent
	uid    int      // run as this uid and gid; 0 keeps ours
	env    []string // extra variables, e.g. AGENTED_TRUSTED_PROXIES=127.0.0.1
}

// server is one `agented serve` process.
type server struct {
	t      *testing.T
	opts   serverOpts
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:port
	addr   string // 127.0.0.1:port
	port   int
	stderr *tailBuffer
	done   chan error
	*client
}

// startServer starts `agented serve` on 127.0.0.1:0 and waits for its `listening:` banner.
func startServer(t *testing.T, opts serverOpts) *server {
	t.Helper()
	if opts.home == "" {
		opts.home = newHome(t, opts.uid)
	}
	if opts.cliDir == "" {
		opts.cliDir = bins.fakeCLI
	}
	s := &server{t: t, opts: opts}
	s.launch()
	return s
}

func (s *server) launch() {
	t := s.t
	t.Helper()
	cmd := exec.Command(bins.agented, "serve", "--listen", "127.0.0.1:0")
	cmd.Env = append(cleanEnv(),
		"AGENTED_HOME="+s.opts.home,
		"AGENTED_API_KEY="+apiKey,
		"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent",
		"PATH="+s.opts.cliDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"HOME="+s.opts.home,
	)
	cmd.Env = append(cmd.Env, s.opts.env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if s.opts.uid != 0 {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(s.opts.uid), Gid: uint32(s.opts.uid)}
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.stderr = &tailBuffer{max: 64 << 10}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.cmd, s.done = cmd, make(chan error, 1)
	banner := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "listening: "); ok {
				banner <- u
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() { s.done <- cmd.Wait() }()
	pid := cmd.Process.Pid
	t.Cleanup(func() { _ = syscall.Kill(-pid, syscall.SIGKILL) })
	select {
	case s.base = <-banner:
	case err := <-s.done:
		t.Fatalf("serve exited before listening: %v\n%s", err, s.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve printed no address within 60 s\n%s", s.stderr.String())
	}
	s.addr = strings.TrimPrefix(s.base, "http://")
	if _, err := fmt.Sscanf(s.addr[strings.LastIndexByte(s.addr, ':')+1:], "%d", &s.port); err != nil {
		t.Fatalf("banner address %q: %v", s.base, err)
	}
	s.client = newClient(t, s.base)
	s.client.tail = func() string { return lastLines(s.stderr.String(), 20) }
}

// cleanEnv is our environment without what would change how the server under test behaves.
func cleanEnv() []string {
	drop := []string{"DISPLAY=", "WAYLAND_DISPLAY=", "AGENTED_", "DBUS_SESSION_BUS_ADDRESS=", "PATH=", "HOME=",
		"HTTP_PROXY=", "HTTPS_PROXY=", "http_proxy=", "https_proxy=", "ANTHROPIC_API_KEY=", "OPENAI_API_KEY=", "GEMINI_API_KEY="}
	var out []string
next:
	for _, kv := range os.Environ() {
		for _, d := range drop {
			if strings.HasPrefix(kv, d) {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}

// pid is the server's process id.
func (s *server) pid() int { return s.cmd.Process.Pid }

// alive reports whether the process is still running.
func (s *server) alive() bool {
	select {
	case err := <-s.done:
		s.done <- err
		return false
	default:
		return true
	}
}

// kill9 kills the server and everything it started, with no chance to clean up.
func (s *server) kill9() {
	s.t.Helper()
	_ = syscall.Kill(-s.pid(), syscall.SIGKILL)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.t.Fatal("serve survived SIGKILL for 30 s")
	}
	s.client.close()
}

// restart starts a new process on the same data directory.
func (s *server) restart() {
	s.t.Helper()
	s.launch()
}

// mustBeHealthy fails unless the process runs and answers liveness and an authenticated read.
func (s *server) mustBeHealthy() {
	s.t.Helper()
	if !s.alive() {
		s.t.Fatalf("server died\n%s", s.stderr.String())
	}
	if code, _, body := s.do("GET", "/health/liveness", nil, nil); code != 200 {
		s.t.Fatalf("liveness = %d %s", code, body)
	}
	if code := s.admin("GET", "/admin/triggers", nil, nil); code != 200 {
		s.t.Fatalf("GET /admin/triggers = %d", code)
	}
}

// failf reports a failed check with the end of the server's log.
func (s *server) failf(format string, args ...any) {
	s.t.Helper()
	s.t.Fatalf(format+"\n--- server log (tail) ---\n%s", append(args, lastLines(s.stderr.String(), 20))...)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// waitFor polls ok every 100 ms until it holds or timeout passes. The timeout is a guard
// against a hang, never the thing under test.
func waitFor(t *testing.T, timeout time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

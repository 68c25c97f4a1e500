//go:build linux

package terminal

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestShellRunsACommand(t *testing.T) {
	t.Parallel()
	svc, sc := newTestService(t, nil)
	dir := t.TempDir()
	s := startShell(t, svc, sc, StartOptions{Dir: dir})
	if s.Status != StatusRunning || s.PID <= 0 || s.Title != "bash" || s.Rows != 24 || s.Cols != 80 {
		t.Fatalf("started session = %+v", s)
	}
	mark := len(sc.text(s.ID))
	// The answer differs from the typed text, so the echo of the input cannot satisfy the wait.
	if err := svc.Write(s.ID, "echo $((6*7)); pwd\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitText(t, s.ID, mark, "42")
	sc.waitText(t, s.ID, mark, dir)
}

func TestSizeIsSetBeforeStartAndFollowsResize(t *testing.T) {
	t.Parallel()
	svc, sc := newTestService(t, nil)
	s := startShell(t, svc, sc, StartOptions{Rows: 30, Cols: 100})
	mark := len(sc.text(s.ID))
	if err := svc.Write(s.ID, "stty size\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitText(t, s.ID, mark, "30 100")
	if err := svc.Resize(s.ID, 50, 132); err != nil {
		t.Fatal(err)
	}
	mark = len(sc.text(s.ID))
	if err := svc.Write(s.ID, "stty size\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitText(t, s.ID, mark, "50 132")
	if got := svc.List("")[0]; got.Rows != 50 || got.Cols != 132 {
		t.Fatalf("listed size %d×%d, want 50×132", got.Rows, got.Cols)
	}
}

func TestUTF8BothWays(t *testing.T) {
	t.Parallel()
	svc, sc := newTestService(t, nil)
	s := startShell(t, svc, sc, StartOptions{})
	mark := len(sc.text(s.ID))
	text := "héllo ✓ 日本語 🎉"
	// printf %s prints the argument once more after the echoed input: two copies mean the shell
	// received every byte and printed it back.
	if err := svc.Write(s.ID, "printf '<%s>\\n' '"+text+"'\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitText(t, s.ID, mark, "<"+text+">")
	// A long run of three-byte characters crosses read boundaries at arbitrary bytes: every
	// published batch must still be whole characters (screen.check) and none may be lost.
	mark = len(sc.text(s.ID))
	if err := svc.Write(s.ID, "for i in $(seq 1 6000); do printf '日本語'; done; echo; echo DONE$((2+3))\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitText(t, s.ID, mark, "DONE5")
	// 6000 printed, and one in the echo of the typed command.
	if n := strings.Count(sc.text(s.ID)[mark:], "日本語"); n != 6001 {
		t.Fatalf("%d copies of the text came back, want 6001", n)
	}
}

func TestProcessExitKeepsStatus(t *testing.T) {
	t.Parallel()
	svc, sc := newTestService(t, nil)
	s := startShell(t, svc, sc, StartOptions{})
	if err := svc.Write(s.ID, "echo bye; exit 3\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitFor(t, "exit status", func() bool {
		st, _ := sc.lastStatus(s.ID)
		return st.Status == StatusExited
	})
	st, _ := sc.lastStatus(s.ID)
	if st.ExitCode != 3 || st.ExitText != "exit status 3" || st.EndedAt == "" {
		t.Fatalf("exited session = %+v", st)
	}
	// The output was published before the exit was announced.
	if !strings.Contains(sc.text(s.ID), "bye") {
		t.Fatalf("output before exit missing: %q", sc.text(s.ID))
	}
	listed := svc.List("")
	if len(listed) != 1 || listed[0].Status != StatusExited || listed[0].ExitCode != 3 {
		t.Fatalf("listed after exit: %+v", listed)
	}
	snap, err := svc.Snapshot(s.ID)
	if err != nil || !strings.Contains(snap.Data, "bye") || snap.Session.Status != StatusExited {
		t.Fatalf("snapshot after exit: %+v, %v", snap, err)
	}
	if err := svc.Write(s.ID, "x"); !errors.Is(err, ErrExited) {
		t.Fatalf("write after exit: %v, want ErrExited", err)
	}
	if err := svc.Close(context.Background(), s.ID); err != nil {
		t.Fatal(err)
	}
	if got := svc.List(""); len(got) != 0 {
		t.Fatalf("closed session still listed: %+v", got)
	}
	if st, _ := sc.lastStatus(s.ID); st.Status != StatusClosed {
		t.Fatalf("last status event %q, want closed", st.Status)
	}
}

func TestSignalledExitIsReported(t *testing.T) {
	t.Parallel()
	svc, sc := newTestService(t, nil)
	s := startShell(t, svc, sc, StartOptions{})
	if err := syscall.Kill(s.PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	sc.waitFor(t, "exit", func() bool { st, _ := sc.lastStatus(s.ID); return st.Status == StatusExited })
	if st, _ := sc.lastStatus(s.ID); st.ExitCode != -1 || st.ExitText != "signal: killed" {
		t.Fatalf("killed session = %+v", st)
	}
}

var pidsRe = regexp.MustCompile(`PIDS:(\d+):(\d+):(\d+):(\d+)`)

// stubborn are children that try to outlive their shell: one that ignores SIGHUP, one under
// nohup, one in a session of its own (setsid, whose sleep is a grandchild), and a stopped job.
// Each sleeps for a duration unique to the test, which is how survivors are found afterwards.
type stubborn struct {
	pids []int
	mark string
}

func startStubbornChildren(t *testing.T, svc *Service, sc *screen, id string) stubborn {
	t.Helper()
	st := stubborn{mark: "." + strconv.Itoa(rand.IntN(1e9))}
	mark := len(sc.text(id))
	cmd := fmt.Sprintf("bash -c 'trap \"\" HUP; exec sleep 1000%[1]s' & a=$!; nohup sleep 1001%[1]s >/dev/null 2>&1 & b=$!; "+
		"setsid -w sleep 1002%[1]s & c=$!; sleep 1003%[1]s & d=$!; echo PIDS:$a:$b:$c:$((d+0))\n", st.mark)
	if err := svc.Write(id, cmd); err != nil {
		t.Fatal(err)
	}
	var m []string
	sc.waitFor(t, "pids", func() bool {
		m = pidsRe.FindStringSubmatch(sc.text(id)[mark:])
		return m != nil
	})
	for _, s := range m[1:] {
		pid, _ := strconv.Atoi(s)
		st.pids = append(st.pids, pid)
	}
	sc.waitFor(t, "four sleeps", func() bool { return len(st.survivors()) == 4 })
	// Stopped only once it runs sleep: stopped earlier, it would still be the shell's fork.
	if err := svc.Write(id, "kill -STOP $d\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitFor(t, "a stopped job", func() bool {
		ps, ok := readStat(st.pids[3])
		return ok && ps.stopped
	})
	return st
}

// survivors lists the processes still running one of the test's sleeps.
func (st stubborn) survivors() []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !running(pid) {
			continue
		}
		cmdline, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if args := strings.Split(string(cmdline), "\x00"); len(args) >= 2 && args[0] == "sleep" && strings.HasSuffix(args[1], st.mark) {
			out = append(out, e.Name()+" sleep "+args[1])
		}
	}
	return out
}

// running reports whether pid is a live process (a zombie is dead).
func running(pid int) bool {
	st, ok := readStat(pid)
	return ok && !st.zombie
}

func assertGone(t *testing.T, sid int, children stubborn) {
	t.Helper()
	for _, pid := range append([]int{sid}, children.pids...) {
		if running(pid) {
			t.Errorf("process %d survived", pid)
		}
	}
	if m := members(sid, nil); len(m) > 0 {
		t.Errorf("session %d still has processes %v", sid, m)
	}
	if s := children.survivors(); len(s) > 0 {
		t.Errorf("survivors: %v", s)
	}
}

func TestCloseEndsTheWholeSession(t *testing.T) {
	t.Parallel()
	svc, sc := newTestService(t, nil)
	s := startShell(t, svc, sc, StartOptions{})
	pids := startStubbornChildren(t, svc, sc, s.ID)
	if err := svc.Close(context.Background(), s.ID); err != nil {
		t.Fatal(err)
	}
	assertGone(t, s.PID, pids)
	if _, err := svc.Snapshot(s.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("snapshot after close: %v, want ErrNotFound", err)
	}
}

func TestExitLeavesNoOrphan(t *testing.T) {
	t.Parallel()
	svc, sc := newTestService(t, nil)
	s := startShell(t, svc, sc, StartOptions{})
	pids := startStubbornChildren(t, svc, sc, s.ID)
	if err := svc.Write(s.ID, "exit 0\n"); err != nil {
		t.Fatal(err)
	}
	// bash refuses the first exit while a job is stopped; the second one ends it.
	sc.waitText(t, s.ID, 0, "stopped jobs")
	if err := svc.Write(s.ID, "exit 0\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitFor(t, "exit", func() bool { st, _ := sc.lastStatus(s.ID); return st.Status == StatusExited })
	assertGone(t, s.PID, pids)
}

func TestShutdownEndsEverySession(t *testing.T) {
	t.Parallel()
	svc, sc := newTestService(t, nil)
	var sids []int
	var children []stubborn
	for range 3 {
		s := startShell(t, svc, sc, StartOptions{})
		sids = append(sids, s.PID)
		children = append(children, startStubbornChildren(t, svc, sc, s.ID))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := svc.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	for i, sid := range sids {
		assertGone(t, sid, children[i])
	}
	if _, err := svc.Start(ctx, StartOptions{Dir: t.TempDir()}); !errors.Is(err, ErrShuttingDown) {
		t.Fatalf("start after shutdown: %v, want ErrShuttingDown", err)
	}
}

func TestCLIStartsWithItsArguments(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "claude")
	script := "#!/bin/sh\nprintf 'args:[%s]\\n' \"$@\"\nprintf 'term:%s\\n' \"$TERM\"\nread line\necho \"got:$line\"\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	svc, sc := newTestService(t, func(d *Deps) { d.Resolver = fakeResolver{"claude": bin} })
	s, err := svc.Start(context.Background(), StartOptions{Dir: t.TempDir(), Kind: "claude", Args: []string{"/gsd:plan-phase 3"}, ProjectID: "p1"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Title != "Claude Code" || s.Kind != "claude" || s.ProjectID != "p1" {
		t.Fatalf("session = %+v", s)
	}
	sc.waitText(t, s.ID, 0, "args:[/gsd:plan-phase 3]")
	sc.waitText(t, s.ID, 0, "term:xterm-256color")
	if err := svc.Write(s.ID, "an answer\r"); err != nil {
		t.Fatal(err)
	}
	sc.waitText(t, s.ID, 0, "got:an answer")
	sc.waitFor(t, "exit", func() bool { st, _ := sc.lastStatus(s.ID); return st.Status == StatusExited })
	if st, _ := sc.lastStatus(s.ID); st.ExitCode != 0 {
		t.Fatalf("cli exit = %+v", st)
	}
	if got := svc.List("p1"); len(got) != 1 || got[0].ID != s.ID {
		t.Fatalf("List(p1) = %+v", got)
	}
	if got := svc.List("other"); len(got) != 0 {
		t.Fatalf("List(other) = %+v", got)
	}
}

type fakeProjects map[string]string

func (f fakeProjects) WorkDir(_ context.Context, id string) (string, error) {
	d, ok := f[id]
	if !ok {
		return "", errors.New("project not found")
	}
	return d, nil
}

func TestProjectDirectoryIsUsed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	svc, sc := newTestService(t, func(d *Deps) { d.Projects = fakeProjects{"p1": dir, "empty": ""} })
	s := startShell(t, svc, sc, StartOptions{ProjectID: "p1"})
	if s.Dir != dir {
		t.Fatalf("dir = %q, want the project's %q", s.Dir, dir)
	}
	if _, err := svc.Start(context.Background(), StartOptions{ProjectID: "empty"}); !errors.Is(err, ErrNoProjectDir) {
		t.Fatalf("project without dir: %v", err)
	}
	if _, err := svc.Start(context.Background(), StartOptions{ProjectID: "nope"}); err == nil || !strings.Contains(err.Error(), "project not found") {
		t.Fatalf("unknown project: %v", err)
	}
}

func TestScrollbackIsBoundedAndRestores(t *testing.T) {
	t.Parallel()
	const keep = 4096
	svc, sc := newTestService(t, func(d *Deps) { d.ScrollbackBytes = keep })
	s := startShell(t, svc, sc, StartOptions{})
	if err := svc.Write(s.ID, "seq 1 20000; echo END$((1+1))\n"); err != nil {
		t.Fatal(err)
	}
	sc.waitText(t, s.ID, 0, "END2")
	// What the viewer was sent (ending at a batch boundary) must end with what the snapshot ends with.
	snap, err := svc.Snapshot(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	full := sc.text(s.ID)
	if len(snap.Data) > keep || len(snap.Data) < keep-200 {
		t.Fatalf("snapshot holds %d bytes, want about %d", len(snap.Data), keep)
	}
	if snap.End < uint64(len(full)) || snap.End-snap.Start != uint64(len(snap.Data)) {
		t.Fatalf("snapshot range [%d,%d) for %d bytes; %d published", snap.Start, snap.End, len(snap.Data), len(full))
	}
	if !strings.HasSuffix(full[:snap.End], snap.Data) {
		t.Fatal("snapshot is not the tail of the published output")
	}
	// It starts at a line: a restored screen does not open with half a line.
	if !strings.HasPrefix(full[snap.Start-1:], "\n") || !strings.Contains(snap.Data, "20000") {
		t.Fatalf("snapshot starts mid-line: %q", snap.Data[:40])
	}
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	svc, _ := newTestService(t, func(d *Deps) { d.MaxSessions = 1 })
	dir := t.TempDir()
	tests := []struct {
		name string
		o    StartOptions
		want error
		text string
	}{
		{"no dir", StartOptions{}, ErrBadDir, "no directory"},
		{"relative dir", StartOptions{Dir: "rel/dir"}, ErrBadDir, "not an absolute path"},
		{"missing dir", StartOptions{Dir: filepath.Join(dir, "nope")}, ErrBadDir, "does not exist"},
		{"file as dir", StartOptions{Dir: file}, ErrBadDir, "not a directory"},
		{"unknown program", StartOptions{Dir: dir, Kind: "vim"}, ErrBadKind, "want shell, claude"},
		{"cli not installed", StartOptions{Dir: dir, Kind: "codex"}, ErrBadKind, "command not found"},
		{"too small", StartOptions{Dir: dir, Rows: 1, Cols: 80}, ErrBadSize, "1 rows"},
		{"too wide", StartOptions{Dir: dir, Rows: 24, Cols: 5000}, ErrBadSize, "5000 columns"},
		{"project without resolver", StartOptions{ProjectID: "p"}, ErrProjectUnknown, ""},
	}
	for _, tt := range tests {
		_, err := svc.Start(context.Background(), tt.o)
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("%s: %v, want %v containing %q", tt.name, err, tt.want, tt.text)
		}
	}
	if _, err := svc.Start(context.Background(), StartOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Start(context.Background(), StartOptions{Dir: dir}); !errors.Is(err, ErrTooMany) {
		t.Fatalf("second session over the limit: %v", err)
	}
	id := svc.List("")[0].ID
	if err := svc.Resize(id, 0, 80); !errors.Is(err, ErrBadSize) {
		t.Fatalf("resize to 0 rows: %v", err)
	}
	for name, err := range map[string]error{
		"write":    svc.Write("missing", "x"),
		"resize":   svc.Resize("missing", 24, 80),
		"close":    svc.Close(context.Background(), "missing"),
		"snapshot": func() error { _, err := svc.Snapshot("missing"); return err }(),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s of an unknown session: %v, want ErrNotFound", name, err)
		}
	}
}

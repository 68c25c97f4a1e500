package execution

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/proc"
	"github.com/agented/agented/backend/trigger"
)

// Each iteration is a whole scenario; they take over a second, so go test runs each once.

// procStatus reads a field of /proc/self/status in kB.
func procStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	return 0
}

// resetPeakRSS makes VmHWM start again from the current RSS.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0o200) }

// openFDs lists this process's open file descriptors with what they point at, leaving out the
// SQLite files: the reader pool opens up to its fixed maximum of connections on demand, which is
// bounded growth, not a leak. The fd of the directory listing itself has no target by then.
func openFDs() map[string]string {
	ents, _ := os.ReadDir("/proc/self/fd")
	out := map[string]string{}
	for _, e := range ents {
		target, err := os.Readlink("/proc/self/fd/" + e.Name())
		if err != nil || target == "" || strings.Contains(target, "agented.db") {
			continue
		}
		out[e.Name()] = target
	}
	return out
}

// benchHarness is newHarness for benchmarks, with a real bus as emitter.
func benchHarness(b *testing.B, bus *events.Bus, maxRuns int, env []string) (*Engine, *trigger.Service, string) {
	b.Helper()
	d := testutil.OpenDB(b)
	trig := trigger.New(trigger.Deps{DB: d, Emitter: bus, Log: logging.Discard()})
	dir := b.TempDir()
	eng := NewEngine(Deps{
		Store: NewStore(d), Triggers: trig, Resolver: dirResolver{fakeCLIs(b)}, Env: staticEnv{env},
		Limits:  func() Limits { return Limits{MaxConcurrent: maxRuns, OutputCapBytes: 256 << 20} },
		Emitter: bus, Log: logging.Discard(), Go: func(f func()) { go f() }, DefaultDir: dir,
	})
	if err := eng.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = eng.Shutdown(context.Background()) })
	return eng, trig, dir
}

func waitDone(b *testing.B, eng *Engine, id string, timeout time.Duration) Execution {
	b.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ex, err := eng.Get(context.Background(), id)
		if err != nil {
			b.Fatal(err)
		}
		switch ex.Status {
		case StatusSuccess, StatusFailed, StatusTimeout, StatusCancelled, StatusInterrupted:
			return ex
		}
		if time.Now().After(deadline) {
			b.Fatalf("%s still %s", id, ex.Status)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ingestRounds is how many (cat, engine) pairs one iteration measures. Both sides swing by 2x
// from one moment to the next on a shared VM; the medians of alternating rounds compare them
// under the same conditions.
const ingestRounds = 5

// BenchmarkIngest100MB: one run printing 100 MB of lines, against the same CLI piped into
// `cat > /dev/null` (the cost of the bytes themselves), plus peak RSS growth.
//
// Both sides time the same thing: from just before the CLI is started until its last byte has
// been consumed (cat has exited; the engine has stored every line and recorded the outcome). The
// engine's window runs from the run's "running" status to its final status, as a viewer on the
// bus sees them; what comes before it (queueing, dispatch, the working directory's fingerprint) is
// the cost of starting a run, which BenchmarkServeRunStart measures. The submit-to-finished time
// is logged beside it. The CLI gets the same pipe size and the same lowered priority on both
// sides, as the engine gives every CLI.
func BenchmarkIngest100MB(b *testing.B) {
	const size = 100 << 20
	env := []string{"FAKEAGENT_MODE=flood", "FAKEAGENT_BYTES=" + strconv.Itoa(size)}
	bus := events.NewBus()
	eng, trig, dir := benchHarness(b, bus, 1, env)
	tr, err := trig.Create(context.Background(), trigger.Trigger{Name: "flood", PromptTemplate: "flood", BackendType: "claude"})
	if err != nil {
		b.Fatal(err)
	}
	cmd, _ := agent.BuildCommand(agent.Spec{Backend: "claude", Prompt: "flood", Dirs: []string{dir}})
	argv := append([]string{filepath.Join(fakeCLIs(b), "claude")}, cmd.Argv[1:]...)
	for range b.N {
		var bases, ours, whole []time.Duration
		var growth float64
		var lines int64
		for range ingestRounds {
			base, err := catPipe(argv, append(os.Environ(), env...), dir)
			if err != nil {
				b.Fatalf("baseline: %v", err)
			}
			bases = append(bases, base)

			runtimeIdle := procStatus("VmRSS")
			resetPeakRSS()
			sub := bus.Subscribe(64, func(n string) bool { return n == events.ExecutionStatus })
			submitted := time.Now()
			ex, err := eng.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: KindManual})
			if err != nil {
				b.Fatal(err)
			}
			running, ended := statusTimes(b, sub, ex.ID)
			sub.Close()
			ours = append(ours, ended.Sub(running))
			whole = append(whole, ended.Sub(submitted))
			growth = max(growth, float64(procStatus("VmHWM")-runtimeIdle)/1024)
			done := waitDone(b, eng, ex.ID, time.Minute)
			if done.Status != StatusSuccess || done.StoredBytes < size*9/10 {
				b.Fatalf("run %s stored %d bytes (%s)", done.Status, done.StoredBytes, done.ErrorMessage)
			}
			lines = done.LineCount
			waitIndexed(b, eng) // the background indexing of this run must not slow the next round
		}
		for _, d := range [][]time.Duration{bases, ours, whole} {
			slices.Sort(d)
		}
		base, own := bases[len(bases)/2], ours[len(ours)/2]
		ratio := base.Seconds() / own.Seconds()
		b.ReportMetric(ratio, "ratio_vs_cat")
		b.ReportMetric(float64(size)/(1<<20)/own.Seconds(), "MB/s")
		b.ReportMetric(growth, "peak_rss_growth_MB")
		ms := func(d []time.Duration) string {
			return fmt.Sprintf("%s (%s-%s)", d[len(d)/2].Round(time.Millisecond), d[0].Round(time.Millisecond), d[len(d)-1].Round(time.Millisecond))
		}
		b.Logf("100 MB, median of %d rounds: cat pipe %s, engine %s: ratio %.2f (target >= 0.5); submit to finished %s; %d lines, peak RSS +%.1f MB (target <= 64)",
			ingestRounds, ms(bases), ms(ours), ratio, ms(whole), lines, growth)
	}
}

// catPipe runs argv with its stdout in a pipe that `cat > /dev/null` reads, the pipe sized and
// the CLI's priority lowered as the engine does it, and times it from the start to both exits.
func catPipe(argv, env []string, dir string) (time.Duration, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	defer w.Close()
	growPipe(r)
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return 0, err
	}
	defer null.Close()
	cat := exec.Command("cat")
	cat.Stdin, cat.Stdout = r, null
	cli := exec.Command(argv[0], argv[1:]...)
	cli.Env, cli.Dir, cli.Stdout, cli.Stderr = env, dir, w, null
	start := time.Now()
	if err := cat.Start(); err != nil {
		return 0, err
	}
	if err := cli.Start(); err != nil {
		_ = cat.Process.Kill()
		_ = cat.Wait()
		return 0, err
	}
	proc.LowerPriority(cli.Process.Pid)
	r.Close()
	w.Close()
	errCLI, errCat := cli.Wait(), cat.Wait()
	took := time.Since(start)
	return took, errors.Join(errCLI, errCat)
}

// statusTimes follows a run's status events until it ends and returns when it was announced
// running and when it was announced finished.
func statusTimes(b *testing.B, sub *events.Subscription, id string) (running, ended time.Time) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			b.Fatalf("run %s: no final status: %v", id, err)
		}
		now := time.Now()
		ex, ok := ev.Payload.(Execution)
		if !ok || ex.ID != id {
			continue
		}
		switch {
		case ex.Status == StatusRunning && running.IsZero():
			running = now
		case IsTerminal(ex.Status):
			if running.IsZero() {
				b.Fatalf("run %s ended (%s) without running", id, ex.Status)
			}
			return running, now
		}
	}
}

// waitIndexed waits until the engine's background indexer has caught up with every finished run.
func waitIndexed(b *testing.B, eng *Engine) {
	b.Helper()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		ids, err := eng.d.Store.Unindexed(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if len(ids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d runs still unindexed", len(ids))
		}
	}
}

// BenchmarkLineLatency: a CLI printing 10,000 lines/s; latency from the child's timestamp on each
// line to its delivery in a batched bus event.
func BenchmarkLineLatency(b *testing.B) {
	const lines, rate = 30000, 10000
	bus := events.NewBus()
	eng, trig, _ := benchHarness(b, bus, 1, []string{"FAKEAGENT_MODE=lines", fmt.Sprintf("FAKEAGENT_LINES=%d", lines), fmt.Sprintf("FAKEAGENT_RATE=%d", rate)})
	tr, err := trig.Create(context.Background(), trigger.Trigger{Name: "latency", PromptTemplate: "x", BackendType: "claude"})
	if err != nil {
		b.Fatal(err)
	}
	for range b.N {
		sub := bus.Subscribe(1<<16, func(n string) bool { return strings.HasPrefix(n, events.ExecutionLogPrefix) })
		var lat []time.Duration
		got := make(chan struct{})
		go func() {
			defer close(got)
			for {
				ev, err := sub.Next(context.Background())
				if err != nil {
					return
				}
				if ev.Missed > 0 {
					b.Errorf("subscriber missed %d events", ev.Missed)
				}
				batch, ok := ev.Payload.(LogBatch)
				if !ok {
					continue
				}
				now := time.Now()
				for _, l := range batch.Lines {
					if _, ts, ok := strings.Cut(l.Text, " t="); ok {
						if ns, err := strconv.ParseInt(ts, 10, 64); err == nil {
							lat = append(lat, now.Sub(time.Unix(0, ns)))
						}
					}
				}
			}
		}()
		ex, err := eng.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: KindManual})
		if err != nil {
			b.Fatal(err)
		}
		waitDone(b, eng, ex.ID, 2*time.Minute)
		time.Sleep(100 * time.Millisecond)
		sub.Close()
		<-got
		if len(lat) < lines {
			b.Fatalf("measured %d of %d lines", len(lat), lines)
		}
		slices.Sort(lat)
		p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
		b.ReportMetric(float64(p50.Microseconds())/1000, "p50_ms")
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99_ms")
		b.Logf("%d lines at %d/s: p50 %s, p99 %s (target p99 <= 50 ms), max %s", len(lat), rate, p50, p99, lat[len(lat)-1])
	}
}

// BenchmarkConcurrentRuns: 200 runs of 10,000 lines at once; every stored log must be complete
// and in order, and no file descriptor may leak.
func BenchmarkConcurrentRuns(b *testing.B) {
	const runs, lines = 200, 10000
	bus := events.NewBus()
	eng, trig, _ := benchHarness(b, bus, runs, []string{"FAKEAGENT_MODE=lines", fmt.Sprintf("FAKEAGENT_LINES=%d", lines)})
	tr, err := trig.Create(context.Background(), trigger.Trigger{Name: "many", PromptTemplate: "x", BackendType: "claude",
		ConcurrencyPolicy: trigger.PolicyParallel})
	if err != nil {
		b.Fatal(err)
	}
	for range b.N {
		fds := openFDs()
		idle := procStatus("VmRSS")
		resetPeakRSS()
		start := time.Now()
		ids := make([]string, runs)
		for i := range ids {
			ex, err := eng.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: KindManual})
			if err != nil {
				b.Fatal(err)
			}
			ids[i] = ex.ID
		}
		for _, id := range ids {
			if ex := waitDone(b, eng, id, 10*time.Minute); ex.Status != StatusSuccess {
				b.Fatalf("%s: %s %s", id, ex.Status, ex.ErrorMessage)
			}
		}
		wall := time.Since(start)
		peak := procStatus("VmHWM")
		var lost, dup int
		for _, id := range ids {
			var after, n int64
			seen := 0
			for {
				p, err := eng.Lines(context.Background(), id, after, 5000)
				if err != nil {
					b.Fatal(err)
				}
				for _, l := range p.Lines {
					n++
					if l.Seq != n {
						if l.Seq < n {
							dup++
						} else {
							lost += int(l.Seq - n)
						}
						n = l.Seq
					}
					if strings.HasPrefix(l.Text, "line ") {
						seen++
					}
				}
				if p.Next == 0 {
					break
				}
				after = p.Next
			}
			if seen != lines {
				lost += lines - seen
			}
		}
		// The runs are over; the background indexer may still be reading their logs. Its files
		// are closed once it is done, which is when a leak would show.
		waitIndexed(b, eng)
		time.Sleep(100 * time.Millisecond) // the indexer's last transaction has committed; let it return
		fdsAfter := openFDs()
		for fd, target := range fdsAfter {
			if _, ok := fds[fd]; !ok {
				b.Logf("new fd %s -> %s", fd, target)
			}
		}
		b.ReportMetric(wall.Seconds(), "wall_s")
		b.ReportMetric(float64(lost), "lost_lines")
		b.ReportMetric(float64(dup), "dup_lines")
		b.ReportMetric(float64(peak-idle)/1024, "peak_rss_growth_MB")
		b.ReportMetric(float64(len(fdsAfter)-len(fds)), "fd_delta")
		b.Logf("%d runs x %d lines: wall %s, lost %d, duplicated %d, peak RSS +%.1f MB, fds %d -> %d",
			runs, lines, wall.Round(time.Millisecond), lost, dup, float64(peak-idle)/1024, len(fds), len(fdsAfter))
		if lost != 0 || dup != 0 || len(fdsAfter) != len(fds) {
			b.Fatalf("lost %d dup %d fds %d -> %d", lost, dup, len(fds), len(fdsAfter))
		}
	}
}

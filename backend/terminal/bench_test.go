//go:build linux

package terminal

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
)

// The benchmarks drive the service the way the desktop app does: output goes through the real
// event bus to a subscriber that JSON-encodes every payload, as the Wails adapter does before it
// hands an event to the window.

// uiSubscriber drains the bus like events.RunWailsAdapter and counts what it was sent.
type uiSubscriber struct {
	bytes  atomic.Int64
	missed atomic.Uint64
	seen   chan Output // every output batch, when not nil
	done   chan struct{}
}

func subscribeUI(b *testing.B, bus *events.Bus, keep bool) *uiSubscriber {
	b.Helper()
	u := &uiSubscriber{done: make(chan struct{})}
	if keep {
		u.seen = make(chan Output, 1024)
	}
	sub := bus.Subscribe(events.WailsQueueSize, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		defer close(u.done)
		events.Forward(ctx, sub, func(name string, payload any) {
			if name == events.BusMissed {
				u.missed.Add(payload.(map[string]uint64)["missed"])
				return
			}
			out, ok := payload.(Output)
			if !ok {
				return
			}
			if _, err := json.Marshal(out); err != nil {
				b.Error(err)
			}
			u.bytes.Add(int64(out.Size))
			if u.seen != nil {
				u.seen <- out
			}
		}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	b.Cleanup(func() { cancel(); <-u.done })
	return u
}

func newBenchService(b *testing.B, bus *events.Bus) *Service {
	b.Helper()
	svc := New(Deps{Resolver: fakeResolver{}, Env: testEnv{home: b.TempDir()}, Emitter: bus,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Shell: "/bin/bash"})
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = svc.Shutdown(ctx)
	})
	return svc
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// BenchmarkKeystrokeEcho types one key at a time (20 ms apart, a fast typist) into a raw-mode
// `cat` on a terminal and times each from Write to its echo reaching the UI subscriber. Beside
// it, the same round trip through a plain pipe to `cat` (no terminal, no service) shows what the
// machine itself costs at that moment.
func BenchmarkKeystrokeEcho(b *testing.B) {
	const keys = 300
	bus := events.NewBus()
	ui := subscribeUI(b, bus, true)
	svc := newBenchService(b, bus)
	s, err := svc.Start(context.Background(), StartOptions{Dir: b.TempDir(), Args: []string{"-c", "stty raw -echo; echo READY; exec cat"}})
	if err != nil {
		b.Fatal(err)
	}
	waitFor := func(want string) {
		deadline := time.After(20 * time.Second)
		for {
			select {
			case out := <-ui.seen:
				if strings.Contains(out.Data, want) {
					return
				}
			case <-deadline:
				b.Fatalf("no %q", want)
			}
		}
	}
	waitFor("READY")

	pipe := exec.Command("cat")
	stdin, _ := pipe.StdinPipe()
	stdout, _ := pipe.StdoutPipe()
	if err := pipe.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { stdin.Close(); _ = pipe.Wait() }()
	one := make([]byte, 1)

	b.ResetTimer()
	for range b.N {
		var viaPTY, viaPipe []time.Duration
		for i := range keys {
			key := string(rune('a' + i%26))
			t0 := time.Now()
			if err := svc.Write(s.ID, key); err != nil {
				b.Fatal(err)
			}
			waitFor(key)
			viaPTY = append(viaPTY, time.Since(t0))

			t0 = time.Now()
			if _, err := stdin.Write([]byte(key)); err != nil {
				b.Fatal(err)
			}
			if _, err := io.ReadFull(stdout, one); err != nil {
				b.Fatal(err)
			}
			viaPipe = append(viaPipe, time.Since(t0))
			time.Sleep(20 * time.Millisecond)
		}
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		b.ReportMetric(ms(percentile(viaPTY, 0.5)), "p50-ms")
		b.ReportMetric(ms(percentile(viaPTY, 0.99)), "p99-ms")
		b.ReportMetric(ms(percentile(viaPipe, 0.5)), "pipe-p50-ms")
		b.ReportMetric(ms(percentile(viaPipe, 0.99)), "pipe-p99-ms")
		fmt.Printf("keystroke echo through the terminal service: p50 %.2f ms, p99 %.2f ms, max %.2f ms; plain pipe to cat: p50 %.2f ms, p99 %.2f ms (%d keys)\n",
			ms(percentile(viaPTY, 0.5)), ms(percentile(viaPTY, 0.99)), ms(percentile(viaPTY, 1)),
			ms(percentile(viaPipe, 0.5)), ms(percentile(viaPipe, 0.99)), keys)
	}
}

// goMemory is what the Go runtime holds from the OS for the heap and stacks, minus what it has
// handed back (the figure a flood must not grow by more than 32 MB).
func goMemory() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// BenchmarkOutput100MB has one terminal print 100 MB of text lines and reports the peak growth of
// the Go memory in use while it streams to the UI subscriber, and the throughput.
func BenchmarkOutput100MB(b *testing.B) {
	const total = 100_000_000
	for range b.N {
		bus := events.NewBus()
		ui := subscribeUI(b, bus, false)
		svc := newBenchService(b, bus)
		runtime.GC()
		base := goMemory()
		var peak atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			t := time.NewTicker(5 * time.Millisecond)
			defer t.Stop()
			for {
				if m := goMemory(); m > peak.Load() {
					peak.Store(m)
				}
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		})
		start := time.Now()
		cmd := fmt.Sprintf("yes 'a line of terminal output, 64 bytes long, as a build log prints' | head -c %d", total)
		s, err := svc.Start(context.Background(), StartOptions{Dir: b.TempDir(), Args: []string{"-c", cmd}})
		if err != nil {
			b.Fatal(err)
		}
		for {
			info := svc.List("")[0]
			if info.Status == StatusExited && ui.bytes.Load() >= total-4096 {
				break
			}
			if info.Status == StatusExited && time.Since(start) > 2*time.Minute {
				b.Fatalf("only %d bytes reached the UI", ui.bytes.Load())
			}
			time.Sleep(10 * time.Millisecond)
		}
		elapsed := time.Since(start)
		close(stop)
		wg.Wait()
		grow := float64(peak.Load()-min(base, peak.Load())) / (1 << 20)
		mbps := float64(ui.bytes.Load()) / (1 << 20) / elapsed.Seconds()
		b.ReportMetric(grow, "go-mem-peak-MB")
		b.ReportMetric(mbps, "MB/s")
		fmt.Printf("100 MB through one terminal: %.1f MB/s (%v), Go memory peak +%.1f MB, %d bytes to the UI, %d events dropped for it\n",
			mbps, elapsed.Round(time.Millisecond), grow, ui.bytes.Load(), ui.missed.Load())
		_ = svc.Close(context.Background(), s.ID)
	}
}

// rssKB reads a process's resident set (VmRSS) and proportional set (Pss: shared pages divided
// among the processes that map them) in KiB.
func rssKB(pid int) (rss, pss int) {
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			rss, _ = strconv.Atoi(strings.Fields(v)[0])
		}
	}
	rollup, _ := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	for _, l := range strings.Split(string(rollup), "\n") {
		if v, ok := strings.CutPrefix(l, "Pss:"); ok {
			pss, _ = strconv.Atoi(strings.Fields(v)[0])
		}
	}
	return rss, pss
}

// Benchmark40Terminals opens 40 login shells, each printing a screenful, and reports the memory
// they add: this process's RSS, and the shells' RSS and PSS.
func Benchmark40Terminals(b *testing.B) {
	const n = 40
	for range b.N {
		bus := events.NewBus()
		subscribeUI(b, bus, false)
		svc := newBenchService(b, bus)
		runtime.GC()
		selfBefore, _ := rssKB(os.Getpid())
		var sessions []Session
		for range n {
			s, err := svc.Start(context.Background(), StartOptions{Dir: b.TempDir(), Rows: 40, Cols: 120})
			if err != nil {
				b.Fatal(err)
			}
			if err := svc.Write(s.ID, "seq 1 40; echo READY$((20+22))\n"); err != nil {
				b.Fatal(err)
			}
			sessions = append(sessions, s)
		}
		for _, s := range sessions {
			for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				snap, err := svc.Snapshot(s.ID)
				if err != nil {
					b.Fatal(err)
				}
				if strings.Contains(snap.Data, "READY42") {
					break
				}
				if time.Now().After(deadline) {
					b.Fatalf("session %s never became ready", s.ID)
				}
			}
		}
		runtime.GC()
		selfAfter, _ := rssKB(os.Getpid())
		var childRSS, childPSS int
		for _, s := range sessions {
			for _, pid := range members(s.PID, nil) {
				r, p := rssKB(pid)
				childRSS += r
				childPSS += p
			}
		}
		mb := func(kb int) float64 { return float64(kb) / 1024 }
		b.ReportMetric(mb(selfAfter-selfBefore), "service-rss-MB")
		b.ReportMetric(mb(childPSS), "shells-pss-MB")
		b.ReportMetric(mb(childRSS), "shells-rss-MB")
		fmt.Printf("%d open terminals: service RSS +%.1f MB; their shells RSS %.1f MB, PSS %.1f MB; total (service + shells PSS) %.1f MB\n",
			n, mb(selfAfter-selfBefore), mb(childRSS), mb(childPSS), mb(selfAfter-selfBefore+childPSS))
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := svc.Shutdown(ctx); err != nil {
			b.Error(err)
		}
		cancel()
	}
}

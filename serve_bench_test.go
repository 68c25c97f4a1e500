package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/settings"
)

// These benchmarks measure a built `agented serve` from outside, as a user sees it: wall time on
// this side of the socket, the child CLI's own clock for when it began, and /proc for memory and
// CPU. AGENTED_BENCH_BIN names the binary (`make bench` passes the one `make build` made, when
// there is one); without it the benchmark builds a headless one. Every latency is printed beside
// GET /health/liveness of the same run, so a figure taken on a busy machine can be read as a ratio.

// benchServe is one `agented serve` under measurement.
type benchServe struct {
	cmd     *exec.Cmd
	base    string
	started string // the file the fake CLI appends "<ns> <prompt>" to as each run's process begins
	done    chan struct{}
}

// benchBinary returns the binary to measure: AGENTED_BENCH_BIN, else a headless build.
func benchBinary(b *testing.B) string {
	b.Helper()
	if bin := os.Getenv("AGENTED_BENCH_BIN"); bin != "" {
		return bin
	}
	return headlessBinary(b)
}

// headlessBinary builds this tree as `make build-headless` does.
func headlessBinary(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "agented-headless")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// presetSettings stores settings into home's database before serve starts, as Settings would.
func presetSettings(b *testing.B, home string, edit func(*settings.Settings)) {
	b.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(home, "agented.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	ms, err := db.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Migrate(ctx, ms); err != nil {
		b.Fatal(err)
	}
	svc, err := settings.New(ctx, d, events.NewBus(), logging.Discard())
	if err != nil {
		b.Fatal(err)
	}
	s := svc.Get()
	edit(&s)
	if _, err := svc.Update(ctx, s); err != nil {
		b.Fatal(err)
	}
}

// startBenchServe starts bin serve on a fresh data directory with the fake claude on PATH and
// 127.0.0.1 trusted as a proxy, so each request can name its own sender in X-Forwarded-For.
func startBenchServe(b *testing.B, bin, cliDir string, edit func(*settings.Settings)) *benchServe {
	b.Helper()
	home := b.TempDir()
	if edit != nil {
		presetSettings(b, home, edit)
	}
	s := &benchServe{started: filepath.Join(b.TempDir(), "started"), done: make(chan struct{})}
	s.cmd = exec.Command(bin, "serve", "--listen", "127.0.0.1:0")
	s.cmd.Env = append(filteredEnv("DISPLAY", "WAYLAND_DISPLAY", "AGENTED_HOME", "DBUS_SESSION_BUS_ADDRESS", "PATH", "AGENTED_LISTEN"),
		"AGENTED_HOME="+home, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "AGENTED_API_KEY="+testAPIKey,
		"AGENTED_TRUSTED_PROXIES=127.0.0.1", "FAKEAGENT_STARTED="+s.started,
		"PATH="+cliDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	stdout, _ := s.cmd.StdoutPipe()
	s.cmd.Stderr = io.Discard
	if err := s.cmd.Start(); err != nil {
		b.Fatal(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	b.Cleanup(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			_ = s.cmd.Process.Kill()
		}
	})
	base := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "listening: "); ok {
				base <- u
			}
		}
	}()
	select {
	case s.base = <-base:
	case <-time.After(2 * time.Minute):
		b.Fatal("serve never printed its address")
	}
	return s
}

// createHook creates the generic webhook trigger every benchmark here fires: its runs print a
// short session and exit, several at once.
func (s *benchServe) createHook(b *testing.B) {
	b.Helper()
	body, _ := json.Marshal(map[string]any{
		"name": "bench hook", "promptTemplate": "[fake:success] {message}", "backendType": "claude", "enabled": true,
		"triggerSource": "webhook", "matchFieldPath": "kind", "matchFieldValue": "bench", "textFieldPath": "text",
		"concurrencyPolicy": "parallel",
	})
	req, _ := http.NewRequest(http.MethodPost, s.base+"/admin/triggers", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", testAPIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		b.Fatalf("create trigger: %d %s", resp.StatusCode, raw)
	}
}

// fire posts one delivery whose text is id, from sender (an address behind the trusted proxy).
func (s *benchServe) fire(client *http.Client, id string, sender int) (int, error) {
	body := `{"kind":"bench","text":"` + id + `"}`
	req, _ := http.NewRequest(http.MethodPost, s.base+"/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", sender>>16&255, sender>>8&255, sender&255))
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// liveness times one GET /health/liveness.
func (s *benchServe) liveness(client *http.Client) time.Duration {
	begin := time.Now()
	resp, err := client.Get(s.base + "/health/liveness")
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(begin)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// sortedPct is the p-quantile of lat (0 for none).
func sortedPct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// BenchmarkServeRunStart: how long after a webhook is sent its CLI process begins, one delivery
// at a time on an idle server (200 deliveries, 50 ms apart); then how many runs start per second
// when 1000 deliveries arrive from 32 concurrent senders with 16 runs allowed at once.
func BenchmarkServeRunStart(b *testing.B) {
	bin := benchBinary(b)
	cliDir := fakeClaudeDir(b)
	for range b.N {
		s := startBenchServe(b, bin, cliDir, func(st *settings.Settings) { st.MaxConcurrentRuns = 16 })
		s.createHook(b)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		log := newStampLog(s.started)
		for i := range 5 { // warm-up: first-run costs (page cache, connection) are not the figure
			id := fmt.Sprintf("warm-%d", i)
			if code, err := s.fire(client, id, i); err != nil || code != http.StatusAccepted {
				b.Fatalf("warm-up delivery: %d %v", code, err)
			}
			if _, ok := log.first(id, time.Now().Add(time.Minute)); !ok {
				b.Fatal("warm-up run never started")
			}
		}
		var sentToStart, acceptToStart, accept, live []time.Duration
		for i := range 200 {
			id := fmt.Sprintf("idle-%d", i)
			sent := time.Now()
			code, err := s.fire(client, id, 1000+i)
			accepted := time.Now()
			if err != nil || code != http.StatusAccepted {
				b.Fatalf("delivery %d: %d %v", i, code, err)
			}
			at, ok := log.first(id, time.Now().Add(time.Minute))
			if !ok {
				b.Fatalf("run of delivery %d never started", i)
			}
			sentToStart = append(sentToStart, time.Duration(at-sent.UnixNano()))
			acceptToStart = append(acceptToStart, time.Duration(at-accepted.UnixNano()))
			accept = append(accept, accepted.Sub(sent))
			time.Sleep(50 * time.Millisecond)
			live = append(live, s.liveness(client))
		}
		b.ReportMetric(float64(sortedPct(sentToStart, 0.99).Microseconds())/1000, "idle_p99_ms")
		b.Logf("idle, 200 deliveries one at a time: sent→CLI started p50 %s p99 %s; 202→CLI started p50 %s p99 %s; "+
			"202 itself p50 %s p99 %s; /health/liveness p50 %s p99 %s",
			ms(sortedPct(sentToStart, 0.5)), ms(sortedPct(sentToStart, 0.99)), ms(sortedPct(acceptToStart, 0.5)),
			ms(sortedPct(acceptToStart, 0.99)), ms(sortedPct(accept, 0.5)), ms(sortedPct(accept, 0.99)),
			ms(sortedPct(live, 0.5)), ms(sortedPct(live, 0.99)))

		const burst, senders = 1000, 32
		var next, errs atomic.Int64
		var wg sync.WaitGroup
		begin := time.Now()
		for range senders {
			wg.Go(func() {
				for {
					i := int(next.Add(1)) - 1
					if i >= burst {
						return
					}
					if code, err := s.fire(client, fmt.Sprintf("burst-%d", i), 100000+i); err != nil || code != http.StatusAccepted {
						errs.Add(1)
					}
				}
			})
		}
		wg.Wait()
		sentIn := time.Since(begin)
		deadline := time.Now().Add(5 * time.Minute)
		var starts []int64
		for i := range burst {
			at, ok := log.first(fmt.Sprintf("burst-%d", i), deadline)
			if ok {
				starts = append(starts, at)
			}
		}
		slices.Sort(starts)
		if len(starts) < 2 {
			b.Fatalf("only %d of %d burst runs started", len(starts), burst)
		}
		// The middle 80 % of the starts: the first and last are shaped by the ramp up and down.
		lo, hi := starts[len(starts)/10], starts[len(starts)*9/10]
		rate := float64(len(starts)*8/10) / (float64(hi-lo) / 1e9)
		b.ReportMetric(rate, "runs_started/s")
		b.Logf("burst, %d deliveries from %d concurrent senders, 16 runs at once: sent in %s (%.0f/s), %d not accepted, "+
			"%d runs started, %.0f runs started/s (middle 80%%), all started %s after the first was sent; /health/liveness after: %s",
			burst, senders, sentIn.Round(time.Millisecond), float64(burst)/sentIn.Seconds(), errs.Load(), len(starts), rate,
			time.Duration(starts[len(starts)-1]-begin.UnixNano()).Round(time.Millisecond), ms(s.liveness(client)))
	}
}

// procStat reads a process's utime+stime (clock ticks) and VmRSS, RssAnon, RssFile (kB).
func procStat(pid int) (ticks int64, mem map[string]int64) {
	raw, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if _, rest, ok := strings.Cut(string(raw), ") "); ok {
		f := strings.Fields(rest) // f[0] is field 3 (state): utime is field 14, stime 15
		if len(f) > 12 {
			u, _ := strconv.ParseInt(f[11], 10, 64)
			s, _ := strconv.ParseInt(f[12], 10, 64)
			ticks = u + s
		}
	}
	mem = map[string]int64{}
	st, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(st), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if fs := strings.Fields(v); ok && len(fs) > 0 {
			n, _ := strconv.ParseInt(fs[0], 10, 64)
			mem[k] = n
		}
	}
	return ticks, mem
}

// BenchmarkServeIdle: an `agented serve` with a webhook trigger that has run once, left alone:
// its memory after settling, and the CPU it uses over 30 s in which nothing happens (a polling
// loop would show here). Measured for the headless build and, when AGENTED_BENCH_BIN names one,
// for the desktop build too, whose GTK and WebKit libraries the dynamic loader maps at start.
func BenchmarkServeIdle(b *testing.B) {
	type target struct{ name, bin string }
	targets := []target{{"headless", headlessBinary(b)}}
	if bin := os.Getenv("AGENTED_BENCH_BIN"); bin != "" {
		targets = append(targets, target{"desktop", bin})
	}
	cliDir := fakeClaudeDir(b)
	for range b.N {
		for _, tg := range targets {
			rss, ticks := idleFigures(b, tg.bin, cliDir, tg.name)
			b.ReportMetric(rss, tg.name+"_idle_rss_MB")
			b.ReportMetric(float64(ticks)*10, tg.name+"_idle_cpu_ms/30s")
		}
	}
}

// idleFigures measures one binary: VmRSS in MB after settling, and CPU ticks over 30 s idle.
func idleFigures(b *testing.B, bin, cliDir, name string) (float64, int64) {
	s := startBenchServe(b, bin, cliDir, nil)
	s.createHook(b)
	client := &http.Client{}
	if code, err := s.fire(client, "idle-once", 1); err != nil || code != http.StatusAccepted {
		b.Fatalf("delivery: %d %v", code, err)
	}
	if _, ok := newStampLog(s.started).first("idle-once", time.Now().Add(time.Minute)); !ok {
		b.Fatal("the run never started")
	}
	client.CloseIdleConnections()
	time.Sleep(10 * time.Second) // the run ends, the login-shell probe and CLI detection finish
	pid := s.cmd.Process.Pid
	t0, mem := procStat(pid)
	time.Sleep(30 * time.Second)
	t1, _ := procStat(pid)
	// USER_HZ is 100 on Linux: a tick is 10 ms.
	b.Logf("%s build idle: VmRSS %.1f MB (anonymous %.1f MB, file-backed %.1f MB: the binary and shared libraries), "+
		"CPU over 30 s idle: %d ticks (%d ms)", name, float64(mem["VmRSS"])/1024, float64(mem["RssAnon"])/1024,
		float64(mem["RssFile"])/1024, t1-t0, (t1-t0)*10)
	return float64(mem["VmRSS"]) / 1024, t1 - t0
}

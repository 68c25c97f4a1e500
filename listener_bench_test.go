package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/health"
	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// Loopback load per issue 5: 500 requests/s for 10 s against the real handler stack (hardening
// included), served from an app whose runs use the fake claude, which exits at once.
const (
	loadRate     = 500
	loadDuration = 10 * time.Second
)

// loadResult is what one open-loop load run measured.
type loadResult struct {
	lat      []time.Duration
	errors   int
	limited  int
	statuses map[int]int
}

// openLoop fires one request every 1/rate seconds, whatever the latency of earlier ones (a closed
// loop would slow down with the server and hide its tail).
func openLoop(client *http.Client, mk func() *http.Request) loadResult {
	res := loadResult{statuses: map[int]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := int(loadRate * loadDuration / time.Second)
	begin := time.Now()
	for i := range total {
		// Request i is due at begin + i/rate; a sender that fell behind catches up at once, so the
		// offered load stays 500/s however slow the answers are.
		time.Sleep(time.Until(begin.Add(time.Duration(i) * time.Second / loadRate)))
		wg.Go(func() {
			start := time.Now()
			resp, err := client.Do(mk())
			code := 0
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				code = resp.StatusCode
			}
			d := time.Since(start)
			mu.Lock()
			defer mu.Unlock()
			res.statuses[code]++
			switch {
			case code == http.StatusTooManyRequests:
				res.limited++
			case code < 200 || code >= 300:
				res.errors++
			default:
				res.lat = append(res.lat, d)
			}
		})
	}
	wg.Wait()
	slices.Sort(res.lat)
	return res
}

func pct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	return lat[min(len(lat)-1, int(float64(len(lat))*p))]
}

func vmKB(field string) int64 {
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

// benchServer starts an app (serve mode, fake claude on PATH) and serves its routes through
// httpserver.New with cfg on a loopback port.
func benchServer(b *testing.B, cfg httpserver.Config) (*App, string) {
	b.Helper()
	cliDir := fakeClaudeDir(b)
	env := map[string]string{
		"PATH": cliDir + string(os.PathListSeparator) + os.Getenv("PATH"), "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent",
		"AGENTED_API_KEY": testAPIKey, "AGENTED_LISTEN": "127.0.0.1:0",
	}
	a := NewApp(AppOptions{DataDir: b.TempDir(), Mode: modeServe, Version: "bench", Keyring: secret.NewMemoryKeyring(),
		Getenv: func(k string) string { return env[k] }})
	if err := a.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = a.Stop(context.Background()) })
	e := httpserver.New(cfg, httpserver.Deps{
		Log: a.log.Logger, APIKey: func() (string, bool) { return testAPIKey, true }, Routes: a.routes(), Readiness: health.New(a.db, a.engine, a.sched, a.secrets, a.paths.DataDir).Readiness,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Close() })
	return a, "http://" + ln.Addr().String()
}

func reportLoad(b *testing.B, name string, r loadResult, rssBefore int64) {
	p50, p99 := pct(r.lat, 0.50), pct(r.lat, 0.99)
	growth := float64(vmKB("VmHWM")-rssBefore) / 1024
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99_ms")
	b.ReportMetric(float64(r.errors), "errors")
	b.ReportMetric(growth, "peak_rss_growth_MB")
	b.Logf("%s at %d req/s for %s: %d ok, p50 %s, p99 %s, %d errors, %d rate-limited, statuses %v, peak RSS +%.1f MB (whole test process)",
		name, loadRate, loadDuration, len(r.lat), p50, p99, r.errors, r.limited, r.statuses, growth)
}

// BenchmarkLoadListTriggers: GET /admin/triggers with 100 triggers. The API limit is raised to
// let 500 req/s from one address through; everything else is the production stack.
func BenchmarkLoadListTriggers(b *testing.B) {
	cfg := httpserver.DefaultConfig()
	cfg.APILimit = httpserver.Limit{Requests: 100000, Window: time.Minute}
	a, base := benchServer(b, cfg)
	for i := range 100 {
		if _, err := a.triggers.Create(context.Background(), trigger.Trigger{
			Name: fmt.Sprintf("bench %03d", i), PromptTemplate: "[fake:success] {message}", BackendType: "claude", Enabled: true,
		}); err != nil {
			b.Fatal(err)
		}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	for range b.N {
		before := vmKB("VmRSS")
		_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0o200)
		r := openLoop(client, func() *http.Request {
			req, _ := http.NewRequest(http.MethodGet, base+"/admin/triggers", nil)
			req.Header.Set("X-API-Key", testAPIKey)
			return req
		})
		reportLoad(b, "GET /admin/triggers (100 triggers)", r, before)
	}
}

// BenchmarkLoadGenericWebhook: POST / with a matching 2 KB payload; each accepted delivery queues
// a run of the fake claude. The generic limit (20 per 10 s per address in production) is raised
// for the bench, since all load comes from one address.
func BenchmarkLoadGenericWebhook(b *testing.B) {
	cfg := httpserver.DefaultConfig()
	cfg.GenericLimit = httpserver.Limit{Requests: 100000, Window: 10 * time.Second}
	a, base := benchServer(b, cfg)
	if _, err := a.triggers.Create(context.Background(), trigger.Trigger{
		Name: "bench hook", PromptTemplate: "[fake:success] {message}", BackendType: "claude", Enabled: true,
		TriggerSource: trigger.SourceWebhook, MatchFieldPath: "kind", MatchFieldValue: "bench", TextFieldPath: "text",
		ConcurrencyPolicy: trigger.PolicyParallel,
	}); err != nil {
		b.Fatal(err)
	}
	pad := strings.Repeat("x", 2000)
	var n int64
	var mu sync.Mutex
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	for range b.N {
		before := vmKB("VmRSS")
		_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0o200)
		r := openLoop(client, func() *http.Request {
			mu.Lock()
			n++ // a distinct payload each time, so dedup does not answer from its window
			body := fmt.Sprintf(`{"kind":"bench","text":"delivery %d","pad":"%s"}`, n, pad)
			mu.Unlock()
			req, _ := http.NewRequest(http.MethodPost, base+"/", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			return req
		})
		reportLoad(b, "POST / (2 KB, matching)", r, before)
	}
}

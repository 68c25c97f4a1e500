package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/settings"
)

// BenchmarkServeRouterHandover: a run's first attempt meets a rate limit, and the quota router
// starts the next attempt on the fallback account. Measured from outside a built `agented
// serve`: the fake CLI of the limited attempt notes when it printed its last line and exits
// (FAKEAGENT_ENDED), the next attempt's notes when it began (FAKEAGENT_STARTED), both from the
// same wall clock; /health/liveness of the same run is the reference. 200 runs one at a time,
// the limited account's cooldown cleared over REST after each so every run hands over.
func BenchmarkServeRouterHandover(b *testing.B) {
	bin := benchBinary(b)
	cliDir := fakeClaudeDir(b)
	for range b.N {
		ended := filepath.Join(b.TempDir(), "ended")
		b.Setenv("FAKEAGENT_ENDED", ended)                // inherited by serve, then by each CLI it starts
		b.Setenv("BENCH_ROUTER_KEY", "sk-bench-fake-key") // the accounts' key: serve has no keyring here
		s := startBenchServe(b, bin, cliDir, func(st *settings.Settings) { st.MaxConcurrentRuns = 4 })
		limited := s.admin(b, http.MethodPost, "/admin/accounts", map[string]any{"backend": "claude", "name": "limited", "apiKeyEnv": "BENCH_ROUTER_KEY",
			"env": map[string]string{"FAKEAGENT_MODE": "ratelimit"}})["id"].(string)
		fresh := s.admin(b, http.MethodPost, "/admin/accounts", map[string]any{"backend": "claude", "name": "fresh", "apiKeyEnv": "BENCH_ROUTER_KEY",
			"env": map[string]string{"FAKEAGENT_MODE": "success"}})["id"].(string)
		s.admin(b, http.MethodPost, "/admin/triggers", map[string]any{
			"name": "handover", "promptTemplate": "{message}", "backendType": "claude", "enabled": true,
			"triggerSource": "webhook", "matchFieldPath": "kind", "matchFieldValue": "bench", "textFieldPath": "text",
			"concurrencyPolicy": "parallel", "accountId": limited,
			"fallbackChain": []map[string]string{{"backend": "claude", "accountId": fresh}},
		})
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
		starts, ends := newStampLog(s.started), newStampLog(ended)
		var handover, live []time.Duration
		for i := range 205 {
			id := fmt.Sprintf("run-%d", i)
			if code, err := s.fire(client, id, i); err != nil || code != http.StatusAccepted {
				b.Fatalf("delivery %d: %d %v", i, code, err)
			}
			deadline := time.Now().Add(time.Minute)
			end, ok1 := ends.waitFor(id, 1, deadline)
			next, ok2 := starts.waitFor(id, 2, deadline)
			if !ok1 || !ok2 {
				b.Fatalf("run %d: limited attempt ended %v, next attempt started %v; runs: %v", i, ok1, ok2,
					s.admin(b, http.MethodGet, "/admin/executions?limit=2", nil))
			}
			// The limited account rests until its reset: clear it so the next run hands over too.
			s.admin(b, http.MethodPost, "/admin/accounts/"+limited+"/clear-cooldown", nil)
			if i >= 5 { // warm-up: first-run costs (page cache, connections) are not the figure
				handover = append(handover, time.Duration(next[1]-end[0]))
				live = append(live, s.liveness(client))
			}
			time.Sleep(20 * time.Millisecond)
		}
		b.ReportMetric(float64(sortedPct(handover, 0.99).Microseconds())/1000, "handover_p99_ms")
		b.Logf("router handover, %d runs one at a time: limited attempt's CLI ended → next attempt's CLI started p50 %s p90 %s p99 %s max %s; "+
			"/health/liveness p50 %s p99 %s", len(handover), ms(sortedPct(handover, 0.5)), ms(sortedPct(handover, 0.9)),
			ms(sortedPct(handover, 0.99)), ms(sortedPct(handover, 1)), ms(sortedPct(live, 0.5)), ms(sortedPct(live, 0.99)))
	}
}

// admin sends one authenticated admin request and decodes a JSON object answer.
func (s *benchServe) admin(b *testing.B, method, path string, body any) map[string]any {
	b.Helper()
	code, raw := apiRequest(b, s.base, method, path, body)
	if code >= 300 {
		b.Fatalf("%s %s: %d %s", method, path, code, raw)
	}
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	return out
}

// stampLog follows a file of "<unix ns> <prompt>" lines, keeping every stamp per prompt's last
// word in order (a run's attempts share its prompt).
type stampLog struct {
	path string
	off  int64
	buf  []byte
	at   map[string][]int64
}

func newStampLog(path string) *stampLog { return &stampLog{path: path, at: map[string][]int64{}} }

func (l *stampLog) poll() {
	f, err := os.Open(l.path)
	if err != nil {
		return
	}
	defer f.Close()
	chunk, _ := io.ReadAll(io.NewSectionReader(f, l.off, 1<<40))
	l.off += int64(len(chunk))
	l.buf = append(l.buf, chunk...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			return
		}
		ns, prompt, _ := strings.Cut(string(l.buf[:i]), " ")
		l.buf = l.buf[i+1:]
		fields := strings.Fields(prompt)
		if v, err := strconv.ParseInt(ns, 10, 64); err == nil && len(fields) > 0 {
			id := fields[len(fields)-1]
			l.at[id] = append(l.at[id], v)
		}
	}
}

// first polls until id has a stamp and returns the first one, or false at the deadline.
func (l *stampLog) first(id string, deadline time.Time) (int64, bool) {
	v, ok := l.waitFor(id, 1, deadline)
	if !ok {
		return 0, false
	}
	return v[0], true
}

// waitFor polls until id has n stamps or the deadline passes.
func (l *stampLog) waitFor(id string, n int, deadline time.Time) ([]int64, bool) {
	for {
		l.poll()
		if v := l.at[id]; len(v) >= n {
			return v, true
		}
		if time.Now().After(deadline) {
			return l.at[id], false
		}
		time.Sleep(200 * time.Microsecond)
	}
}

package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"
)

// listRound measures GET /admin/triggers on a fresh server, plain and conditional.
func (b *bench) listRound(ctx context.Context, round int) (*row, error) {
	s, c, _, err := b.start(ctx)
	if err != nil {
		return nil, err
	}
	defer s.stop()
	n, size, err := c.listSize(ctx)
	if err != nil {
		return nil, err
	}
	r := &row{name: "GET /admin/triggers", rate: 500, note: fmt.Sprintf("%d triggers, %d KB", n, size/1000)}
	if n != 100 {
		r.problems = append(r.problems, fmt.Sprintf("listed %d triggers, want 100", n))
	}
	before := s.rssMB("VmRSS")
	a := attack{vegeta: b.vegeta, dir: b.work, name: fmt.Sprintf("list-%d", round), rate: 500, duration: b.duration,
		targets: func(w *json.Encoder, n int) error {
			for range n {
				if err := w.Encode(target{Method: http.MethodGet, URL: s.base + "/admin/triggers",
					Header: map[string][]string{"X-API-Key": {apiKey}}}); err != nil {
					return err
				}
			}
			return nil
		}}
	rep, live, err := withLiveness(ctx, a, s.base, b.pprofAddr, b.profiles)
	if err != nil {
		return nil, err
	}
	r.add(rep, live, http.StatusOK)
	r.rss = append(r.rss, [2]float64{before, s.rssMB("VmRSS")})
	return r, nil
}

// webhookRound measures each rate on its own fresh server, so no step starts behind the backlog
// of the one before, and checks that every accepted delivery got exactly one run.
func (b *bench) webhookRound(ctx context.Context, round int, rates []int) ([]*row, error) {
	var rows []*row
	for _, rate := range rates {
		r, err := b.webhookStep(ctx, round, rate)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, nil
}

func (b *bench) webhookStep(ctx context.Context, round, rate int) (*row, error) {
	s, _, hook, err := b.start(ctx)
	if err != nil {
		return nil, err
	}
	defer s.stop()
	sdb, err := s.openDB()
	if err != nil {
		return nil, err
	}
	defer sdb.Close()
	pad := strings.Repeat("x", 2000)
	r := &row{name: "POST / webhook", rate: rate, note: "distinct X-Forwarded-For, 2 KB body"}
	prefix := fmt.Sprintf("r%d-%d-", round, rate)
	before, cpuBefore := s.rssMB("VmRSS"), s.cpu()
	a := attack{vegeta: b.vegeta, dir: b.work, name: "hook-" + prefix, rate: rate, duration: b.duration,
		targets: func(w *json.Encoder, n int) error {
			for i := range n {
				body := fmt.Sprintf(`{"kind":"bench","text":"%s%d","pad":"%s"}`, prefix, i, pad)
				ip := fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
				if err := w.Encode(target{Method: http.MethodPost, URL: s.base + "/", Body: b64(body),
					Header: map[string][]string{"Content-Type": {"application/json"}, "X-Forwarded-For": {ip}}}); err != nil {
					return err
				}
			}
			return nil
		}}
	start := time.Now()
	rep, live, err := withLiveness(ctx, a, s.base, b.pprofAddr, b.profiles)
	if err != nil {
		return nil, err
	}
	r.add(rep, live, http.StatusAccepted)
	r.rss = append(r.rss, [2]float64{before, s.rssMB("VmRSS")})
	// Every accepted delivery's run is committed before its 202 is sent, so the count is final
	// once the attack is over, finished or not.
	runs, distinct, err := countRuns(ctx, sdb, hook, prefix)
	if err != nil {
		return nil, err
	}
	r.runs = append(r.runs, runs)
	if accepted := rep.code(http.StatusAccepted); runs != accepted || distinct != runs {
		r.problems = append(r.problems, fmt.Sprintf("round %d: %d accepted, %d runs for %d distinct deliveries",
			round+1, accepted, runs, distinct))
	}
	finished, err := drain(ctx, sdb, b.drain)
	if err != nil {
		return nil, err
	}
	elapsed := time.Since(start)
	r.finished = append(r.finished, finished)
	r.finishedPerSec = append(r.finishedPerSec, float64(finished)/elapsed.Seconds())
	// The server's CPU time per accepted delivery, its run included when all of them finished:
	// unlike latency, it hardly depends on what else the machine is doing.
	cpu := s.cpu() - cpuBefore
	fmt.Fprintf(os.Stderr, "round %d %d/s: %v, %d runs, %d finished %s after the attack began; server CPU %s, %.2f ms per accepted delivery\n",
		round+1, rate, rep.StatusCodes, runs, finished, elapsed.Round(time.Second), cpu.Round(10*time.Millisecond),
		float64(cpu.Microseconds())/1000/float64(max(runs, 1)))
	return r, nil
}

// drain waits until no run is queued or running, or limit passed, and returns how many runs
// have finished.
func drain(ctx context.Context, sdb *sql.DB, limit time.Duration) (int, error) {
	deadline := time.Now().Add(limit)
	for {
		var open, done int
		if err := sdb.QueryRowContext(ctx, `SELECT COUNT(*) FILTER (WHERE status IN ('queued', 'running')),
			COUNT(*) FILTER (WHERE status NOT IN ('queued', 'running')) FROM executions`).Scan(&open, &done); err != nil {
			return 0, err
		}
		if open == 0 || time.Now().After(deadline) {
			return done, nil
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// countRuns counts the webhook trigger's runs of one step (their message starts with prefix).
func countRuns(ctx context.Context, sdb *sql.DB, hook, prefix string) (runs, distinct int, err error) {
	err = sdb.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT message_head) FROM executions
		WHERE trigger_id = ? AND substr(message_head, 1, ?) = ?`, hook, len(prefix), prefix).Scan(&runs, &distinct)
	return runs, distinct, err
}

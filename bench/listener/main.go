// Command listener measures Agented's HTTP listener from outside the process, the way a user
// sees it: it starts the built `agented serve`, drives it with vegeta (pinned, installed by
// `make bench`) and prints, for each scenario, the route's latency beside /health/liveness
// measured in the same seconds, so a slow route can be told from a busy machine.
//
//	go run ./bench/listener -bin build/bench/agented -vegeta ~/.cache/agented/bin/vegeta-v12.13.0
//
// Scenarios, each on a fresh server per round:
//   - GET /admin/triggers with 100 triggers, 500 req/s for 10 s.
//   - POST / (generic webhook) through a trusted proxy: every request a distinct sender in
//     X-Forwarded-For and a distinct body, one matching trigger with the parallel policy whose
//     CLI is a fake claude that prints a result and exits, 16 concurrent runs; 500, 1,000 and
//     2,000 req/s (the last one past capacity) for 10 s each, each rate on a fresh server. After
//     each step the bench counts the runs (every 202 must have exactly one) and waits up to
//     -drain for them to finish.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	bin := flag.String("bin", "build/bench/agented", "the agented binary to measure")
	vegeta := flag.String("vegeta", "vegeta", "the vegeta binary")
	rounds := flag.Int("rounds", 3, "fresh servers per scenario; the table shows the median and the spread")
	only := flag.String("only", "", "run one scenario: list or webhook")
	rates := flag.String("rates", "500,1000,2000", "webhook rates, requests per second")
	duration := flag.Duration("duration", 10*time.Second, "length of each step")
	drainFor := flag.Duration("drain", time.Minute, "how long to wait after a webhook step for its runs to finish")
	pprofAddr := flag.String("pprof", "", "serve the profiling endpoints of the measured server at this loopback address "+
		"and save CPU, allocation, mutex and block profiles of each step")
	profiles := flag.String("profiles", ".", "directory for the profiles -pprof saves")
	flag.Parse()

	ctx := context.Background()
	var steps []int
	for s := range strings.SplitSeq(*rates, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fatalf("-rates: %q is not a positive number", s)
		}
		steps = append(steps, n)
	}
	work, err := os.MkdirTemp("", "agented-listener-bench-")
	if err != nil {
		fatalf("%v", err)
	}
	defer os.RemoveAll(work)
	cliDir, err := buildFakeClaude(work)
	if err != nil {
		fatalf("%v", err)
	}
	b := &bench{bin: *bin, vegeta: *vegeta, cliDir: cliDir, work: work, duration: *duration, drain: *drainFor, pprof: *pprofAddr, profiles: *profiles}
	var rows []*row
	for round := range *rounds {
		if *only == "" || *only == "list" {
			r, err := b.listRound(ctx, round)
			if err != nil {
				fatalf("GET /admin/triggers round %d: %v", round+1, err)
			}
			rows = merge(rows, r)
		}
		if *only == "" || *only == "webhook" {
			rs, err := b.webhookRound(ctx, round, steps)
			if err != nil {
				fatalf("webhook round %d: %v", round+1, err)
			}
			rows = merge(rows, rs...)
		}
	}
	printTable(os.Stdout, rows, *rounds)
	bad := false
	for _, r := range rows {
		for _, p := range r.problems {
			fmt.Fprintln(os.Stderr, "FAIL:", r.name, p)
			bad = true
		}
	}
	if bad {
		os.Exit(1)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "listener bench: "+format+"\n", args...)
	os.Exit(1)
}

// buildFakeClaude compiles testdata/fakeagent as `claude`: it prints a short stream-json session
// and exits, so a run costs what Agented spends on it, not what a model would.
func buildFakeClaude(work string) (string, error) {
	dir := filepath.Join(work, "cli")
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "claude"), "./testdata/fakeagent")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build fake claude: %v\n%s", err, out)
	}
	return dir, nil
}

// nextPprof returns the profiling address of the next server: -pprof's port plus one per
// server, so a server still releasing its port cannot answer for the next one.
func (b *bench) nextPprof() string {
	if b.pprof == "" {
		return ""
	}
	host, port, err := net.SplitHostPort(b.pprof)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil {
		fatalf("-pprof %q must be host:port", b.pprof)
	}
	b.servers++
	b.pprofAddr = net.JoinHostPort(host, strconv.Itoa(n+b.servers))
	return b.pprofAddr
}

// bench holds what every round needs.
type bench struct {
	bin, vegeta, cliDir, work string
	duration, drain           time.Duration
	pprof, profiles           string
	pprofAddr                 string // the current server's
	servers                   int
}

// start runs a fresh server and fills it with triggers: 97 manual ones plus the webhook trigger,
// beside the 2 predefined ones, makes 100.
func (b *bench) start(ctx context.Context) (*server, *client, string, error) {
	s, err := startServer(ctx, b.bin, b.cliDir, b.nextPprof())
	if err != nil {
		return nil, nil, "", err
	}
	c := newClient(s.base)
	hook, err := c.createTriggers(ctx, 97)
	if err != nil {
		s.stop()
		return nil, nil, "", fmt.Errorf("%w\n%s", err, s.stderr.String())
	}
	return s, c, hook, nil
}

package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// target is one request in vegeta's JSON target format.
type target struct {
	Method string              `json:"method"`
	URL    string              `json:"url"`
	Body   string              `json:"body,omitempty"` // base64
	Header map[string][]string `json:"header,omitempty"`
}

// report is the part of `vegeta report -type=json` the table uses. Latencies are nanoseconds.
type report struct {
	Requests  int `json:"requests"`
	Latencies struct {
		P50 int64 `json:"50th"`
		P99 int64 `json:"99th"`
		Max int64 `json:"max"`
	} `json:"latencies"`
	StatusCodes map[string]int `json:"status_codes"`
	Errors      []string       `json:"errors"`
}

func (r report) code(c int) int { return r.StatusCodes[strconv.Itoa(c)] }

// failed counts the requests that got no answer in time or an answer the sender must treat as
// failure: transport errors (status 0) and 5xx, except 503, which is counted as shed load.
func (r report) failed(ok ...int) int {
	n := 0
	for code, count := range r.StatusCodes {
		c, _ := strconv.Atoi(code)
		good := c == http.StatusServiceUnavailable
		for _, o := range ok {
			good = good || c == o
		}
		if !good {
			n += count
		}
	}
	return n
}

func ms(ns int64) float64 { return float64(ns) / 1e6 }

// attack is one vegeta run: a targets file, a rate and a duration.
type attack struct {
	vegeta   string
	dir      string
	name     string
	targets  func(w *json.Encoder, n int) error // writes n targets
	rate     int
	duration time.Duration
}

// run writes the targets, attacks and reports. Each request has its own target, so a webhook
// can carry a distinct body and sender every time.
func (a attack) run(ctx context.Context) (report, error) {
	n := a.rate * int(a.duration/time.Second)
	tpath := filepath.Join(a.dir, a.name+".targets")
	f, err := os.Create(tpath)
	if err != nil {
		return report{}, err
	}
	bw := bufio.NewWriter(f)
	if err := a.targets(json.NewEncoder(bw), n); err != nil {
		f.Close()
		return report{}, err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return report{}, err
	}
	f.Close()
	out := filepath.Join(a.dir, a.name+".bin")
	cmd := exec.CommandContext(ctx, a.vegeta, "attack", "-format=json", "-targets="+tpath,
		"-rate="+strconv.Itoa(a.rate)+"/1s", "-duration="+a.duration.String(), "-timeout=10s", "-output="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		return report{}, fmt.Errorf("vegeta attack %s: %v\n%s", a.name, err, b)
	}
	b, err := exec.CommandContext(ctx, a.vegeta, "report", "-type=json", out).Output()
	if err != nil {
		return report{}, fmt.Errorf("vegeta report %s: %w", a.name, err)
	}
	var r report
	if err := json.Unmarshal(b, &r); err != nil {
		return report{}, fmt.Errorf("vegeta report %s: %w", a.name, err)
	}
	return r, nil
}

// withLiveness runs main and, at the same time and for as long, GET /health/liveness at 50/s:
// the reference that tells a slow route from a slow machine.
func withLiveness(ctx context.Context, main attack, base, pprofAddr, pprofDir string) (report, report, error) {
	live := main
	live.name, live.rate = main.name+"-liveness", 50
	live.targets = func(w *json.Encoder, n int) error {
		for range n {
			if err := w.Encode(target{Method: http.MethodGet, URL: base + "/health/liveness"}); err != nil {
				return err
			}
		}
		return nil
	}
	var wg sync.WaitGroup
	var lr report
	var lerr error
	wg.Go(func() { lr, lerr = live.run(ctx) })
	if pprofAddr != "" {
		wg.Go(func() { profile(ctx, pprofAddr, pprofDir, main.name, main.duration) })
	}
	mr, merr := main.run(ctx)
	wg.Wait()
	if merr != nil {
		return mr, lr, merr
	}
	return mr, lr, lerr
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// profile saves the server's CPU profile for most of an attack, then its allocation, mutex and
// block profiles, into dir as <name>-<kind>.pb.gz. Failures are reported, not fatal: the figures
// stand without profiles.
func profile(ctx context.Context, addr, dir, name string, d time.Duration) {
	get := func(kind, query string) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/debug/pprof/"+kind+query, nil)
		if err != nil {
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Fprintf(os.Stderr, "profile %s: %v\n", kind, err)
			return
		}
		defer resp.Body.Close()
		f, err := os.Create(filepath.Join(dir, name+"-"+kind+".pb.gz"))
		if err != nil {
			return
		}
		defer f.Close()
		_, _ = io.Copy(f, resp.Body)
	}
	get("profile", fmt.Sprintf("?seconds=%d", max(1, int(d.Seconds())-1)))
	for _, kind := range []string{"allocs", "mutex", "block"} {
		get(kind, "")
	}
}

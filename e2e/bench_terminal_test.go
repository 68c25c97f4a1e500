//go:build e2e && e2ebench

package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// benchKeys is how many keystrokes are timed, after benchWarmKeys that are not.
const (
	benchKeys     = 300
	benchWarmKeys = 20
)

// echoTimes are what the page measured, in milliseconds: each keystroke until its echo arrived,
// and each reference binding call until it answered.
type echoTimes struct {
	Echo []float64 `json:"echo"`
	Call []float64 `json:"call"`
}

// echoOpenJS runs in the page, through the app's own bridge: it opens a terminal that runs `cat`
// on a raw tty with echo off (so every byte that comes back is cat's, not the line discipline's)
// and keeps what it prints in window.__echo. The shell is a login shell, whose profile may take a
// while (a machine's pyenv waits up to 60 s for a stale lock), so READY is waited for apart.
const echoOpenJS = `(async (dir) => {
	const term = window.go.bindings.TerminalAPI
	const s = await term.Start({projectId: '', dir, kind: 'shell', args: ['-c', 'stty raw -echo; echo READY; exec cat'],
		title: 'echo bench', rows: 24, cols: 80})
	const e = window.__echo = {id: s.id, buf: '', waiter: null}
	e.off = window.runtime.EventsOn('pty:output:' + s.id, (o) => {
		e.buf += o.data
		if (e.waiter && e.buf.includes(e.waiter.want)) { const w = e.waiter; e.waiter = null; w.resolve(performance.now()) }
	})
	// What it printed before the page subscribed, as a tab that opens late restores it.
	e.buf += (await term.Snapshot(s.id)).data
	return s.id
})`

// echoMeasureJS types single keys through TerminalAPI.Write and times each with performance.now()
// until its pty:output:<id> event arrives, as the xterm.js tab receives it. Between keys it waits
// 20 ms, a fast typist's pace, so each key meets a quiet terminal as a real one does; after each
// key it times SettingsAPI.Get, a binding that only reads memory, as the reference: the same
// page → Go → page trip without the PTY. It closes the terminal at the end.
const echoMeasureJS = `(async (keys, warm) => {
	const term = window.go.bindings.TerminalAPI
	const settings = window.go.bindings.SettingsAPI
	const e = window.__echo
	const until = (want, ms) => new Promise((resolve, reject) => {
		if (e.buf.includes(want)) return resolve(performance.now())
		e.waiter = {want, resolve}
		setTimeout(() => reject(new Error('no echo of ' + JSON.stringify(want) + ' within ' + ms + ' ms; the terminal printed ' + JSON.stringify(e.buf.slice(-200)))), ms)
	})
	const pause = (ms) => new Promise((r) => setTimeout(r, ms))
	const echo = [], call = []
	try {
		for (let i = 0; i < warm + keys; i++) {
			const key = String.fromCharCode(97 + i % 26)
			e.buf = ''
			const t0 = performance.now()
			const seen = until(key, 5000)
			const [t1] = await Promise.all([seen, term.Write(e.id, key)])
			const c0 = performance.now()
			await settings.Get()
			const c1 = performance.now()
			if (i >= warm) { echo.push(t1 - t0); call.push(c1 - c0) }
			await pause(20)
		}
	} finally {
		e.off()
		await term.Close(e.id)
	}
	return {echo, call}
})`

// TestBenchTerminalEcho measures keystroke → echo as the user feels it: from the page of the real
// app under `wails dev`, through the bindings to the PTY and back as a pty:output event. It is a
// measurement, not a test of speed: it fails only when the echoes do not come back, and prints
// p50/p99 of both series and their ratio. Built only with the e2ebench tag; `make bench-ui` runs it.
func TestBenchTerminalEcho(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)
	dir := t.TempDir()
	var got echoTimes

	s.step("the bindings are up", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/")); err != nil {
			return err
		}
		return s.waitJS(ctx, "the bindings", `!!window.go?.bindings?.TerminalAPI && !!window.runtime?.EventsOn`, func(raw string) bool { return raw == "true" })
	})

	s.step("a terminal running cat", func(ctx context.Context) error {
		var id string
		return s.goCall(ctx, fmt.Sprintf(`%s(%s)`, echoOpenJS, jsString(dir)), &id)
	})
	if !s.failed {
		// The login shell's profile runs first; a step's 60 s may not be enough for it.
		ctx, cancel := context.WithTimeout(s.ctx, 150*time.Second)
		start := time.Now()
		err := s.waitJS(ctx, "READY from the shell", `window.__echo.buf.includes('READY')`, func(raw string) bool { return raw == "true" })
		cancel()
		if err != nil {
			s.dumpFailure("ready")
			t.Fatalf("the terminal never printed READY: %v", err)
		}
		t.Logf("ok   the shell is ready                                %v", time.Since(start).Round(time.Millisecond))
	}

	s.step(fmt.Sprintf("%d keystrokes echoed by cat", benchKeys), func(ctx context.Context) error {
		expr := fmt.Sprintf(`%s(%d, %d)`, echoMeasureJS, benchKeys, benchWarmKeys)
		if err := s.goCall(ctx, expr, &got); err != nil {
			return err
		}
		if len(got.Echo) != benchKeys || len(got.Call) != benchKeys {
			return fmt.Errorf("measured %d echoes and %d calls, want %d of each", len(got.Echo), len(got.Call), benchKeys)
		}
		return nil
	})
	if s.failed {
		return
	}

	echoP50, echoP99 := percentileMs(got.Echo, 0.5), percentileMs(got.Echo, 0.99)
	callP50, callP99 := percentileMs(got.Call, 0.5), percentileMs(got.Call, 0.99)
	line := fmt.Sprintf("keystroke echo in the page (Chromium → wails dev → PTY → pty:output): p50 %.2f ms, p99 %.2f ms, max %.2f ms; "+
		"binding round trip (SettingsAPI.Get): p50 %.2f ms, p99 %.2f ms; echo/binding: p50 %.2f×, p99 %.2f× (%d keys, %s)",
		echoP50, echoP99, percentileMs(got.Echo, 1), callP50, callP99, echoP50/callP50, echoP99/callP99, benchKeys, time.Now().UTC().Format(time.RFC3339))
	fmt.Println(line)
	s.save("bench-terminal-echo.txt", []byte(line+"\n"))
}

// percentileMs is the p-th percentile (0..1, nearest rank) of the values.
func percentileMs(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sorted := slices.Clone(v)
	slices.Sort(sorted)
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

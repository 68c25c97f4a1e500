//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/zalando/go-keyring"
)

// consoleLog keeps what the page wrote to the console: console.* calls, uncaught exceptions and
// unhandled rejections, and browser log entries such as failed requests.
type consoleLog struct {
	mu   sync.Mutex
	all  []string
	errs []string
	hmr  int // Vite hot updates: someone edited the frontend while the test ran
}

// hmrNote explains errors that may come from source edits during the run rather than the app.
func (c *consoleLog) hmrNote() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hmr == 0 {
		return ""
	}
	return fmt.Sprintf("\n  (note: Vite hot-updated modules %d times during the run: frontend files changed while the test ran; rerun before blaming the app)", c.hmr)
}

func (c *consoleLog) collect(msgs iter.Seq2[chromedp.ConsoleMessage, error]) {
	for m, err := range msgs {
		if err != nil {
			return
		}
		line := fmt.Sprintf("[%s] %s", m.Type, m.Text)
		if m.URL != "" {
			line += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
		}
		if m.Source != "" {
			line = "[browser " + m.Source + "] " + line
		}
		c.mu.Lock()
		c.all = append(c.all, line)
		if strings.HasPrefix(m.Text, "[vite] hot updated") || strings.HasPrefix(m.Text, "[vite] page reload") {
			c.hmr++
		}
		if (m.Type == chromedp.ConsoleError || m.IsException()) && !ignored(m) {
			c.errs = append(c.errs, line)
		}
		c.mu.Unlock()
	}
}

// ignored tells browser noise from app errors: Chromium asks for /favicon.ico on its own, and the
// app, made for a webview, has none.
func ignored(m chromedp.ConsoleMessage) bool {
	return m.Source == "network" && strings.HasSuffix(m.URL, "/favicon.ico")
}

func (c *consoleLog) errorCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.errs)
}

func (c *consoleLog) errorsSince(n int) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errs[n:]...)
}

func (c *consoleLog) dump(t *testing.T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t.Logf("browser console (%d messages, %d errors):", len(c.all), len(c.errs))
	for _, l := range c.all {
		t.Logf("  %s", l)
	}
}

// keyringGet reads a secret from the app's own Secret Service (its private session bus).
func keyringGet(ctx context.Context, bus, service, user string) (string, error) {
	if err := os.Setenv("DBUS_SESSION_BUS_ADDRESS", bus); err != nil {
		return "", err
	}
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := keyring.Get(service, user)
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return "", errors.New("keyring did not answer (locked keyring waiting on a prompt?)")
	}
}

// markerAbsentFromDir reads every file under dir (the database, its WAL, the logs).
func markerAbsentFromDir(dir, marker string) error {
	var hits, files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, fmt.Sprintf("%s (%d B)", rel, len(b)))
		if bytes.Contains(b, []byte(marker)) {
			hits = append(hits, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s is empty: wrong AGENTED_HOME?", dir)
	}
	if len(hits) > 0 {
		return fmt.Errorf("the API key was written to %v", hits)
	}
	fmt.Printf("    searched %s\n", strings.Join(files, ", "))
	return nil
}

// checkAppLog wants the start line, the saved setting, no ERROR lines and no key.
func checkAppLog(path, marker string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var started, saved bool
	var problems []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, marker) {
			return errors.New("the API key is in the app log")
		}
		var e struct {
			Level string `json:"level"`
			Msg   string `json:"msg"`
			Max   *int   `json:"max_concurrent_runs"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			problems = append(problems, "not JSON: "+line)
			continue
		}
		switch {
		case e.Msg == "agented starting":
			started = true
		case e.Msg == "settings updated" && e.Max != nil && *e.Max == newMaxConcurrent:
			saved = true
		}
		if e.Level == "ERROR" {
			problems = append(problems, line)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if !started {
		problems = append(problems, `no "agented starting" line`)
	}
	if !saved {
		problems = append(problems, fmt.Sprintf(`no "settings updated" line with max_concurrent_runs=%d`, newMaxConcurrent))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s:\n  %s", path, strings.Join(problems, "\n  "))
	}
	return nil
}

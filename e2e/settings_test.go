//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/zalando/go-keyring"
)

// Environment the script (scripts/e2e.sh) hands to the test.
const (
	envURL       = "E2E_URL"          // the wails dev server, default http://localhost:34115
	envHome      = "E2E_AGENTED_HOME" // AGENTED_HOME of the app under test (required)
	envArtifacts = "E2E_ARTIFACTS"    // screenshots and failure dumps, default /tmp/agented-e2e
	envMarker    = "E2E_KEY_MARKER"   // the fake API key typed into the UI; generated when unset
	envBus       = "E2E_DBUS_ADDRESS" // the app's session bus, to read its keyring directly
	envChromium  = "E2E_CHROMIUM"     // browser binary, default /usr/bin/chromium
)

// The fake claude in testdata/fakecli answers --version with this; the other CLIs must not exist.
const (
	fakeClaudeVersion = "2.1.197 (Claude Code)"
	fakeClaudeSuffix  = "testdata/fakecli/claude"
	keyringService    = "agented"
	anthropicUser     = "provider:anthropic"
	newMaxConcurrent  = 7
)

var missingCLIs = []string{"codex", "gemini", "opencode"}

// TestSettingsFlow walks the Settings screen end to end: CLI detection, storing an API key in the
// keyring (and nowhere else), saving a setting, and every screen of the navigation.
func TestSettingsFlow(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)

	s.step("open settings", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/settings")); err != nil {
			return err
		}
		return s.waitVisible(ctx, tid("cli-row-claude"))
	})

	s.step("no load error, keyring available, data dir shown", func(ctx context.Context) error {
		if err := s.waitTextFunc(ctx, "settings-data-dir", func(v string) bool { return v != "" && v != "-" }); err != nil {
			return err
		}
		got, _ := s.text(ctx, "settings-data-dir")
		if !samePath(got, cfg.home) {
			return fmt.Errorf("settings-data-dir = %q, want %q", got, cfg.home)
		}
		for _, id := range []string{"settings-load-error", "keyring-unavailable"} {
			if present, err := s.present(ctx, id); err != nil || present {
				return fmt.Errorf("%s is shown (err %v): %s", id, err, s.textOr(ctx, id))
			}
		}
		return nil
	})

	s.step("claude found with version and path", func(ctx context.Context) error {
		if err := s.waitText(ctx, "cli-status-claude", "Found"); err != nil {
			return err
		}
		if err := s.waitText(ctx, "cli-version-claude", fakeClaudeVersion); err != nil {
			return err
		}
		p, err := s.text(ctx, "cli-path-claude")
		if err != nil {
			return err
		}
		if !strings.HasSuffix(p, fakeClaudeSuffix) {
			return fmt.Errorf("cli-path-claude = %q, want a path ending in %q", p, fakeClaudeSuffix)
		}
		return nil
	})

	s.step("other CLIs not found", func(ctx context.Context) error {
		for _, name := range missingCLIs {
			if err := s.waitText(ctx, "cli-status-"+name, "Not found"); err != nil {
				return err
			}
		}
		return nil
	})

	s.step("anthropic key starts not set", func(ctx context.Context) error {
		return s.waitTextFunc(ctx, "key-status-anthropic", func(v string) bool { return strings.Contains(v, "Not set") })
	})

	s.step("screenshot settings", func(ctx context.Context) error {
		return s.screenshot(ctx, "settings.png", true)
	})

	s.step("save anthropic key", func(ctx context.Context) error {
		if err := s.typeInto(ctx, "key-input-anthropic", cfg.marker); err != nil {
			return err
		}
		if err := s.click(ctx, "key-save-anthropic"); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "key-status-anthropic", func(v string) bool { return strings.Contains(v, "Stored") }); err != nil {
			return err
		}
		return s.waitInputValue(ctx, "key-input-anthropic", "")
	})

	s.step("key is in the keyring", func(ctx context.Context) error {
		if cfg.bus == "" {
			s.t.Logf("  %s unset: not reading the keyring directly", envBus)
			return nil
		}
		got, err := keyringGet(ctx, cfg.bus, keyringService, anthropicUser)
		if err != nil {
			return fmt.Errorf("read keyring %s/%s: %w", keyringService, anthropicUser, err)
		}
		if got != cfg.marker {
			return fmt.Errorf("keyring %s/%s holds a %d-byte value that is not the key typed in", keyringService, anthropicUser, len(got))
		}
		return nil
	})

	s.step("reload: still stored, key not in the page", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			return err
		}
		if err := s.waitVisible(ctx, tid("key-row-anthropic")); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "key-status-anthropic", func(v string) bool { return strings.Contains(v, "Stored") }); err != nil {
			return err
		}
		return s.markerAbsentFromPage(ctx)
	})

	s.step("max concurrent runs = 7, saved", func(ctx context.Context) error {
		// The form is disabled until the stored settings arrived and filled the input.
		if err := s.waitInputFunc(ctx, "settings-max-concurrent", func(v string) bool { return v != "" }); err != nil {
			return err
		}
		if err := s.typeInto(ctx, "settings-max-concurrent", strconv.Itoa(newMaxConcurrent)); err != nil {
			return err
		}
		if err := s.click(ctx, "settings-save"); err != nil {
			return err
		}
		// Ask Go, not the form: the value must have reached the store.
		return s.waitJS(ctx, "SettingsAPI.Get().maxConcurrentRuns == 7",
			`window.go.bindings.SettingsAPI.Get().then(s => s.maxConcurrentRuns)`,
			func(raw string) bool { return raw == strconv.Itoa(newMaxConcurrent) })
	})

	s.step("reload: max concurrent runs still 7", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			return err
		}
		if err := s.waitInputValue(ctx, "settings-max-concurrent", strconv.Itoa(newMaxConcurrent)); err != nil {
			return err
		}
		if present, _ := s.present(ctx, "settings-save-error"); present {
			return fmt.Errorf("settings-save-error shown: %s", s.textOr(ctx, "settings-save-error"))
		}
		return nil
	})

	var navIDs []string
	s.step("navigation lists every screen", func(ctx context.Context) error {
		ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('[data-testid^="nav-"]')].map(e => e.dataset.testid)`))
		if err != nil {
			return err
		}
		navIDs = ids
		s.t.Logf("  nav links: %s", strings.Join(ids, ", "))
		for _, want := range []string{"nav-dashboard", "nav-settings"} {
			if !contains(ids, want) {
				return fmt.Errorf("no %s link; found %v", want, ids)
			}
		}
		return nil
	})

	for _, id := range navIDs {
		s.step("screen "+id, func(ctx context.Context) error {
			before := s.console.errorCount()
			if err := s.visitNav(ctx, id); err != nil {
				return err
			}
			name := strings.TrimPrefix(id, "nav-")
			file := "screen-" + name + ".png"
			if name == "dashboard" {
				if err := s.waitVisible(ctx, tid("dashboard-status")); err != nil {
					return err
				}
				if present, _ := s.present(ctx, "dashboard-error"); present {
					return fmt.Errorf("dashboard-error shown: %s", s.textOr(ctx, "dashboard-error"))
				}
				file = "dashboard.png"
			}
			if err := s.screenshot(ctx, file, false); err != nil {
				return err
			}
			if errs := s.console.errorsSince(before); len(errs) > 0 {
				return fmt.Errorf("console errors on %s:\n  %s%s", id, strings.Join(errs, "\n  "), s.console.hmrNote())
			}
			return nil
		})
	}

	s.step("no console errors", func(context.Context) error {
		if errs := s.console.errorsSince(0); len(errs) > 0 {
			return fmt.Errorf("%d console errors:\n  %s%s", len(errs), strings.Join(errs, "\n  "), s.console.hmrNote())
		}
		return nil
	})

	s.step("key not in the data directory", func(context.Context) error {
		return markerAbsentFromDir(cfg.home, cfg.marker)
	})

	s.step("app log clean", func(context.Context) error {
		return checkAppLog(filepath.Join(cfg.home, "logs", "agented.log"), cfg.marker)
	})
}

type config struct {
	url, home, artifacts, marker, bus, chromium string
}

func loadConfig(t *testing.T) config {
	t.Helper()
	cfg := config{
		url:       strings.TrimRight(getenv(envURL, "http://localhost:34115"), "/"),
		home:      os.Getenv(envHome),
		artifacts: getenv(envArtifacts, "/tmp/agented-e2e"),
		marker:    os.Getenv(envMarker),
		bus:       os.Getenv(envBus),
		chromium:  getenv(envChromium, "/usr/bin/chromium"),
	}
	if cfg.home == "" {
		t.Fatalf("%s is not set: run this test through scripts/e2e.sh", envHome)
	}
	if cfg.marker == "" {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		cfg.marker = "sk-ant-e2e-" + hex.EncodeToString(b)
	}
	if err := os.MkdirAll(cfg.artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("app %s, AGENTED_HOME %s, artifacts %s", cfg.url, cfg.home, cfg.artifacts)
	return cfg
}

func getenv(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// session is one headless Chromium tab plus what the page wrote to its console.
type session struct {
	t       *testing.T
	cfg     config
	ctx     context.Context
	console *consoleLog
	failed  bool
}

func newSession(t *testing.T, cfg config) *session {
	t.Helper()
	// The whole scenario must finish well inside the script's own timeout.
	root, cancelRoot := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancelRoot)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(cfg.chromium),
		chromedp.NoSandbox, // tests run as root in CI containers
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 800),
		// chromedp creates (and removes) a fresh temporary user-data-dir.
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(root, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)

	start := time.Now()
	// Start the browser and subscribe to the console before the first navigation.
	c := &consoleLog{}
	msgs := chromedp.Console(ctx)
	go c.collect(msgs)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start %s: %v", cfg.chromium, err)
	}
	t.Logf("chromium started in %v", time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() {
		if t.Failed() || testing.Verbose() {
			c.dump(t)
		}
	})
	return &session{t: t, cfg: cfg, ctx: ctx, console: c}
}

// step runs one asserted step with its own deadline. After a failure the rest are skipped, since
// every step builds on the state the previous ones left.
func (s *session) step(name string, fn func(ctx context.Context) error) {
	s.t.Helper()
	if s.failed {
		return
	}
	ctx, cancel := context.WithTimeout(s.ctx, 60*time.Second)
	defer cancel()
	start := time.Now()
	err := fn(ctx)
	d := time.Since(start).Round(time.Millisecond)
	if err == nil {
		s.t.Logf("ok   %-48s %v", name, d)
		return
	}
	s.failed = true
	s.dumpFailure(name)
	s.t.Fatalf("FAIL %s (after %v): %v", name, d, err)
}

// dumpFailure saves a screenshot and the page HTML so a CI failure can be read afterwards.
func (s *session) dumpFailure(step string) {
	ctx, cancel := context.WithTimeout(s.ctx, 15*time.Second)
	defer cancel()
	base := "fail-" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, strings.ToLower(step))
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		s.save(base+".png", png)
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); err == nil {
		s.save(base+".html", []byte(html))
	}
}

func (s *session) save(name string, data []byte) {
	p := filepath.Join(s.cfg.artifacts, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		s.t.Logf("  save %s: %v", p, err)
		return
	}
	s.t.Logf("  wrote %s", p)
}

// screenshot saves the viewport; full grows the viewport to the height of the scrolled content
// first (the layout scrolls inside <main>, so a full-page capture alone would not show it).
func (s *session) screenshot(ctx context.Context, name string, full bool) error {
	if full {
		h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](
			`Math.ceil(document.querySelector('#main-content')?.scrollHeight ?? 0) + 80`))
		if err != nil {
			return err
		}
		h = min(max(h, 800), 4000)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, h)); err != nil {
			return err
		}
		defer func() { _ = chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)) }()
		// Let the layout settle in the new size.
		if err := s.waitJS(ctx, "layout settled", `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`,
			func(raw string) bool { return raw == "true" }); err != nil {
			return err
		}
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	if len(png) < 1000 {
		return fmt.Errorf("screenshot %s is only %d bytes", name, len(png))
	}
	s.save(name, png)
	return nil
}

// visitNav clicks a navigation link and waits until its screen has rendered: the URL follows the
// link, the page header shows the link's title, and the main area has real content.
func (s *session) visitNav(ctx context.Context, id string) error {
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`document.querySelector(%s).getAttribute('href')`, jsString(cssTestID(id)))))
	if err != nil {
		return fmt.Errorf("href of %s: %w", id, err)
	}
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`document.querySelector(%s).getAttribute('title') || document.querySelector(%[1]s).textContent.trim()`,
		jsString(cssTestID(id)))))
	if err != nil {
		return fmt.Errorf("title of %s: %w", id, err)
	}
	if err := s.click(ctx, id); err != nil {
		return err
	}
	hash := href[strings.Index(href, "#"):]
	check := fmt.Sprintf(`(() => {
		const main = document.querySelector('#main-content');
		const h1 = main && main.querySelector('h1');
		return {
			hash: location.hash,
			title: h1 ? h1.textContent.trim() : '',
			chars: main ? main.innerText.trim().length : 0,
			active: !!document.querySelector(%s + '.is-active'),
		};
	})()`, jsString(cssTestID(id)))
	return s.waitJS(ctx, fmt.Sprintf("%s rendered (hash %s, header %q)", id, hash, title), check, func(raw string) bool {
		var st struct {
			Hash   string
			Title  string
			Chars  int
			Active bool
		}
		if json.Unmarshal([]byte(raw), &st) != nil {
			return false
		}
		return st.Hash == hash && st.Title == title && st.Chars > 40 && st.Active
	})
}

// markerAbsentFromPage checks the markup, every input's value and web storage.
func (s *session) markerAbsentFromPage(ctx context.Context) error {
	where, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`(() => {
		const m = %s, found = [];
		if (document.documentElement.outerHTML.includes(m)) found.push('HTML');
		for (const el of document.querySelectorAll('input, textarea')) {
			if ((el.value || '').includes(m)) found.push('value of ' + (el.dataset.testid || el.outerHTML.slice(0, 80)));
		}
		for (const [name, st] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
			for (let i = 0; i < st.length; i++) {
				const k = st.key(i);
				if (k.includes(m) || (st.getItem(k) || '').includes(m)) found.push(name + '[' + k + ']');
			}
		}
		if (document.cookie.includes(m)) found.push('cookie');
		return found;
	})()`, jsString(s.cfg.marker))))
	if err != nil {
		return err
	}
	if len(where) > 0 {
		return fmt.Errorf("the saved key is readable in the page: %v", where)
	}
	return nil
}

// Element helpers. Test ids sit either on the element itself or, for naive-ui inputs, on the
// native <input> or on its wrapper.

func cssTestID(id string) string { return fmt.Sprintf(`[data-testid=%q]`, id) }

func tid(id string) chromedp.CSS { return chromedp.CSS(cssTestID(id)) }

func inputSel(id string) string {
	return fmt.Sprintf(`input[data-testid=%q], [data-testid=%q] input`, id, id)
}

func jsString(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (s *session) waitVisible(ctx context.Context, sel chromedp.CSS) error {
	if err := chromedp.Do(ctx, chromedp.WaitVisible(sel)); err != nil {
		return fmt.Errorf("wait for %s: %w", sel, err)
	}
	return nil
}

func (s *session) present(ctx context.Context, id string) (bool, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector(%s)`, jsString(cssTestID(id)))))
}

// text returns the trimmed textContent of the element, or an error when there is none.
func (s *session) text(ctx context.Context, id string) (string, error) {
	v, err := chromedp.Run(ctx, chromedp.Evaluate[*string](fmt.Sprintf(
		`(() => { const el = document.querySelector(%s); return el ? el.textContent.replace(/\s+/g, ' ').trim() : null })()`,
		jsString(cssTestID(id)))))
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", fmt.Errorf("no element %s", cssTestID(id))
	}
	return *v, nil
}

func (s *session) textOr(ctx context.Context, id string) string {
	v, err := s.text(ctx, id)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return v
}

func (s *session) inputValue(ctx context.Context, id string) (string, error) {
	v, err := chromedp.Run(ctx, chromedp.Evaluate[*string](fmt.Sprintf(
		`(() => { const el = document.querySelector(%s); return el ? el.value : null })()`, jsString(inputSel(id)))))
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", fmt.Errorf("no input %s", inputSel(id))
	}
	return *v, nil
}

func (s *session) waitText(ctx context.Context, id, want string) error {
	return s.waitTextFunc(ctx, id, func(v string) bool { return v == want })
}

func (s *session) waitTextFunc(ctx context.Context, id string, ok func(string) bool) error {
	return poll(ctx, "text of "+cssTestID(id), func() (bool, string) {
		v, err := s.text(ctx, id)
		if err != nil {
			return false, err.Error()
		}
		return ok(v), strconv.Quote(v)
	})
}

func (s *session) waitInputValue(ctx context.Context, id, want string) error {
	return s.waitInputFunc(ctx, id, func(v string) bool { return v == want })
}

func (s *session) waitInputFunc(ctx context.Context, id string, ok func(string) bool) error {
	return poll(ctx, "value of "+inputSel(id), func() (bool, string) {
		v, err := s.inputValue(ctx, id)
		if err != nil {
			return false, err.Error()
		}
		if strings.Contains(v, s.cfg.marker) {
			return ok(v), "(the typed key)"
		}
		return ok(v), strconv.Quote(v)
	})
}

// waitJS evaluates expr (awaiting a promise) until ok accepts its JSON result.
func (s *session) waitJS(ctx context.Context, what, expr string, ok func(raw string) bool) error {
	return poll(ctx, what, func() (bool, string) {
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			return false, err.Error()
		}
		return ok(string(raw)), string(raw)
	})
}

// typeInto replaces the content of an input with text, typed as real key events.
func (s *session) typeInto(ctx context.Context, id, text string) error {
	sel := inputSel(id)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.WaitEnabled(chromedp.CSS(sel))); err != nil {
		return fmt.Errorf("wait for %s: %w", sel, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const el = document.querySelector(%s); el.focus(); el.select(); })()`, jsString(sel))),
		chromedp.SendKeys(chromedp.CSS(sel), text),
	); err != nil {
		return fmt.Errorf("type into %s: %w", sel, err)
	}
	got, err := s.inputValue(ctx, id)
	if err != nil {
		return err
	}
	if got != text {
		return fmt.Errorf("%s holds %d chars after typing, want %d", sel, len(got), len(text))
	}
	return nil
}

// click waits until the element is visible and enabled, then clicks its center.
func (s *session) click(ctx context.Context, id string) error {
	sel := tid(id)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(sel), chromedp.WaitEnabled(sel), chromedp.Click(sel)); err != nil {
		return fmt.Errorf("click %s: %w", sel, err)
	}
	return nil
}

// poll calls check every 100 ms until it reports true or ctx ends; the error names the last value.
func poll(ctx context.Context, what string, check func() (bool, string)) error {
	last := ""
	for {
		ok, seen := check()
		if ok {
			return nil
		}
		last = seen
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w; last seen %s", what, ctx.Err(), last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func samePath(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

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

//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

type config struct {
	url, home, artifacts, marker, bus, chromium string
	fakeClaude                                  string // the fake claude the app finds first in PATH; "" when not told
	project                                     string // a directory the core loop links to its triggers; "" means a temp dir
}

func loadConfig(t *testing.T) config {
	t.Helper()
	cfg := config{
		url:        strings.TrimRight(getenv(envURL, "http://localhost:34115"), "/"),
		home:       os.Getenv(envHome),
		artifacts:  getenv(envArtifacts, "/tmp/agented-e2e"),
		marker:     os.Getenv(envMarker),
		bus:        os.Getenv(envBus),
		chromium:   getenv(envChromium, "/usr/bin/chromium"),
		fakeClaude: os.Getenv(envFakeClaude),
		project:    os.Getenv(envProject),
	}
	if cfg.home == "" {
		t.Fatalf("%s is not set: run this test through scripts/e2e.sh", envHome)
	}
	if cfg.marker == "" {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		cfg.marker = "fake-anthropic-e2e-" + hex.EncodeToString(b)
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
	s.t.Fatalf("FAIL %s (after %v): %v%s", name, d, err, s.console.hmrNote())
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
		restore, err := s.growViewport(ctx, `document.querySelector('#main-content')?.scrollHeight ?? 0`)
		if err != nil {
			return err
		}
		defer restore()
	}
	s.waitStill(ctx, name)
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

// screenshotElement saves the element matched by css alone, with the viewport grown to the
// height of the scrolled content first so that a tall section is captured whole.
func (s *session) screenshotElement(ctx context.Context, name, css string) error {
	restore, err := s.growViewport(ctx, `document.querySelector('#main-content')?.scrollHeight ?? 0`)
	if err != nil {
		return err
	}
	defer restore()
	s.waitStill(ctx, name)
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(css)))
	if err != nil {
		return fmt.Errorf("screenshot of %s: %w", css, err)
	}
	if len(png) < 1000 {
		return fmt.Errorf("screenshot %s is only %d bytes", name, len(png))
	}
	s.save(name, png)
	return nil
}

// growViewport makes the viewport as tall as heightJS (a number, plus a margin; 800 to 4000 px)
// and waits for the layout to follow; restore goes back to 1280x800.
func (s *session) growViewport(ctx context.Context, heightJS string) (restore func(), err error) {
	h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`Math.ceil(`+heightJS+`) + 80`))
	if err != nil {
		return nil, err
	}
	h = min(max(h, 800), 4000)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, h)); err != nil {
		return nil, err
	}
	restore = func() { _ = chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)) }
	// Let the layout settle in the new size.
	if err := s.waitJS(ctx, "layout settled", `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`,
		func(raw string) bool { return raw == "true" }); err != nil {
		restore()
		return nil, err
	}
	return restore, nil
}

// waitStill lets CSS transitions finish (hover and active colours, naive-ui's enabled/disabled
// fades), so a picture shows the settled state; an endless animation only costs the 3 s.
func (s *session) waitStill(ctx context.Context, name string) {
	settleCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := s.waitJS(settleCtx, "animations finished",
		`document.getAnimations().filter(a => a.playState === 'running').length`,
		func(raw string) bool { return raw == "0" }); err != nil {
		s.t.Logf("  %s: taking it with animations still running", name)
	}
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

//go:build e2e

package e2e

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
	// The fake claude (testdata/fakeagent built as claude) the app finds first in PATH; when
	// unset, Settings only has to show some path ending in /claude.
	envFakeClaude = "E2E_FAKE_CLAUDE"
	// A directory for the core loop's triggers (the runs' cwd); default a temporary directory.
	envProject = "E2E_PROJECT_DIR"
)

// The fake claude answers --version with this; the other CLIs must not exist.
const (
	fakeClaudeVersion = "2.1.197 (Claude Code)"
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
		if cfg.fakeClaude != "" {
			if !samePath(p, cfg.fakeClaude) {
				return fmt.Errorf("cli-path-claude = %q, want the fake %q", p, cfg.fakeClaude)
			}
			return nil
		}
		if !strings.HasSuffix(p, "/claude") {
			return fmt.Errorf("cli-path-claude = %q, want a path ending in /claude", p)
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

	s.step("screenshot settings", func(ctx context.Context) error {
		return s.screenshot(ctx, "settings.png", true)
	})

	var navIDs []string
	s.step("navigation lists every screen", func(ctx context.Context) error {
		ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('a[data-testid^="nav-"]')].map(e => e.dataset.testid)`))
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
				return fmt.Errorf("console errors on %s:\n  %s", id, strings.Join(errs, "\n  "))
			}
			return nil
		})
	}

	s.step("delete anthropic key", func(ctx context.Context) error {
		if err := s.visitNav(ctx, "nav-settings"); err != nil {
			return err
		}
		if err := s.click(ctx, "key-delete-anthropic"); err != nil {
			return err
		}
		// The confirmation dialog: its positive button is the last one.
		confirm := chromedp.CSS(`[role="dialog"] .n-dialog__action button:last-of-type`)
		if err := s.waitVisible(ctx, confirm); err != nil {
			return err
		}
		// The dialog scales in: a click during that may land beside the button.
		if err := s.settle(ctx); err != nil {
			return err
		}
		label, err := chromedp.Run(ctx, chromedp.Text(confirm))
		if err != nil {
			return err
		}
		if strings.TrimSpace(label) != "Delete" {
			return fmt.Errorf("the dialog's confirm button says %q, want Delete", label)
		}
		if err := chromedp.Do(ctx, chromedp.Click(confirm)); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "key-status-anthropic", func(v string) bool { return strings.Contains(v, "Not set") }); err != nil {
			return err
		}
		if cfg.bus == "" {
			return nil
		}
		if _, err := keyringGet(ctx, cfg.bus, keyringService, anthropicUser); !errors.Is(err, keyring.ErrNotFound) {
			return fmt.Errorf("after delete, reading the keyring gives %v, want %v", err, keyring.ErrNotFound)
		}
		return nil
	})

	s.step("no console errors", func(context.Context) error {
		if errs := s.console.errorsSince(0); len(errs) > 0 {
			return fmt.Errorf("%d console errors:\n  %s", len(errs), strings.Join(errs, "\n  "))
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

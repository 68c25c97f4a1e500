//go:build e2e

package e2e

// The file name starts with 0 so that go test runs TestOnboardingFlow before every other test of
// the suite: they share one data directory, and the guide only opens by itself while it holds no
// trigger of the user's own.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

var (
	welcomeHash  = regexp.MustCompile(`^#/(welcome)$`)
	dashHash     = regexp.MustCompile(`^#(/)$`)
	guideRunHref = regexp.MustCompile(`^#/executions/(exec-[^/]+)$`)
)

// TestOnboardingFlow is a new user's first start: the app opens the first-run guide by itself,
// the CLI doctor finds the fake claude (and says how to install the other three), an API key goes
// to the keyring, a trigger made from the "Explain this repository" template runs in a project
// directory, and its live output ends in a success with links to the trigger and the run. The
// guide is then done: the next start stays on the Dashboard. Each step is photographed
// (onboarding-1-clis.png ... onboarding-4-run.png).
func TestOnboardingFlow(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)
	dir := cfg.project
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var runID, triggerID string

	s.step("a fresh data directory opens the guide", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/")); err != nil {
			return err
		}
		var st struct{ FirstLaunch, Done bool }
		if err := s.waitJS(ctx, "the bindings", `!!window.go?.bindings?.OnboardingAPI`, func(raw string) bool { return raw == "true" }); err != nil {
			return err
		}
		if err := s.goCall(ctx, `window.go.bindings.OnboardingAPI.State()`, &st); err != nil {
			return err
		}
		if !st.FirstLaunch {
			return fmt.Errorf("the data directory is not fresh (state %+v): run this test first, on a new AGENTED_HOME", st)
		}
		if _, err := s.hashPath(ctx, "the guide at #/welcome", welcomeHash); err != nil {
			return err
		}
		return s.waitStep(ctx, "cli")
	})

	s.step("CLI doctor: claude found, the others with install and login commands", func(ctx context.Context) error {
		if err := s.waitText(ctx, "onb-cli-status-claude", "Found"); err != nil {
			return err
		}
		if err := s.waitText(ctx, "onb-cli-version-claude", fakeClaudeVersion); err != nil {
			return err
		}
		if p, _ := s.text(ctx, "onb-cli-path-claude"); cfg.fakeClaude != "" && !samePath(p, cfg.fakeClaude) {
			return fmt.Errorf("onb-cli-path-claude = %q, want the fake %q", p, cfg.fakeClaude)
		}
		want := map[string]string{"codex": "npm i -g @openai/codex", "gemini": "npm i -g @google/gemini-cli", "opencode": "npm i -g opencode-ai"}
		for name, install := range want {
			if err := s.waitText(ctx, "onb-cli-status-"+name, "Not installed"); err != nil {
				return err
			}
			if err := s.waitText(ctx, "onb-cli-install-"+name, install); err != nil {
				return err
			}
		}
		if err := s.waitText(ctx, "onb-cli-login-claude", "claude auth login"); err != nil {
			return err
		}
		if err := s.click(ctx, "onb-cli-recheck"); err != nil {
			return err
		}
		if err := s.waitText(ctx, "onb-cli-status-claude", "Found"); err != nil {
			return err
		}
		return s.screenshot(ctx, "onboarding-1-clis.png", true)
	})

	s.step("an API key for claude goes to the keyring only", func(ctx context.Context) error {
		if err := s.click(ctx, "onb-cli-next"); err != nil {
			return err
		}
		if err := s.waitStep(ctx, "key"); err != nil {
			return err
		}
		if err := s.waitText(ctx, "onb-key-status", "Not set"); err != nil {
			return err
		}
		if err := s.typeInto(ctx, "onb-key-input", cfg.marker); err != nil {
			return err
		}
		if err := s.click(ctx, "onb-key-save"); err != nil {
			return err
		}
		if err := s.waitText(ctx, "onb-key-status", "Stored in the keyring"); err != nil {
			return err
		}
		if err := s.waitInputValue(ctx, "onb-key-input", ""); err != nil {
			return err
		}
		if cfg.bus != "" {
			got, err := keyringGet(ctx, cfg.bus, keyringService, anthropicUser)
			if err != nil || got != cfg.marker {
				return fmt.Errorf("keyring %s/%s: %d bytes, %v; want the key typed in", keyringService, anthropicUser, len(got), err)
			}
		}
		if err := s.markerAbsentFromPage(ctx); err != nil {
			return err
		}
		return s.screenshot(ctx, "onboarding-2-key.png", true)
	})

	s.step("a first trigger from the template, in the project directory", func(ctx context.Context) error {
		if err := s.click(ctx, "onb-key-next"); err != nil {
			return err
		}
		if err := s.waitStep(ctx, "trigger"); err != nil {
			return err
		}
		checked, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`document.querySelector('[data-testid="onb-template-explain-repo"]').getAttribute('aria-checked')`))
		if err != nil || checked != "true" {
			return fmt.Errorf("explain-repo is not the chosen template (%q, %v)", checked, err)
		}
		if err := s.typeInto(ctx, "onb-trigger-dir", dir); err != nil {
			return err
		}
		return s.screenshot(ctx, "onboarding-3-trigger.png", true)
	})

	s.step("create and run: live output ends in a success", func(ctx context.Context) error {
		if err := s.click(ctx, "onb-trigger-create"); err != nil {
			return err
		}
		if err := s.waitStep(ctx, "run"); err != nil {
			return err
		}
		href, err := s.waitHref(ctx, "onb-run-open-run")
		if err != nil {
			return err
		}
		if m := guideRunHref.FindStringSubmatch(href); m != nil {
			runID = m[1]
		} else {
			return fmt.Errorf("onb-run-open-run links to %q", href)
		}
		err = s.waitJS(ctx, "status success with log lines shown", `(() => {
			const st = document.querySelector('[data-testid="onb-run-status"]')?.dataset.status;
			const rows = document.querySelectorAll('[data-testid^="log-line-"]').length;
			return { st, rows, ok: !!document.querySelector('[data-testid="onb-run-success"]') };
		})()`, func(raw string) bool {
			return strings.Contains(raw, `"st":"success"`) && strings.Contains(raw, `"ok":true`) && !strings.Contains(raw, `"rows":0`)
		})
		if err != nil {
			return err
		}
		e, err := s.execution(ctx, runID)
		if err != nil {
			return err
		}
		if e.Status != "success" || !samePath(e.WorkingDir, dir) || !strings.Contains(e.Prompt, "Explain this repository") {
			return fmt.Errorf("Go has status %q, working dir %q, prompt %q", e.Status, e.WorkingDir, e.Prompt)
		}
		if err := s.waitText(ctx, "onb-run-trigger", "Explain this repository"); err != nil {
			return err
		}
		// The fake's final answer (its result event) is shown under the log.
		if err := s.waitTextFunc(ctx, "onb-run-answer", func(v string) bool { return strings.Contains(v, doneText) }); err != nil {
			return err
		}
		if present, err := s.present(ctx, "onboarding-skip"); err != nil || present {
			return fmt.Errorf("Skip is still offered after the guide finished (err %v)", err)
		}
		if err := noneLeftIn(dir); err != nil {
			return err
		}
		return s.screenshot(ctx, "onboarding-4-run.png", true)
	})

	s.step("the guide is done; its links open the trigger and the run", func(ctx context.Context) error {
		var st struct{ FirstLaunch, Done, Skipped bool }
		if err := s.goCall(ctx, `window.go.bindings.OnboardingAPI.State()`, &st); err != nil {
			return err
		}
		if !st.Done || st.Skipped || st.FirstLaunch {
			return fmt.Errorf("state after a successful first run: %+v", st)
		}
		href, err := s.waitHref(ctx, "onb-run-open-trigger")
		if err != nil {
			return err
		}
		triggerID = strings.TrimPrefix(href, "#/triggers/")
		if err := s.click(ctx, "onb-run-open-trigger"); err != nil {
			return err
		}
		if _, err := s.hashPath(ctx, "the trigger's page", triggerHash); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/executions/"+runID)); err != nil {
			return err
		}
		return s.waitTextFunc(ctx, "exec-status", func(v string) bool { return strings.Contains(strings.ToLower(v), "success") })
	})

	s.step("the next start stays on the Dashboard", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/")); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			return err
		}
		if err := s.waitVisible(ctx, tid("dashboard-onboarding")); err != nil {
			return err
		}
		_, err := s.hashPath(ctx, "still the Dashboard", dashHash)
		return err
	})

	// The suite's other tests start from a keyring without a claude key (Settings stores one).
	s.step("remove the key again", func(ctx context.Context) error {
		out, err := s.goEval(ctx, `window.go.bindings.KeysAPI.Delete('anthropic').then(() => 'ok', (e) => String(e?.message ?? e))`)
		if err != nil || out != "ok" {
			return fmt.Errorf("delete the anthropic key: %q, %v", out, err)
		}
		s.t.Logf("  trigger %s, run %s", triggerID, runID)
		return nil
	})
}

// waitStep waits until the guide shows one of its steps (cli, key, trigger, run).
func (s *session) waitStep(ctx context.Context, name string) error {
	return s.waitJS(ctx, "guide step "+name,
		`document.querySelector('[data-testid="onboarding-step"]')?.dataset.step ?? ''`,
		func(raw string) bool {
			var got string
			return json.Unmarshal([]byte(raw), &got) == nil && got == name
		})
}

// waitHref waits for a link and returns its href (the hash part).
func (s *session) waitHref(ctx context.Context, id string) (string, error) {
	var href string
	err := s.waitJS(ctx, id+" href", fmt.Sprintf(`document.querySelector(%s)?.getAttribute('href') ?? ''`, jsString(cssTestID(id))),
		func(raw string) bool { return json.Unmarshal([]byte(raw), &href) == nil && href != "" })
	return href, err
}

//go:build e2e

package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// webhookPrompt makes every run of the webhook trigger a quick success whose prompt carries the
// delivery's text.
const webhookPrompt = "[fake:success] {message}"

// TestWebhookFlow drives the HTTP listener as a user would: turn it on in Settings → Listener on a
// free loopback port, generate an API key (shown once) and see /admin honour it, create a webhook
// trigger and read its URL and curl example in the editor, POST a matching and a non-matching
// payload, find both on the Webhook deliveries screen with the payload and the run they started,
// replay the matching one into a second run, and turn the listener off again.
func TestWebhookFlow(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)
	dir := cfg.project
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	suffix := time.Now().Format("150405")
	name := "Deploy hook " + suffix
	text := "ship build " + suffix + " from the e2e test"
	hc := &http.Client{Timeout: 5 * time.Second}

	var (
		port                       int
		addr, baseURL, hookURL     string // 127.0.0.1:<port>, http://<addr>, the generic webhook URL
		triggerID                  string
		firstRun, replayRun        string   // executions
		matchID, otherID, replayID string   // deliveries
		seen                       []string // deliveries that existed before the test posted any
	)

	s.step("settings: listener on a free loopback port", func(ctx context.Context) error {
		var err error
		if port, err = freePort(); err != nil {
			return err
		}
		addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/settings")); err != nil {
			return err
		}
		// The form is disabled until the stored listener settings arrived and filled it.
		if err := s.waitInputFunc(ctx, "listener-port", func(v string) bool { return v != "" }); err != nil {
			return err
		}
		if err := s.scrollTo(ctx, "#settings-listener"); err != nil {
			return err
		}
		s.t.Logf("  listener before: %s", s.textOr(ctx, "listener-status"))
		if err := s.setSwitch(ctx, "listener-enabled", true); err != nil {
			return err
		}
		if err := s.typeInto(ctx, "listener-bind-address", "127.0.0.1"); err != nil {
			return err
		}
		if err := s.typeInto(ctx, "listener-port", strconv.Itoa(port)); err != nil {
			return err
		}
		if err := s.clickCentered(ctx, "listener-save"); err != nil {
			return err
		}
		if err := s.waitText(ctx, "listener-status", "Running at "+addr); err != nil {
			if present, _ := s.present(ctx, "listener-error"); present {
				err = fmt.Errorf("%w; listener-error: %s", err, s.textOr(ctx, "listener-error"))
			}
			return err
		}
		baseURL = "http://" + addr
		var err2 error
		if hookURL, err2 = s.text(ctx, "listener-url-generic"); err2 != nil {
			return err2
		}
		if hookURL != baseURL+"/" {
			return fmt.Errorf("listener-url-generic = %q, want %q", hookURL, baseURL+"/")
		}
		if got := s.textOr(ctx, "listener-url-base"); got != baseURL {
			return fmt.Errorf("listener-url-base = %q, want %q", got, baseURL)
		}
		// Go really serves there: the liveness check is public.
		return expectStatus(ctx, hc, http.MethodGet, baseURL+"/health/liveness", "", nil, http.StatusOK)
	})

	s.step("settings: generate the API key, shown once", func(ctx context.Context) error {
		if err := s.click(ctx, "listener-apikey-generate"); err != nil {
			return err
		}
		// Against an app that already has a key, the button rotates it after a confirmation.
		if err := s.confirmIfAsked(ctx, "Rotate"); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "listener-apikey-value", func(v string) bool { return len(v) >= 32 }); err != nil {
			return err
		}
		key, err := s.text(ctx, "listener-apikey-value")
		if err != nil {
			return err
		}
		if strings.ContainsAny(key, " \n\t") {
			return fmt.Errorf("the dialog shows %d chars with spaces, not one key", len(key))
		}
		if err := s.settle(ctx); err != nil {
			return err
		}
		if err := s.click(ctx, "listener-apikey-done"); err != nil {
			return err
		}
		if err := s.waitGone(ctx, "listener-apikey-value"); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "listener-apikey-status", func(v string) bool { return v == "Stored in the keyring" }); err != nil {
			return err
		}
		// Shown once: nothing in the page keeps it.
		inPage, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(
			`document.documentElement.outerHTML.includes(%s)`, jsString(key))))
		if err != nil {
			return err
		}
		if inPage {
			return errors.New("the API key is still in the page after the dialog closed")
		}
		if err := expectStatus(ctx, hc, http.MethodGet, baseURL+"/admin/triggers", "", nil, http.StatusUnauthorized); err != nil {
			return err
		}
		return expectStatus(ctx, hc, http.MethodGet, baseURL+"/admin/triggers", "", map[string]string{"X-API-Key": key}, http.StatusOK)
	})

	s.step("screenshot the listener settings", func(ctx context.Context) error {
		s.waitNoToasts(ctx)
		return s.screenshotElement(ctx, "settings-listener.png", "#settings-listener")
	})

	s.step("create a webhook trigger", func(ctx context.Context) error {
		var err error
		triggerID, err = s.createTrigger(ctx, name, webhookPrompt, dir, func(ctx context.Context) error {
			if err := s.click(ctx, "trigger-source-webhook"); err != nil {
				return err
			}
			for id, v := range map[string]string{"trigger-match-path": "event", "trigger-match-value": "deploy", "trigger-text-path": "text"} {
				if err := s.typeInto(ctx, id, v); err != nil {
					return err
				}
			}
			// Unsaved, there is no example yet; the URL is already there.
			if err := s.waitVisible(ctx, tid("trigger-webhook-after-save")); err != nil {
				return err
			}
			return s.waitText(ctx, "trigger-webhook-url", hookURL)
		})
		if err != nil {
			return err
		}
		var got struct{ TriggerSource, MatchFieldPath, MatchFieldValue, TextFieldPath string }
		if err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.TriggersAPI.Get(%s)`, jsString(triggerID)), &got); err != nil {
			return err
		}
		if got.TriggerSource != "webhook" || got.MatchFieldPath != "event" || got.MatchFieldValue != "deploy" || got.TextFieldPath != "text" {
			return fmt.Errorf("stored trigger %s has %+v", triggerID, got)
		}
		return nil
	})

	s.step("editor: webhook panel shows the URL and a curl example", func(ctx context.Context) error {
		if err := s.click(ctx, "trigger-edit"); err != nil {
			return err
		}
		editHash := regexp.MustCompile(`^#/triggers/(` + regexp.QuoteMeta(triggerID) + `)/edit$`)
		if _, err := s.hashPath(ctx, "the trigger's editor", editHash); err != nil {
			return err
		}
		if err := s.waitText(ctx, "trigger-webhook-url", hookURL); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "webhook-example-curl", func(v string) bool {
			return strings.Contains(v, "curl") && strings.Contains(v, addr) && strings.Contains(v, "deploy")
		}); err != nil {
			return err
		}
		for _, id := range []string{"trigger-listener-off", "trigger-webhook-after-save"} {
			if present, err := s.present(ctx, id); err != nil || present {
				return fmt.Errorf("%s is shown (err %v): %s", id, err, s.textOr(ctx, id))
			}
		}
		if err := s.scrollTo(ctx, `[data-testid="trigger-webhook-panel"]`); err != nil {
			return err
		}
		s.waitNoToasts(ctx)
		return s.screenshotElement(ctx, "trigger-webhook-panel.png", "#trigger-source")
	})

	s.step("post a matching and a non-matching payload", func(ctx context.Context) error {
		if err := s.visitNav(ctx, "nav-webhook-deliveries"); err != nil {
			return err
		}
		before, err := s.deliveries(ctx)
		if err != nil {
			return err
		}
		for _, d := range before {
			seen = append(seen, d.ID)
		}
		var res struct {
			Dispatched []struct{ TriggerID, ExecutionID string }
		}
		body := fmt.Sprintf(`{"event":"deploy","text":%s,"build":42}`, jsString(text))
		if err := postJSON(ctx, hc, hookURL, body, http.StatusAccepted, &res); err != nil {
			return err
		}
		if len(res.Dispatched) != 1 || res.Dispatched[0].TriggerID != triggerID || res.Dispatched[0].ExecutionID == "" {
			return fmt.Errorf("the matching POST dispatched %+v, want one run of %s", res.Dispatched, triggerID)
		}
		firstRun = res.Dispatched[0].ExecutionID
		res.Dispatched = nil
		if err := postJSON(ctx, hc, hookURL, `{"event":"build","text":"not for the deploy hook"}`, http.StatusOK, &res); err != nil {
			return err
		}
		if len(res.Dispatched) != 0 {
			return fmt.Errorf("the non-matching POST dispatched %+v", res.Dispatched)
		}
		return nil
	})

	s.step("deliveries: both rows arrive live", func(ctx context.Context) error {
		// Go recorded both; the screen, opened before they were sent, must show them without a reload.
		err := poll(ctx, "two new deliveries in Go", func() (bool, string) {
			all, err := s.deliveries(ctx)
			if err != nil {
				return false, err.Error()
			}
			matchID, otherID = "", ""
			var fresh []string
			for _, d := range all {
				if slices.Contains(seen, d.ID) {
					continue
				}
				fresh = append(fresh, fmt.Sprintf("%s %s %v", d.ID, d.Outcome, d.Runs))
				switch {
				case d.Outcome == "dispatched" && len(d.Runs) == 1 && d.Runs[0].ExecutionID == firstRun:
					matchID = d.ID
				case d.Outcome == "no_match" && len(d.Runs) == 0:
					otherID = d.ID
				}
			}
			return len(fresh) == 2 && matchID != "" && otherID != "", fmt.Sprint(fresh)
		})
		if err != nil {
			return err
		}
		return s.waitJS(ctx, "both rows, the matching one with its run", fmt.Sprintf(`(() => {
			const row = (id) => document.querySelector('[data-testid="delivery-row-' + id + '"]');
			const m = row(%s), o = row(%s);
			const outcome = (r) => r?.querySelector('[data-kind="outcome"]')?.dataset.value ?? '';
			return {
				match: outcome(m), other: outcome(o),
				run: !!m?.querySelector('[data-testid="delivery-run-' + %s + '"]'),
				otherRuns: o ? o.querySelectorAll('[data-testid^="delivery-run-"]').length : -1,
			};
		})()`, jsString(matchID), jsString(otherID), jsString(firstRun)), func(raw string) bool {
			return raw == `{"match":"dispatched","other":"no_match","run":true,"otherRuns":0}`
		})
	})

	s.step("screenshot the deliveries", func(ctx context.Context) error {
		s.waitNoToasts(ctx)
		return s.screenshot(ctx, "webhook-deliveries.png", false)
	})

	s.step("delivery detail: payload, headers, run", func(ctx context.Context) error {
		if err := s.openDelivery(ctx, matchID); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "delivery-payload", func(v string) bool {
			return strings.Contains(v, `"event": "deploy"`) && strings.Contains(v, text) && strings.Contains(v, `"build": 42`)
		}); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "delivery-headers", func(v string) bool { return strings.Contains(v, "application/json") }); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "delivery-runs", func(v string) bool { return strings.Contains(v, name) && strings.Contains(v, firstRun) }); err != nil {
			return err
		}
		// The drawer scrolls on its own: make the window tall enough for all of it.
		restore, err := s.growViewport(ctx, `document.querySelector('[data-testid="delivery-drawer"]').scrollHeight + 40`)
		if err != nil {
			return err
		}
		defer restore()
		return s.screenshot(ctx, "webhook-delivery-detail.png", false)
	})

	s.step("follow the run link: the run succeeds", func(ctx context.Context) error {
		link := chromedp.CSS(fmt.Sprintf(`[data-testid="delivery-drawer"] %s`, cssTestID("delivery-run-"+firstRun)))
		if err := chromedp.Do(ctx, chromedp.WaitVisible(link), chromedp.Click(link)); err != nil {
			return fmt.Errorf("click %s: %w", link, err)
		}
		id, err := s.hashPath(ctx, "the run's execution view", executionHash)
		if err != nil {
			return err
		}
		if id != firstRun {
			return fmt.Errorf("the link opened %s, want %s", id, firstRun)
		}
		return s.waitRunSuccess(ctx, firstRun, text)
	})

	s.step("replay the matching delivery", func(ctx context.Context) error {
		if err := s.visitNav(ctx, "nav-webhook-deliveries"); err != nil {
			return err
		}
		if err := s.openDelivery(ctx, matchID); err != nil {
			return err
		}
		if err := s.click(ctx, "delivery-replay"); err != nil {
			return err
		}
		if err := s.confirm(ctx, "Replay"); err != nil {
			return err
		}
		// The drawer moves on to the new delivery.
		if err := s.waitTextFunc(ctx, "delivery-replay-of", func(v string) bool { return strings.Contains(v, matchID) }); err != nil {
			return err
		}
		all, err := s.deliveries(ctx)
		if err != nil {
			return err
		}
		for _, d := range all {
			if d.ReplayOf != matchID {
				continue
			}
			if replayID != "" {
				return fmt.Errorf("two replays of %s: %s and %s", matchID, replayID, d.ID)
			}
			if d.Outcome != "dispatched" || len(d.Runs) != 1 || d.Runs[0].TriggerID != triggerID || d.Runs[0].ExecutionID == firstRun {
				return fmt.Errorf("the replay %s is %s with runs %v", d.ID, d.Outcome, d.Runs)
			}
			replayID, replayRun = d.ID, d.Runs[0].ExecutionID
		}
		if replayID == "" {
			return fmt.Errorf("Go has no replay of %s", matchID)
		}
		if err := s.waitTextFunc(ctx, "delivery-runs", func(v string) bool { return strings.Contains(v, replayRun) }); err != nil {
			return err
		}
		// The list shows it as a new row marked replay, with its own run.
		return s.waitJS(ctx, "the replay's row", fmt.Sprintf(`(() => {
			const r = document.querySelector('[data-testid="delivery-row-' + %s + '"]');
			return r ? { replay: !!r.querySelector('.replay') && r.textContent.includes('replay'),
				run: !!r.querySelector('[data-testid="delivery-run-' + %s + '"]') } : null;
		})()`, jsString(replayID), jsString(replayRun)), func(raw string) bool { return raw == `{"replay":true,"run":true}` })
	})

	s.step("the replay's run succeeds", func(ctx context.Context) error {
		err := poll(ctx, "run "+replayRun+" succeeded", func() (bool, string) {
			e, err := s.execution(ctx, replayRun)
			if err != nil {
				return false, err.Error()
			}
			return e.Status == "success" && strings.Contains(e.Prompt, text), e.Status
		})
		if err != nil {
			return err
		}
		return noneLeftIn(dir)
	})

	s.step("settings: listener off, the port closed", func(ctx context.Context) error {
		if err := s.closeDrawer(ctx); err != nil {
			return err
		}
		if err := s.visitNav(ctx, "nav-settings"); err != nil {
			return err
		}
		if err := s.waitInputValue(ctx, "listener-port", strconv.Itoa(port)); err != nil {
			return err
		}
		if err := s.scrollTo(ctx, "#settings-listener"); err != nil {
			return err
		}
		if err := s.setSwitch(ctx, "listener-enabled", false); err != nil {
			return err
		}
		if err := s.clickCentered(ctx, "listener-save"); err != nil {
			return err
		}
		if err := s.waitText(ctx, "listener-status", "Stopped"); err != nil {
			return err
		}
		if present, _ := s.present(ctx, "listener-url-generic"); present {
			return errors.New("the webhook URL is still shown for a stopped listener")
		}
		return poll(ctx, addr+" refuses connections", func() (bool, string) {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err != nil {
				return true, err.Error()
			}
			_ = c.Close()
			return false, "accepted a connection"
		})
	})

	s.step("no console errors", func(context.Context) error {
		if errs := s.console.errorsSince(0); len(errs) > 0 {
			return fmt.Errorf("%d console errors:\n  %s", len(errs), strings.Join(errs, "\n  "))
		}
		return nil
	})
}

//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"testing"

	"github.com/chromedp/chromedp"
)

// TestAuditFlow creates a named admin key in Settings → Listener (its secret shown once), opens
// the Audit screen, uses the key over the listener to create a trigger with a chosen request id
// and is refused a change with a read key; the key's change appears on the open screen without a
// reload, and filtered by the key's name it shows its diff (screenshot docs/screenshots/audit.png).
func TestAuditFlow(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)
	suffix := time.Now().Format("150405")
	keyName := "ci-" + suffix
	reqID := "e2e-audit-" + suffix
	hc := &http.Client{Timeout: 5 * time.Second}
	var baseURL, key string

	s.step("settings: listener on, a named admin key shown once", func(ctx context.Context) error {
		port, err := freePort()
		if err != nil {
			return err
		}
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/settings")); err != nil {
			return err
		}
		if err := s.waitInputFunc(ctx, "listener-port", func(v string) bool { return v != "" }); err != nil {
			return err
		}
		if err := s.scrollTo(ctx, "#settings-listener"); err != nil {
			return err
		}
		if err := s.setSwitch(ctx, "listener-enabled", true); err != nil {
			return err
		}
		if err := s.typeInto(ctx, "listener-port", strconv.Itoa(port)); err != nil {
			return err
		}
		if err := s.clickCentered(ctx, "listener-save"); err != nil {
			return err
		}
		if err := s.waitText(ctx, "listener-status", "Running at "+addr); err != nil {
			return err
		}
		baseURL = "http://" + addr
		if err := s.typeInto(ctx, "apikeys-name", keyName); err != nil {
			return err
		}
		if err := s.pickOption(ctx, "apikeys-scope", "apikeys-scope-option-admin"); err != nil {
			return err
		}
		if err := s.clickCentered(ctx, "apikeys-create"); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "apikeys-shown-value", func(v string) bool { return strings.HasPrefix(v, "agk_") }); err != nil {
			return err
		}
		if key, err = s.text(ctx, "apikeys-shown-value"); err != nil {
			return err
		}
		return s.click(ctx, "apikeys-shown-done")
	})

	s.step("audit: the screen is open, the desktop's key creation listed", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/audit")); err != nil {
			return err
		}
		return s.waitTextFunc(ctx, "audit-total", func(v string) bool { return strings.HasSuffix(v, "entries") || strings.HasSuffix(v, "entry") })
	})

	s.step("rest: the key creates a trigger; a read key is refused", func(ctx context.Context) error {
		h := map[string]string{"X-API-Key": key, "Content-Type": "application/json", "X-Request-ID": reqID}
		body := `{"name":"Audited ` + suffix + `","promptTemplate":"[fake:success] {message}"}`
		if err := expectStatus(ctx, hc, http.MethodPost, baseURL+"/admin/triggers", body, h, http.StatusCreated); err != nil {
			return err
		}
		raw, err := send(ctx, hc, http.MethodPost, baseURL+"/admin/api-keys", `{"name":"viewer-`+suffix+`","scope":"read"}`,
			map[string]string{"X-API-Key": key, "Content-Type": "application/json"}, http.StatusCreated)
		if err != nil {
			return err
		}
		reader := jsonField(string(raw), "key")
		return expectStatus(ctx, hc, http.MethodPost, baseURL+"/admin/triggers", body,
			map[string]string{"X-API-Key": reader, "Content-Type": "application/json"}, http.StatusForbidden)
	})

	// rowOf waits for the row of the key's change (its request id) and returns its test id.
	rowOf := func(ctx context.Context) (string, error) {
		row := ""
		err := poll(ctx, "an entry by "+keyName+" with request id "+reqID, func() (bool, string) {
			ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
				`[...document.querySelectorAll('[data-testid^="audit-row-"]')].filter(r => r.textContent.includes('`+reqID+`')).map(r => r.dataset.testid)`))
			if err == nil && len(ids) > 0 {
				row = ids[0]
				return true, ""
			}
			return false, fmt.Sprint(ids)
		})
		return row, err
	}

	s.step("audit: the key's change arrives live, at the top", func(ctx context.Context) error {
		// No navigation, no Refresh: only the audit:added event can bring it.
		if _, err := rowOf(ctx); err != nil {
			return err
		}
		// The newest entries are the key's (the trigger, then the read key it created): on top.
		first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid^="audit-row-"]')?.textContent ?? ''`))
		if err != nil {
			return err
		}
		if !strings.Contains(first, keyName) {
			return fmt.Errorf("top row %q, want the key's newest change", first)
		}
		return nil
	})

	s.step("audit: filtered by the key, the change's diff", func(ctx context.Context) error {
		if err := s.pickOption(ctx, "audit-actor-filter", "audit-actor-option-"+keyName); err != nil {
			return err
		}
		row, err := rowOf(ctx)
		if err != nil {
			return err
		}
		if err := s.click(ctx, row); err != nil {
			return err
		}
		if err := s.waitVisible(ctx, tid(strings.Replace(row, "audit-row-", "audit-diff-", 1))); err != nil {
			return err
		}
		return s.screenshot(ctx, "audit.png", false)
	})

	s.step("settings: listener off again", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/settings")); err != nil {
			return err
		}
		if err := s.waitInputFunc(ctx, "listener-port", func(v string) bool { return v != "" }); err != nil {
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
		return s.waitText(ctx, "listener-status", "Stopped")
	})
}

// jsonField pulls one string field out of a small JSON object.
func jsonField(raw, name string) string {
	i := strings.Index(raw, `"`+name+`":"`)
	if i < 0 {
		return ""
	}
	rest := raw[i+len(name)+4:]
	return rest[:strings.IndexByte(rest, '"')]
}

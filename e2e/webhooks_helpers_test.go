//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// delivery is a row of WebhooksAPI.ListDeliveries.
type delivery struct {
	ID, Outcome, ReplayOf string
	Runs                  []struct{ TriggerID, ExecutionID string }
}

// deliveries asks Go for the newest deliveries.
func (s *session) deliveries(ctx context.Context) ([]delivery, error) {
	var page struct{ Deliveries []delivery }
	err := s.goCall(ctx, `window.go.bindings.WebhooksAPI.ListDeliveries({source: '', outcome: '', limit: 100, offset: 0})`, &page)
	return page.Deliveries, err
}

// goCall awaits a bound Go method called from the page and decodes its result into v.
func (s *session) goCall(ctx context.Context, expr string, v any) error {
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("%s: %w", expr, err)
	}
	return json.Unmarshal(raw, v)
}

// openDelivery clicks a delivery's row and waits for its drawer.
func (s *session) openDelivery(ctx context.Context, id string) error {
	if err := s.click(ctx, "delivery-row-"+id); err != nil {
		return err
	}
	if err := s.waitVisible(ctx, tid("delivery-drawer")); err != nil {
		return err
	}
	// The drawer slides in; clicks inside it must wait until it stands still.
	return s.settle(ctx)
}

// closeDrawer closes an open drawer with its close button (its mask covers the navigation).
func (s *session) closeDrawer(ctx context.Context) error {
	if present, err := s.present(ctx, "delivery-drawer"); err != nil || !present {
		return err
	}
	// A confirmation dialog that is still fading out would take the click.
	if err := s.settle(ctx); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.n-drawer .n-drawer-header__close`))); err != nil {
		return fmt.Errorf("close the drawer: %w", err)
	}
	if err := s.waitGone(ctx, "delivery-drawer"); err != nil {
		return err
	}
	return s.settle(ctx)
}

// The positive button of a naive-ui confirmation dialog is its last one.
const dialogConfirm = `[role="dialog"] .n-dialog__action button:last-of-type`

// confirmIfAsked presses the positive button of a confirmation dialog labelled want, if one opens
// within a second.
func (s *session) confirmIfAsked(ctx context.Context, want string) error {
	wctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := s.waitJS(wctx, "a confirmation dialog", fmt.Sprintf(`!!document.querySelector(%s)`, jsString(dialogConfirm)),
		func(raw string) bool { return raw == "true" }); err != nil {
		return nil
	}
	return s.confirm(ctx, want)
}

// confirm waits for a confirmation dialog and presses its positive button, which must say want.
func (s *session) confirm(ctx context.Context, want string) error {
	confirm := dialogConfirm
	if err := s.waitVisible(ctx, chromedp.CSS(confirm)); err != nil {
		return err
	}
	// The dialog scales in: a click during that may land beside the button.
	if err := s.settle(ctx); err != nil {
		return err
	}
	label, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(confirm)))
	if err != nil {
		return err
	}
	if strings.TrimSpace(label) != want {
		return fmt.Errorf("the dialog's confirm button says %q, want %q", label, want)
	}
	return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(confirm)))
}

// setSwitch turns a naive-ui switch on or off with a click, if it is not so already.
func (s *session) setSwitch(ctx context.Context, id string, on bool) error {
	expr := fmt.Sprintf(`document.querySelector(%s)?.getAttribute('aria-checked')`, jsString(cssTestID(id)))
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		return err
	}
	if (state == "true") != on {
		if err := s.click(ctx, id); err != nil {
			return err
		}
	}
	return s.waitJS(ctx, id+" switched", expr, func(raw string) bool { return raw == strconv.Quote(strconv.FormatBool(on)) })
}

// clickCentered scrolls the element to the middle of the screen first: at the bottom edge a
// message ("Replayed: 1 run started") may lie over it and take the click.
func (s *session) clickCentered(ctx context.Context, id string) error {
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`document.querySelector(%s).scrollIntoView({ block: 'center' })`, jsString(cssTestID(id))))); err != nil {
		return err
	}
	return s.click(ctx, id)
}

// scrollTo brings an element to the top of the screen.
func (s *session) scrollTo(ctx context.Context, css string) error {
	return chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`document.querySelector(%s).scrollIntoView({ block: 'start' })`, jsString(css))))
}

// waitNoToasts waits (up to 5 s) until naive-ui's messages ("saved", "copied") have faded, so a
// screenshot shows the screen rather than the last confirmation.
func (s *session) waitNoToasts(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.waitJS(ctx, "no messages shown", `document.querySelectorAll('.n-message').length`,
		func(raw string) bool { return raw == "0" }); err != nil {
		s.t.Logf("  taking the screenshot with a message shown: %v", err)
	}
}

// waitGone waits until no element carries the test id.
func (s *session) waitGone(ctx context.Context, id string) error {
	return poll(ctx, cssTestID(id)+" gone", func() (bool, string) {
		p, err := s.present(ctx, id)
		if err != nil {
			return false, err.Error()
		}
		return !p, "still there"
	})
}

// waitRunSuccess waits until the execution view shows the run succeeded, and checks Go agrees
// and ran the delivery's text.
func (s *session) waitRunSuccess(ctx context.Context, id, text string) error {
	if _, err := s.waitExecView(ctx, "status success", func(v execView) bool { return v.Status == "success" }); err != nil {
		return err
	}
	e, err := s.execution(ctx, id)
	if err != nil {
		return err
	}
	if e.Status != "success" || !strings.Contains(e.Prompt, text) {
		return fmt.Errorf("Go has status %q, prompt %q", e.Status, e.Prompt)
	}
	return nil
}

// freePort asks the kernel for a loopback port nobody uses, and frees it for the app.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// expectStatus sends a request and checks the status code.
func expectStatus(ctx context.Context, hc *http.Client, method, url, body string, header map[string]string, want int) error {
	_, err := send(ctx, hc, method, url, body, header, want)
	return err
}

// postJSON posts body as JSON, checks the status and decodes the answer into v.
func postJSON(ctx context.Context, hc *http.Client, url, body string, want int, v any) error {
	raw, err := send(ctx, hc, http.MethodPost, url, body, map[string]string{"Content-Type": "application/json"}, want)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("POST %s answered %q: %w", url, raw, err)
	}
	return nil
}

func send(ctx context.Context, hc *http.Client, method, url, body string, header map[string]string, want int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader([]byte(body)))
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	keyed := ""
	if header["X-API-Key"] != "" {
		keyed = " (with the API key)"
	}
	if res.StatusCode != want {
		return raw, fmt.Errorf("%s %s%s answered %d %q, want %d", method, url, keyed, res.StatusCode, raw, want)
	}
	return raw, nil
}

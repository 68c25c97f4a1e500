//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// Helpers of the unattended-runs flow: triggers, accounts and budgets made through the bound Go
// services (the same calls the editor and Settings make), and what Go says about runs.

// goTrigger creates a trigger from fields (merged over an enabled claude trigger) through
// TriggersAPI.Create, links dir and returns its id.
func (s *session) goTrigger(ctx context.Context, fields map[string]any, dir string) (string, error) {
	t := map[string]any{"backendType": "claude", "enabled": true, "triggerSource": "manual"}
	for k, v := range fields {
		t[k] = v
	}
	body, err := json.Marshal(t)
	if err != nil {
		return "", err
	}
	var created struct{ ID string }
	if err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.TriggersAPI.Create(%s)`, body), &created); err != nil {
		return "", err
	}
	var linked struct{ Paths []struct{ Path string } }
	if err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.TriggersAPI.AddPath(%s, %s)`, jsString(created.ID), jsString(dir)), &linked); err != nil {
		return "", err
	}
	if len(linked.Paths) != 1 {
		return "", fmt.Errorf("trigger %s links %d directories, want 1", created.ID, len(linked.Paths))
	}
	return created.ID, nil
}

// goCreate calls a bound create method with in as its one argument and returns the new id.
func (s *session) goCreate(ctx context.Context, method string, in any) (string, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return "", err
	}
	var created struct{ ID string }
	if err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.%s(%s)`, method, body), &created); err != nil {
		return "", err
	}
	if created.ID == "" {
		return "", fmt.Errorf("%s returned no id", method)
	}
	return created.ID, nil
}

// goDelete calls a bound delete method with id; one that is already gone is fine.
func (s *session) goDelete(ctx context.Context, method, id string) error {
	_, err := s.goEval(ctx, fmt.Sprintf(`window.go.bindings.%s(%s).then(() => 'ok', (e) => String(e?.message ?? e))`, method, jsString(id)))
	return err
}

func (s *session) goEval(ctx context.Context, expr string) (string, error) {
	var out string
	err := s.goCall(ctx, expr, &out)
	return out, err
}

// runRecord is what Go stores of a run, as far as these tests read it.
type runRecord struct {
	ID, Status, StopReason, ErrorMessage, FailureKind, TriggerID, StartedAt string
	Attempts                                                                []struct {
		Attempt                                             int
		AccountID, AccountName, Status, FailureKind, Reason string
		ResetAt                                             string
	}
}

// runsOf lists the runs of a trigger, newest first.
func (s *session) runsOf(ctx context.Context, triggerID string) ([]runRecord, error) {
	var page struct{ Executions []runRecord }
	err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.ExecutionsAPI.List({triggerId: %s, limit: 20})`, jsString(triggerID)), &page)
	return page.Executions, err
}

// run asks Go for one run with its attempts.
func (s *session) run(ctx context.Context, id string) (runRecord, error) {
	var r runRecord
	err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.ExecutionsAPI.Get(%s)`, jsString(id)), &r)
	return r, err
}

// waitRunOf waits until the trigger has a run that ended, and returns it.
func (s *session) waitRunOf(ctx context.Context, triggerID string) (runRecord, error) {
	var got runRecord
	err := poll(ctx, "a finished run of "+triggerID, func() (bool, string) {
		runs, err := s.runsOf(ctx, triggerID)
		if err != nil {
			return false, err.Error()
		}
		if len(runs) == 0 {
			return false, "no run yet"
		}
		got = runs[0]
		return got.Status != "queued" && got.Status != "running", got.Status
	})
	return got, err
}

// canvasesDrawn reports, for each chart test id, whether its canvas has a painted pixel.
const canvasesDrawnJS = `(() => {
	const out = {};
	for (const id of ['chart-spend', 'chart-triggers', 'chart-backends', 'chart-accounts']) {
		const c = document.querySelector('[data-testid="' + id + '"] canvas');
		if (!c || !c.width || !c.height) { out[id] = false; continue; }
		const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
		let painted = 0;
		for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) painted++;
		out[id] = painted > 200;
	}
	return out;
})()`

// allDrawn accepts canvasesDrawnJS's result when every chart is drawn.
func allDrawn(raw string) bool {
	var m map[string]bool
	if json.Unmarshal([]byte(raw), &m) != nil || len(m) != 4 {
		return false
	}
	for _, ok := range m {
		if !ok {
			return false
		}
	}
	return true
}

// listItems returns the trimmed texts of the elements matching css.
func (s *session) listItems(ctx context.Context, css string) ([]string, error) {
	var items []string
	err := s.goCall(ctx, fmt.Sprintf(`[...document.querySelectorAll(%s)].map(e => e.textContent.replace(/\s+/g, ' ').trim())`, jsString(css)), &items)
	return items, err
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// closeToasts closes the notification toasts on screen with their close buttons and waits until
// they are gone.
func (s *session) closeToasts(ctx context.Context) error {
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
		`document.querySelectorAll('.n-message .n-message__close').forEach(b => b.click())`)); err != nil {
		return err
	}
	s.waitNoToasts(ctx)
	return nil
}

// priceModels asks Go for the price table's model names.
func (s *session) priceModels(ctx context.Context) ([]string, error) {
	var table []struct{ Model string }
	if err := s.goCall(ctx, `window.go.bindings.UsageAPI.Prices()`, &table); err != nil {
		return nil, err
	}
	out := make([]string, len(table))
	for i, p := range table {
		out[i] = p.Model
	}
	return out, nil
}

// editPrices adds a row to Settings → Model prices, is told what is wrong with it, fixes it,
// saves it (Go has it), then resets the table to the list prices (the row is gone).
func (s *session) editPrices(ctx context.Context) error {
	before, err := s.priceModels(ctx)
	if err != nil {
		return err
	}
	if err := s.visitNav(ctx, "nav-settings"); err != nil {
		return err
	}
	if err := s.waitVisible(ctx, tid("prices-table")); err != nil {
		return err
	}
	if err := s.clickCentered(ctx, "prices-add"); err != nil {
		return err
	}
	n := len(before)
	row := func(field string) string { return fmt.Sprintf("price-%s-%d", field, n) }
	if err := s.typeInto(ctx, row("model"), "e2e model"); err != nil {
		return err
	}
	for field, v := range map[string]string{"inputPerMTok": "2", "cachedPerMTok": "0.2", "outputPerMTok": "8"} {
		if err := s.typeInto(ctx, row(field), v); err != nil {
			return err
		}
	}
	if err := s.clickCentered(ctx, "prices-save"); err != nil {
		return err
	}
	if err := s.waitTextFunc(ctx, row("error"), func(v string) bool { return strings.Contains(v, "no spaces") }); err != nil {
		return err
	}
	if err := s.typeInto(ctx, row("model"), "e2e-model"); err != nil {
		return err
	}
	if err := s.clickCentered(ctx, "prices-save"); err != nil {
		return err
	}
	if err := poll(ctx, "Go's table has e2e-model", func() (bool, string) {
		models, err := s.priceModels(ctx)
		if err != nil {
			return false, err.Error()
		}
		return contains(models, "e2e-model"), fmt.Sprint(models)
	}); err != nil {
		return err
	}
	s.waitNoToasts(ctx)
	if err := s.scrollTo(ctx, "#settings-prices"); err != nil {
		return err
	}
	if err := s.screenshotElement(ctx, "settings-prices.png", "#settings-prices"); err != nil {
		return err
	}
	if err := s.clickCentered(ctx, "prices-reset"); err != nil {
		return err
	}
	if err := s.confirm(ctx, "Reset"); err != nil {
		return err
	}
	return poll(ctx, "the list prices back", func() (bool, string) {
		models, err := s.priceModels(ctx)
		if err != nil {
			return false, err.Error()
		}
		shown, err := s.listItems(ctx, `[data-testid^="price-row-"]`)
		if err != nil {
			return false, err.Error()
		}
		return !contains(models, "e2e-model") && len(shown) == len(models), fmt.Sprintf("%d rows shown, Go has %v", len(shown), models)
	})
}

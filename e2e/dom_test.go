//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Element helpers. Test ids sit either on the element itself or, for naive-ui inputs, on the
// native <input> or <textarea> or on its wrapper.

func cssTestID(id string) string { return fmt.Sprintf(`[data-testid=%q]`, id) }

func tid(id string) chromedp.CSS { return chromedp.CSS(cssTestID(id)) }

func inputSel(id string) string {
	return fmt.Sprintf(`input[data-testid=%q], textarea[data-testid=%q], [data-testid=%q] input`, id, id, id)
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

// settle waits (up to 3 s) until no finite animation runs: a dialog or a menu that is still
// scaling in has its buttons elsewhere than where a click computed from their box would land.
// Endless animations (a running run's pulse) are not waited for.
func (s *session) settle(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	// Counted two frames on: a transition that the last click or render starts (Vue starts them
	// on the next frame) is running by then.
	err := s.waitJS(ctx, "animations finished", `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() =>
		r(document.getAnimations().filter(a => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity).length))))`,
		func(raw string) bool { return raw == "0" })
	if err != nil {
		s.t.Logf("  clicking with animations still running: %v", err)
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

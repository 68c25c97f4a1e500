//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestUnattendedFlow covers runs nobody starts by hand, through the UI: a weekly schedule shows
// its sentence and next five fire times in the editor; a once trigger five seconds ahead fires
// and its run is listed; a run whose first account is rate-limited moves to the second account
// and the execution view shows both attempts; a hard budget refuses a run and the run says which
// budget; the Dashboard shows upcoming runs and the budgets past their limits; the Usage screen
// draws its charts; the bell lists the notifications and an entry opens its run; the model price
// table is edited in Settings.
func TestUnattendedFlow(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)
	dir := filepath.Join(t.TempDir(), "unattended")
	if cfg.project != "" {
		dir = filepath.Join(cfg.project, "unattended")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	suffix := time.Now().Format("150405")
	var (
		weeklyID, onceID, chainID, budgetedID string
		accountA, accountB                    string
		hardBudget, softBudget                string
		blockedRun                            string
	)
	// Whatever happened, the accounts and budgets go, so tests after this one run as before.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(s.ctx, 20*time.Second)
		defer cancel()
		for _, b := range []string{hardBudget, softBudget} {
			if b != "" {
				_ = s.goDelete(ctx, "UsageAPI.DeleteBudget", b)
			}
		}
		for _, id := range []string{weeklyID, onceID, chainID, budgetedID} {
			if id != "" {
				_ = s.goDelete(ctx, "TriggersAPI.Delete", id)
			}
		}
		for _, a := range []string{accountA, accountB} {
			if a != "" {
				_ = s.goDelete(ctx, "AccountsAPI.Delete", a)
			}
		}
	})

	s.step("weekly schedule: sentence and the next five fire times", func(ctx context.Context) error {
		var err error
		weeklyID, err = s.createTrigger(ctx, "Weekly report "+suffix, "Weekly report {message}", dir, func(ctx context.Context) error {
			return s.fillWeekly(ctx)
		})
		if err != nil {
			return err
		}
		// The saved trigger's own page states the same schedule.
		var tr struct{ ScheduleType, ScheduleTime, ScheduleTimezone string }
		if err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.TriggersAPI.Get(%s)`, jsString(weeklyID)), &tr); err != nil {
			return err
		}
		if tr.ScheduleType != "weekly" || tr.ScheduleTime != "09:00" || tr.ScheduleTimezone != "Europe/Berlin" {
			return fmt.Errorf("stored schedule %+v", tr)
		}
		return nil
	})

	s.step("a once trigger five seconds ahead fires and its run is listed", func(ctx context.Context) error {
		at := time.Now().Add(5 * time.Second).Truncate(time.Second)
		var err error
		onceID, err = s.goTrigger(ctx, map[string]any{
			"name": "Once " + suffix, "promptTemplate": "Once {message}", "triggerSource": "scheduled",
			"scheduleType": "once", "scheduleAt": at.UTC().Format(time.RFC3339), "scheduleTimezone": "UTC",
		}, dir)
		if err != nil {
			return err
		}
		run, err := s.waitRunOf(ctx, onceID)
		if err != nil {
			return err
		}
		full, err := s.execution(ctx, run.ID)
		if err != nil {
			return err
		}
		if run.Status != "success" {
			return fmt.Errorf("the once run ended %s (%s)", run.Status, run.ErrorMessage)
		}
		// It fired at its moment, not when it was saved.
		started, err := time.Parse(time.RFC3339Nano, run.StartedAt)
		if err != nil {
			return fmt.Errorf("startedAt %q: %w", run.StartedAt, err)
		}
		if started.Before(at) {
			return fmt.Errorf("the run started at %s, before its fire time %s", started.Format(time.RFC3339Nano), at.Format(time.RFC3339))
		}
		s.t.Logf("  once run %s fired for %s, status %s, %d lines", run.ID, at.Format(time.TimeOnly), full.Status, full.LineCount)
		if err := s.visitNav(ctx, "nav-executions"); err != nil {
			return err
		}
		if err := s.waitRows(ctx, map[string]bool{run.ID: true}); err != nil {
			return err
		}
		return s.waitTextFunc(ctx, "history-row-"+run.ID, func(v string) bool { return strings.Contains(v, "Once "+suffix) })
	})

	s.step("a chain run: account A rate-limited, account B succeeds", func(ctx context.Context) error {
		var err error
		// B first: the first account of a backend becomes its default, and the other triggers
		// of the suite must not run on A, which is always rate-limited.
		if accountB, err = s.goCreate(ctx, "AccountsAPI.Create", map[string]any{
			"backend": "claude", "name": "Account B " + suffix, "env": map[string]string{}, "isDefault": true,
		}); err != nil {
			return err
		}
		if accountA, err = s.goCreate(ctx, "AccountsAPI.Create", map[string]any{
			"backend": "claude", "name": "Account A " + suffix,
			"env": map[string]string{"FAKEAGENT_MODE": "ratelimit", "FAKEAGENT_RESET_IN": "1800"},
		}); err != nil {
			return err
		}
		if chainID, err = s.goTrigger(ctx, map[string]any{
			"name": "Chain " + suffix, "promptTemplate": "Chain run {message}", "accountId": accountA,
			"fallbackChain": []map[string]string{{"backend": "claude", "accountId": accountB}},
		}, dir); err != nil {
			return err
		}
		id, err := s.runFromList(ctx, chainID, "on two accounts")
		if err != nil {
			return err
		}
		if _, err := s.waitExecView(ctx, "status success", func(v execView) bool { return v.Status == "success" }); err != nil {
			return err
		}
		run, err := s.run(ctx, id)
		if err != nil {
			return err
		}
		if len(run.Attempts) != 2 {
			return fmt.Errorf("Go has %d attempts: %+v", len(run.Attempts), run.Attempts)
		}
		first, second := run.Attempts[0], run.Attempts[1]
		if first.AccountID != accountA || (first.FailureKind != "rate_limited" && first.FailureKind != "quota") || first.Reason == "" || first.ResetAt == "" {
			return fmt.Errorf("first attempt %+v, want account A rate-limited with a reason and a reset time", first)
		}
		if second.AccountID != accountB || second.Status != "success" {
			return fmt.Errorf("second attempt %+v, want account B's success", second)
		}
		// The reason cell shows the words of the CLI's failure line; the whole line is its title.
		if err := s.waitTextFunc(ctx, "exec-attempt-1", func(v string) bool {
			return containsAll(v, "Account A "+suffix, first.FailureKind, "limit")
		}); err != nil {
			return err
		}
		var title string
		if err := s.goCall(ctx, `document.querySelector('[data-testid="exec-attempt-1"] .reason').title`, &title); err != nil {
			return err
		}
		if title != first.Reason {
			return fmt.Errorf("the reason's title is %q, want Go's %q", title, first.Reason)
		}
		if err := s.waitTextFunc(ctx, "exec-attempt-2", func(v string) bool { return containsAll(v, "Account B "+suffix, "success") }); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "exec-account", func(v string) bool { return strings.Contains(v, "Account B "+suffix) }); err != nil {
			return err
		}
		// The header, the usage and the attempts fit in one screen.
		return s.screenshot(ctx, "execution-attempts.png", false)
	})

	s.step("a hard budget refuses a run and names itself", func(ctx context.Context) error {
		var err error
		if budgetedID, err = s.goTrigger(ctx, map[string]any{"name": "Budgeted " + suffix, "promptTemplate": "Budgeted {message}"}, dir); err != nil {
			return err
		}
		first, err := s.runFromList(ctx, budgetedID, "spends a cent")
		if err != nil {
			return err
		}
		if err := s.waitRunSuccess(ctx, first, "spends a cent"); err != nil {
			return err
		}
		// The fake's run cost $0.0123: a one-cent daily cap on this trigger is used up.
		if hardBudget, err = s.goCreate(ctx, "UsageAPI.CreateBudget", map[string]any{
			"name": "e2e cap", "scope": "trigger", "scopeId": budgetedID, "period": "day", "hardUsd": 0.01,
		}); err != nil {
			return err
		}
		if blockedRun, err = s.runFromList(ctx, budgetedID, "over budget"); err != nil {
			return err
		}
		if _, err := s.waitExecView(ctx, "status failed", func(v execView) bool { return v.Status == "failed" }); err != nil {
			return err
		}
		run, err := s.run(ctx, blockedRun)
		if err != nil {
			return err
		}
		if run.Status != "failed" || run.StopReason != "budget" || !strings.Contains(run.ErrorMessage, `"e2e cap"`) {
			return fmt.Errorf("Go has status %q, stopReason %q, error %q", run.Status, run.StopReason, run.ErrorMessage)
		}
		if err := s.waitTextFunc(ctx, "exec-stop-reason", func(v string) bool { return strings.Contains(strings.ToLower(v), "budget") }); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "exec-failure", func(v string) bool { return strings.Contains(v, `"e2e cap"`) }); err != nil {
			return err
		}
		// The refusal's toast stays ten seconds; the picture is of the run.
		if err := s.closeToasts(ctx); err != nil {
			return err
		}
		return s.screenshot(ctx, "execution-budget.png", false)
	})

	s.step("Dashboard: upcoming runs and the budgets past their limits", func(ctx context.Context) error {
		var err error
		// A soft limit only warns: every run of today is past two cents.
		if softBudget, err = s.goCreate(ctx, "UsageAPI.CreateBudget", map[string]any{
			"name": "e2e soft", "scope": "global", "period": "day", "softUsd": 0.02,
		}); err != nil {
			return err
		}
		if err := s.visitNav(ctx, "nav-dashboard"); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "dashboard-budget-"+softBudget, func(v string) bool {
			return containsAll(v, "Budget warning", `"e2e soft"`, "spent today", "soft limit $0.02", "no hard limit")
		}); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "dashboard-budget-"+hardBudget, func(v string) bool {
			return containsAll(v, "Budget used up", `"e2e cap"`, "hard limit $0.01")
		}); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "dashboard-upcoming-"+weeklyID, func(v string) bool {
			return containsAll(v, "Weekly report "+suffix, "Every Monday at 09:00, Europe/Berlin")
		}); err != nil {
			return err
		}
		if err := s.closeToasts(ctx); err != nil {
			return err
		}
		return s.screenshot(ctx, "dashboard-unattended.png", true)
	})

	s.step("Usage: the charts are drawn", func(ctx context.Context) error {
		if err := s.visitNav(ctx, "nav-usage"); err != nil {
			return err
		}
		if err := s.waitJS(ctx, "four charts with painted pixels", canvasesDrawnJS, allDrawn); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "usage-total", func(v string) bool { return strings.Contains(v, "runs") && !strings.HasPrefix(v, "0 runs") }); err != nil {
			return err
		}
		return s.screenshot(ctx, "usage.png", true)
	})

	s.step("the bell lists notifications; an entry opens its run", func(ctx context.Context) error {
		if err := s.click(ctx, "notification-bell"); err != nil {
			return err
		}
		if err := s.waitVisible(ctx, tid("notification-panel")); err != nil {
			return err
		}
		want := "Run refused: budget used up: Budgeted " + suffix
		err := poll(ctx, "the refused run in the bell", func() (bool, string) {
			items, err := s.listItems(ctx, cssTestID("notification-entry"))
			if err != nil {
				return false, err.Error()
			}
			for _, it := range items {
				if strings.Contains(it, want) && strings.Contains(it, "open the run") {
					return true, ""
				}
			}
			b, _ := json.Marshal(items)
			return false, string(b)
		})
		if err != nil {
			return err
		}
		if err := s.settle(ctx); err != nil {
			return err
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			return err
		}
		s.save("notifications.png", png)
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
			`[...document.querySelectorAll(%s)].find(e => e.textContent.includes(%s)).click()`,
			jsString(cssTestID("notification-entry")), jsString(want)))); err != nil {
			return err
		}
		id, err := s.hashPath(ctx, "the refused run's page", executionHash)
		if err != nil {
			return err
		}
		if id != blockedRun {
			return fmt.Errorf("the entry opened %s, want %s", id, blockedRun)
		}
		return s.waitTextFunc(ctx, "exec-stop-reason", func(v string) bool { return strings.Contains(strings.ToLower(v), "budget") })
	})

	s.step("Settings: the model price table is edited, checked and reset", func(ctx context.Context) error {
		return s.editPrices(ctx)
	})
}

// fillWeekly sets the editor's source to a weekly schedule, Mondays at 09:00 in Berlin, and
// checks the preview: the sentence and five fire times, each a Monday at 09:00 Berlin time.
func (s *session) fillWeekly(ctx context.Context) error {
	if err := s.click(ctx, "trigger-source-scheduled"); err != nil {
		return err
	}
	if err := s.pickOption(ctx, "trigger-schedule-type", "trigger-schedule-type-option-weekly"); err != nil {
		return err
	}
	if err := s.pickOption(ctx, "trigger-schedule-day", "trigger-schedule-day-option-0"); err != nil {
		return err
	}
	if err := s.typeInto(ctx, "trigger-schedule-time", "09:00"); err != nil {
		return err
	}
	// The zone list is long: type to filter it, then pick the one option left.
	if err := s.click(ctx, "trigger-schedule-timezone"); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(inputSel("trigger-schedule-timezone")), "Europe/Berlin")); err != nil {
		return err
	}
	if err := s.waitVisible(ctx, tid("trigger-schedule-timezone-option-Europe/Berlin")); err != nil {
		return err
	}
	if err := s.settle(ctx); err != nil {
		return err
	}
	if err := s.click(ctx, "trigger-schedule-timezone-option-Europe/Berlin"); err != nil {
		return err
	}
	if err := s.waitText(ctx, "schedule-sentence", "Every Monday at 09:00, Europe/Berlin"); err != nil {
		return err
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	var times []string
	err = poll(ctx, "five Monday 09:00 fire times", func() (bool, string) {
		if err := s.goCall(ctx, `[...document.querySelectorAll('[data-testid="schedule-next-times"] li')].map(e => e.title)`, &times); err != nil {
			return false, err.Error()
		}
		if len(times) != 5 {
			return false, fmt.Sprint(times)
		}
		for _, v := range times {
			at, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return false, err.Error()
			}
			if at = at.In(berlin); at.Weekday() != time.Monday || at.Hour() != 9 || at.Minute() != 0 {
				return false, fmt.Sprintf("%s is %s", v, at)
			}
		}
		return true, ""
	})
	if err != nil {
		return err
	}
	if err := s.scrollTo(ctx, "#trigger-source"); err != nil {
		return err
	}
	return s.screenshotElement(ctx, "trigger-schedule.png", "#trigger-source")
}

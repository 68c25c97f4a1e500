//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestProjectLinksFlow links a trigger to a project: the run works in the project's directory,
// the project's card counts it while it runs, and the project page lists the trigger and its
// runs, live.
func TestProjectLinksFlow(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)
	dir := filepath.Join(t.TempDir(), "shop")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var projectID, triggerID, hanging string

	s.step("a project and a trigger linked to it", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/")); err != nil {
			return err
		}
		if err := s.waitJS(ctx, "the bindings", `!!window.go?.bindings?.ProjectsAPI`, func(raw string) bool { return raw == "true" }); err != nil {
			return err
		}
		var err error
		projectID, err = s.goCreate(ctx, "ProjectsAPI.Create", map[string]any{"name": "Linked shop", "description": "The shop's front end",
			"productId": "", "repoUrl": "", "localPath": dir, "status": "active", "cloneDepth": 0, "token": nil})
		if err != nil {
			return err
		}
		triggerID, err = s.goCreate(ctx, "TriggersAPI.Create", map[string]any{"name": "Shop reviewer", "backendType": "claude",
			"enabled": true, "triggerSource": "manual", "promptTemplate": "{message} in {paths}", "projectIds": []string{projectID}})
		return err
	})

	s.step("a running run counts on the project's card", func(ctx context.Context) error {
		if err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.ExecutionsAPI.RunTrigger(%s, %s)`, jsString(triggerID), jsString(hangMarker+" wait")), &hanging); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/projects")); err != nil {
			return err
		}
		if err := s.waitText(ctx, "project-running-"+projectID, "1 running"); err != nil {
			return err
		}
		return s.screenshot(ctx, "projects-running.png", false)
	})

	s.step("the project page lists the linked trigger, live", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/projects/"+projectID+"?tab=triggers")); err != nil {
			return err
		}
		row := cssTestID("project-trigger-row-" + triggerID)
		if err := s.waitJS(ctx, "the trigger row running", fmt.Sprintf(`document.querySelector(%q)?.querySelector('[data-status]')?.dataset.status ?? ''`, row),
			func(raw string) bool { return raw == `"running"` }); err != nil {
			return err
		}
		if err := s.screenshot(ctx, "project-triggers.png", false); err != nil {
			return err
		}
		if _, err := s.goEval(ctx, fmt.Sprintf(`window.go.bindings.ExecutionsAPI.Cancel(%s).then(() => 'ok')`, jsString(hanging))); err != nil {
			return err
		}
		return s.waitJS(ctx, "the trigger row cancelled", fmt.Sprintf(`document.querySelector(%q)?.querySelector('[data-status]')?.dataset.status ?? ''`, row),
			func(raw string) bool { return raw == `"cancelled"` })
	})

	s.step("a run works in the project's directory and shows among its runs", func(ctx context.Context) error {
		var id string
		if err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.ExecutionsAPI.RunTrigger(%s, "[fake:success] review")`, jsString(triggerID)), &id); err != nil {
			return err
		}
		if err := s.click(ctx, "project-tab-runs"); err != nil {
			return err
		}
		if err := s.waitJS(ctx, "the finished run in the Runs tab", fmt.Sprintf(`document.querySelector(%q)?.querySelector('[data-status]')?.dataset.status ?? ''`,
			cssTestID("project-run-row-"+id)), func(raw string) bool { return raw == `"success"` }); err != nil {
			return err
		}
		var wd string
		if err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.ExecutionsAPI.Get(%s).then(e => e.workingDir)`, jsString(id)), &wd); err != nil {
			return err
		}
		if !samePath(wd, dir) {
			return fmt.Errorf("the run worked in %s, want the project's %s", wd, dir)
		}
		if err := s.waitVisible(ctx, tid("project-run-row-"+hanging)); err != nil {
			return err
		}
		return s.screenshot(ctx, "project-runs.png", false)
	})

	s.step("the trigger editor shows the linked project", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/triggers/"+triggerID+"/edit")); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "trigger-projects-hint", func(v string) bool { return strings.Contains(v, "(now Linked shop)") }); err != nil {
			return err
		}
		return s.screenshotElement(ctx, "trigger-projects.png", "#trigger-paths")
	})
}

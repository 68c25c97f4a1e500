//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Plans of the demo repository, by their board ids.
const (
	planModel    = "phases/01-catalog/01-01-PLAN.md"
	planPages    = "phases/01-catalog/01-02-PLAN.md"
	planCart     = "phases/02-checkout/02-01-PLAN.md"
	planPayment  = "phases/02-checkout/02-02-PLAN.md"
	lastSubject  = "Plan phase 2: checkout"
	editedMarker = "A line the agent added."
)

// TestProjectsFlow is a project's whole life in the UI: it is created from a repository on a
// local git server and its clone watched to the end; a terminal in it runs git log; the planning
// board shows the repository's .planning files, follows an edit made in that terminal and writes
// a dragged card's status into its PLAN file; and a trigger started from a card works in its own
// worktree, whose branch and diff the run shows. Coming back to the project restores the
// terminal's screen, and closing its tab ends the session.
func TestProjectsFlow(t *testing.T) {
	cfg := loadConfig(t)
	repoURL := serveDemoRepo(t)
	s := newSession(t, cfg)
	clone := filepath.Join(cfg.home, "projects", "Demo_shop")
	planPath := func(id string) string { return filepath.Join(clone, ".planning", filepath.FromSlash(id)) }
	var projectID, triggerID, runID string

	s.step("open projects", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/projects")); err != nil {
			return err
		}
		return s.waitVisible(ctx, tid("project-new"))
	})

	s.step("create a project from the repository", func(ctx context.Context) error {
		if err := s.click(ctx, "project-new"); err != nil {
			return err
		}
		if err := s.settle(ctx); err != nil {
			return err
		}
		if err := s.typeInto(ctx, "project-name", "Demo shop"); err != nil {
			return err
		}
		if err := s.typeInto(ctx, "project-repo", repoURL); err != nil {
			return err
		}
		if err := s.typeInto(ctx, "project-description", "The demo shop, cloned from the test's git server"); err != nil {
			return err
		}
		if err := s.click(ctx, "project-save"); err != nil {
			return err
		}
		var err error
		projectID, err = s.hashPath(ctx, "the project's page", regexp.MustCompile(`^#/projects/([^/?]+)`))
		return err
	})

	s.step("the clone's progress shows", func(ctx context.Context) error {
		if err := s.waitJS(ctx, "a git phase and a percentage on the bar", `(() => {
			const bar = document.querySelector('[data-testid="clone-progress"]')
			return bar ? bar.dataset.phase + '|' + bar.dataset.percent : ''
		})()`, func(raw string) bool {
			var v string
			if json.Unmarshal([]byte(raw), &v) != nil {
				return false
			}
			phase, pct, _ := strings.Cut(v, "|")
			return phase != "" && pct != "" && pct != "0"
		}); err != nil {
			return err
		}
		// Taken at once: the bar is gone when the clone ends, so no waiting for its animations.
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			return err
		}
		s.save("project-clone.png", png)
		return nil
	})

	s.step("the clone ends cloned, in the workspace", func(ctx context.Context) error {
		if err := s.waitJS(ctx, "clone status cloned", `document.querySelector('[data-clone-status]')?.dataset.cloneStatus ?? ''`,
			func(raw string) bool { return raw == `"cloned"` }); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "project-workdir", func(v string) bool { return samePath(v, clone) }); err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(clone, ".planning", "ROADMAP.md")); err != nil {
			return fmt.Errorf("no clone on disk: %w", err)
		}
		return nil
	})

	s.step("the board shows the plans in their columns", func(ctx context.Context) error {
		if err := s.openTab(ctx, "project-tab-planning"); err != nil {
			return err
		}
		if err := s.waitColumns(ctx, map[string]string{planModel: "done", planPages: "in_review", planCart: "planned", planPayment: "planned"}); err != nil {
			return err
		}
		// Marked, so that a later change is known to reach this board without it being rebuilt.
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('[aria-label="Planning board"]').dataset.e2eMark = 'first', true)`))
		return err
	})

	s.step("a terminal in the project runs git log", func(ctx context.Context) error {
		if err := s.openTab(ctx, "project-tab-terminals"); err != nil {
			return err
		}
		if err := s.click(ctx, "terminal-new"); err != nil {
			return err
		}
		if err := s.waitScreen(ctx, "a shell prompt", func(rows []string) bool { return promptRow(rows) >= 0 }); err != nil {
			return err
		}
		if err := s.typeTerminal(ctx, "git --no-pager log --oneline -3"); err != nil {
			return err
		}
		// A commit line: its short hash, the branches at it (HEAD -> main, origin/main), the subject.
		commit := regexp.MustCompile(`^[0-9a-f]{7,} (\(.*\) )?` + regexp.QuoteMeta(lastSubject) + `$`)
		if err := s.waitScreen(ctx, "the last commit's subject", func(rows []string) bool {
			for _, r := range rows {
				if commit.MatchString(r) {
					return true
				}
			}
			return false
		}); err != nil {
			return err
		}
		return s.screenshot(ctx, "project-terminal.png", false)
	})

	s.step("an edit made in the terminal moves its card", func(ctx context.Context) error {
		before, err := os.ReadFile(planPath(planCart))
		if err != nil {
			return err
		}
		if err := s.typeTerminal(ctx, "sed -i 's/^status: planned/status: in_progress/' .planning/"+planCart); err != nil {
			return err
		}
		want := bytes.Replace(before, []byte("\nstatus: planned\n"), []byte("\nstatus: in_progress\n"), 1)
		if err := waitFile(ctx, planPath(planCart), want); err != nil {
			return err
		}
		if err := s.openTab(ctx, "project-tab-planning"); err != nil {
			return err
		}
		if err := s.waitColumns(ctx, map[string]string{planCart: "in_progress"}); err != nil {
			return err
		}
		mark, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[aria-label="Planning board"]')?.dataset.e2eMark ?? ''`))
		if err != nil {
			return err
		}
		if mark != "first" {
			return fmt.Errorf("the board was rebuilt (mark %q): the change did not arrive live", mark)
		}
		return nil
	})

	s.step("a drag writes the status into the PLAN file", func(ctx context.Context) error {
		before, err := os.ReadFile(planPath(planPages))
		if err != nil {
			return err
		}
		if err := s.dragCard(ctx, planPages, "1", "done"); err != nil {
			return err
		}
		want := bytes.Replace(before, []byte("\nstatus: in_review\n"), []byte("\nstatus: done\n"), 1)
		if bytes.Equal(want, before) {
			return fmt.Errorf("%s has no status: in_review line", planPages)
		}
		if err := waitFile(ctx, planPath(planPages), want); err != nil {
			return err
		}
		if err := s.waitColumns(ctx, map[string]string{planPages: "done"}); err != nil {
			return err
		}
		return s.screenshot(ctx, "project-board.png", true)
	})

	s.step("a trigger isolated in worktrees", func(ctx context.Context) error {
		var err error
		triggerID, err = s.goCreate(ctx, "TriggersAPI.Create", map[string]any{
			"name": "Implement a plan", "backendType": "claude", "enabled": true, "triggerSource": "manual",
			"isolation": "worktree", "promptTemplate": "[fake:edit] Carry out this plan:\n\n{message}",
		})
		return err
	})

	s.step("run it from the plan's card", func(ctx context.Context) error {
		run := fmt.Sprintf(`[data-plan-id=%q] [data-testid="plan-run"]`, planCart)
		if err := chromedp.Do(ctx, chromedp.ScrollIntoView(run), chromedp.Click(run)); err != nil {
			return fmt.Errorf("click %s: %w", run, err)
		}
		if err := s.settle(ctx); err != nil {
			return err
		}
		if err := s.pickOption(ctx, "plan-run-trigger", "plan-run-option-"+triggerID); err != nil {
			return err
		}
		// The list fades out over the Run button: a click before it is gone lands on it.
		if err := s.settle(ctx); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "plan-run-trigger", func(v string) bool { return v == "Implement a plan (claude)" }); err != nil {
			return err
		}
		if err := s.click(ctx, "plan-run-confirm"); err != nil {
			return err
		}
		var err error
		runID, err = s.hashPath(ctx, "the run's page", regexp.MustCompile(`^#/executions/([^/?]+)`))
		return err
	})

	s.step("the run shows its branch and its diff", func(ctx context.Context) error {
		if err := poll(ctx, "the run to succeed", func() (bool, string) {
			r, err := s.run(ctx, runID)
			if err != nil {
				return false, err.Error()
			}
			return r.Status == "success", r.Status + " " + r.ErrorMessage
		}); err != nil {
			return err
		}
		branch := "agented/" + runID
		if err := s.waitTextFunc(ctx, "exec-branch", func(v string) bool { return strings.HasPrefix(v, branch+" from ") }); err != nil {
			return err
		}
		if err := s.waitJS(ctx, "the changed files", `[...document.querySelectorAll('[data-testid="exec-diff-file"] code')].map(e => e.textContent).sort().join()`,
			func(raw string) bool { return raw == `"README.md,agented-notes.txt"` }); err != nil {
			return err
		}
		if err := s.click(ctx, "exec-diff-toggle"); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "exec-diff", func(v string) bool { return strings.Contains(v, "+"+editedMarker) }); err != nil {
			return err
		}
		// The clone itself is untouched: the run worked on its own branch.
		if out, err := exec.Command("git", "-C", clone, "rev-parse", "--verify", "--quiet", branch).CombinedOutput(); err != nil {
			return fmt.Errorf("no branch %s in the clone: %v %s", branch, err, out)
		}
		if readme, err := os.ReadFile(filepath.Join(clone, "README.md")); err != nil || bytes.Contains(readme, []byte(editedMarker)) {
			return fmt.Errorf("the clone's README.md was edited (or unreadable: %v)", err)
		}
		return s.screenshotElement(ctx, "run-diff.png", cssTestID("exec-git"))
	})

	s.step("back in the project, the terminal's screen is restored", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/projects/"+projectID+"?tab=terminals")); err != nil {
			return err
		}
		return s.waitScreen(ctx, "the restored git log", func(rows []string) bool {
			for _, r := range rows {
				if strings.HasSuffix(r, " "+lastSubject) {
					return true
				}
			}
			return false
		})
	})

	s.step("closing the tab ends the session", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Click(".terminal-tabs .n-tabs-tab__close")); err != nil {
			return err
		}
		return s.waitJS(ctx, "no session left", fmt.Sprintf(`window.go.bindings.TerminalAPI.List(%s).then(l => (l || []).length)`, jsString(projectID)),
			func(raw string) bool { return raw == "0" })
	})

	// The run started from the card is the project's only one: the history filtered by the
	// project lists it alone.
	s.step("history: filter by the project", func(ctx context.Context) error {
		if err := s.visitNav(ctx, "nav-executions"); err != nil {
			return err
		}
		if err := s.pickOption(ctx, "history-project-filter", "history-project-option-"+projectID); err != nil {
			return err
		}
		if err := s.waitRows(ctx, map[string]bool{runID: true}); err != nil {
			return err
		}
		if err := s.waitTextFunc(ctx, "history-total", func(v string) bool { return v == "1 run" }); err != nil {
			return err
		}
		if err := s.screenshot(ctx, "history-project-filter.png", false); err != nil {
			return err
		}
		return s.click(ctx, "history-clear")
	})
}

//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPlanningFlow opens the planning board of a project whose local path holds the flat
// .planning fixture: the cards sit in their status columns with the malformed PLAN's reason on
// its card, a drag writes the new status into the PLAN file (and nothing else), and an edit made
// on disk moves its card without a reload.
func TestPlanningFlow(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)
	dir := filepath.Join(t.TempDir(), "taskline")
	if err := os.CopyFS(dir, os.DirFS("../backend/planning/testdata/flat")); err != nil {
		t.Fatal(err)
	}
	plans := filepath.Join(dir, ".planning", "phases")
	var projectID string
	card := func(id string) string { return fmt.Sprintf(`[data-plan-id=%q]`, id) }

	s.step("a project on the fixture's directory", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/")); err != nil {
			return err
		}
		if err := s.waitJS(ctx, "the bindings", `!!window.go?.bindings?.ProjectsAPI`, func(raw string) bool { return raw == "true" }); err != nil {
			return err
		}
		var p struct{ ID string }
		err := s.goCall(ctx, fmt.Sprintf(`window.go.bindings.ProjectsAPI.Create({name: "Taskline planning", description: "", productId: "",
			repoUrl: "", localPath: %s, status: "active", cloneDepth: 0, token: null})`, jsString(dir)), &p)
		projectID = p.ID
		return err
	})

	s.step("the board shows the plans in their columns", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(cfg.url+"/#/projects/"+projectID+"?tab=planning")); err != nil {
			return err
		}
		if err := s.waitVisible(ctx, chromedp.CSS(card("phases/01-foundation/01-01-PLAN.md"))); err != nil {
			return err
		}
		return s.waitJS(ctx, "cards in their columns", `(() => {
			const where = (id) => document.querySelector('[data-plan-id="' + id + '"]')?.closest('[data-testid="board-cell"]')?.dataset.status
			const err = document.querySelector('[data-plan-id="phases/02-api-auth/02-01-PLAN.md"] [data-testid="plan-error"]')?.textContent ?? ''
			return [where("phases/01-foundation/01-01-PLAN.md"), where("phases/01-foundation/01-02-PLAN.md"),
				where("phases/02.1-token-hotfix/02.1-01-PLAN.md"), where("ROADMAP.md#2-03"), err.includes("not valid YAML")].join(",")
		})()`, func(raw string) bool { return raw == `"done,in_progress,in_review,backlog,true"` })
	})

	s.step("screenshot of the board", func(ctx context.Context) error {
		return s.screenshot(ctx, "planning-board.png", true)
	})

	before, err := os.ReadFile(filepath.Join(plans, "02-api-auth", "02-02-PLAN.md"))
	if err != nil {
		t.Fatal(err)
	}
	s.step("a drag writes the status into the PLAN file", func(ctx context.Context) error {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const card = document.querySelector('[data-plan-id="phases/02-api-auth/02-02-PLAN.md"]')
			const cell = document.querySelector('[data-testid="board-cell"][data-phase="2"][data-status="in_progress"]')
			const dt = new DataTransfer()
			card.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: dt }))
			cell.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }))
			cell.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }))
			return true
		})()`)); err != nil {
			return err
		}
		// The file had no front matter and CRLF line endings: it gains one, in CRLF, and the rest
		// stays byte for byte.
		want := append([]byte("---\r\nstatus: in_progress\r\n---\r\n"), before...)
		return poll(ctx, "the PLAN file", func() (bool, string) {
			got, err := os.ReadFile(filepath.Join(plans, "02-api-auth", "02-02-PLAN.md"))
			return err == nil && bytes.Equal(got, want), fmt.Sprintf("%q", got)
		})
	})

	s.step("an edit on disk moves its card", func(ctx context.Context) error {
		path := filepath.Join(plans, "01-foundation", "01-02-PLAN.md")
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		edited := strings.Replace(string(src), "status: in_progress # set by the board", "status: in_review", 1)
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			return err
		}
		return s.waitJS(ctx, "the edited card in review", `document.querySelector('[data-plan-id="phases/01-foundation/01-02-PLAN.md"]')
			?.closest('[data-testid="board-cell"]')?.dataset.status`, func(raw string) bool { return raw == `"in_review"` })
	})

	s.step("screenshot after the move", func(ctx context.Context) error {
		return s.screenshot(ctx, "planning-board-moved.png", true)
	})

	// The commands above the board are a setting: its editor opens from the board, a saved
	// change reaches Go, and "Reset to defaults" brings the GRD commands back.
	s.step("the board's commands come from the setting", func(ctx context.Context) error {
		return s.waitJS(ctx, "the command bar", `[...document.querySelectorAll('[role="toolbar"][aria-label="Planning commands"] button')]
			.map((b) => b.textContent.trim()).join(",")`, func(raw string) bool { return raw == `"Map codebase,New milestone,Progress"` })
	})

	s.step("edit a command in Settings", func(ctx context.Context) error {
		if err := s.click(ctx, "planning-commands-edit"); err != nil {
			return err
		}
		if err := s.waitVisible(ctx, tid("plancmd-label-6")); err != nil {
			return err
		}
		if err := s.typeInto(ctx, "plancmd-label-6", "Show progress"); err != nil {
			return err
		}
		if err := s.click(ctx, "plancmd-save"); err != nil {
			return err
		}
		return s.waitJS(ctx, "the saved label in Go", `window.go.bindings.PlanningAPI.ListCommands().then((s) => s.commands[6].label)`,
			func(raw string) bool { return raw == `"Show progress"` })
	})

	s.step("screenshot of the planning commands", func(ctx context.Context) error {
		return s.screenshotElement(ctx, "settings-planning-commands.png", "#settings-planning-commands")
	})

	s.step("reset the commands to the defaults", func(ctx context.Context) error {
		if err := s.click(ctx, "plancmd-reset"); err != nil {
			return err
		}
		if err := s.confirm(ctx, "Reset"); err != nil {
			return err
		}
		return s.waitInputValue(ctx, "plancmd-label-6", "Progress")
	})
}

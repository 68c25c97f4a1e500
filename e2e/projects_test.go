//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
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

// openTab clicks a tab of the project and waits until its pane alone is shown and still: while
// the panes slide, the one leaving lies over the one coming in and would take a click.
func (s *session) openTab(ctx context.Context, id string) error {
	if err := s.click(ctx, id); err != nil {
		return err
	}
	// Two frames first, so that a transition the click starts is already running when counted.
	return s.waitJS(ctx, "the tab's pane alone and still", `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => {
		const moving = document.getAnimations().filter(a => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity).length
		const wrapper = document.querySelector('#main-content .n-tabs-pane-wrapper')
		const shown = wrapper ? [...wrapper.children].filter(e => e.classList.contains('n-tab-pane') && e.offsetParent).length : 0
		r(moving + '/' + shown)
	})))`, func(raw string) bool { return raw == `"0/1"` })
}

// waitColumns waits until each plan's card sits in the column of the status given.
func (s *session) waitColumns(ctx context.Context, want map[string]string) error {
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	body, _ := json.Marshal(ids)
	return s.waitJS(ctx, fmt.Sprintf("cards in their columns %v", want), fmt.Sprintf(`Object.fromEntries(%s.map(id =>
		[id, document.querySelector('[data-plan-id="' + id + '"]')?.closest('[data-testid="board-cell"]')?.dataset.status ?? '']))`, body),
		func(raw string) bool {
			var got map[string]string
			if json.Unmarshal([]byte(raw), &got) != nil {
				return false
			}
			for id, status := range want {
				if got[id] != status {
					return false
				}
			}
			return true
		})
}

// dragCard drags a plan's card onto the cell of a phase and status, with the events a mouse drag
// fires (headless Chromium does not turn synthetic mouse moves into HTML drag and drop).
func (s *session) dragCard(ctx context.Context, planID, phase, status string) error {
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
		const card = document.querySelector('[data-plan-id=%q]')
		const cell = document.querySelector('[data-testid="board-cell"][data-phase=%q][data-status=%q]')
		if (!card || !cell) return false
		const dt = new DataTransfer()
		card.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: dt }))
		cell.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }))
		cell.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }))
		card.dispatchEvent(new DragEvent('dragend', { bubbles: true, cancelable: true, dataTransfer: dt }))
		return true
	})()`, planID, phase, status)))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no card %s or no cell %s/%s", planID, phase, status)
	}
	return nil
}

// screenRows is the text of every row the visible xterm.js screen draws, trimmed.
const screenRows = `(() => {
	const screen = [...document.querySelectorAll('[data-testid="terminal-screen"]')].find(e => e.offsetParent)
	return screen ? [...screen.querySelectorAll('.xterm-rows > div')].map(r => r.textContent.trim()) : []
})()`

func (s *session) waitScreen(ctx context.Context, what string, ok func(rows []string) bool) error {
	return s.waitJS(ctx, what+" on the terminal", screenRows, func(raw string) bool {
		var rows []string
		return json.Unmarshal([]byte(raw), &rows) == nil && ok(rows)
	})
}

// promptRow is the index of the last row that is a bare shell prompt, or -1.
func promptRow(rows []string) int {
	for i := len(rows) - 1; i >= 0; i-- {
		if r := rows[i]; r != "" && (strings.HasSuffix(r, "$") || strings.HasSuffix(r, "#")) {
			return i
		}
	}
	return -1
}

// typeTerminal types a command line into the visible xterm.js screen and presses Enter. xterm
// reads input from its hidden helper textarea: the text goes in as one insertion (a key event
// per character would be read twice, from the key and from the input it causes), then Enter as
// a key.
func (s *session) typeTerminal(ctx context.Context, line string) error {
	if err := s.waitJS(ctx, "the terminal's input focused", `(() => {
		const screen = [...document.querySelectorAll('[data-testid="terminal-screen"]')].find(e => e.offsetParent)
		const el = screen?.querySelector('.xterm-helper-textarea')
		el?.focus()
		return !!el && document.activeElement === el
	})()`, func(raw string) bool { return raw == "true" }); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: line}); err != nil {
		return fmt.Errorf("type %q: %w", line, err)
	}
	// The line must be echoed whole before Enter, or the shell could run half of it.
	if err := s.waitScreen(ctx, "the typed line", func(rows []string) bool {
		for _, r := range rows {
			if strings.HasSuffix(r, line) {
				return true
			}
		}
		return false
	}); err != nil {
		return err
	}
	// Enter as a bare key press: the char event chromedp.KeyEvent adds would be a second Enter.
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{
			Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13,
		}); err != nil {
			return fmt.Errorf("press Enter: %w", err)
		}
	}
	return nil
}

// waitFile waits until the file holds exactly want.
func waitFile(ctx context.Context, path string, want []byte) error {
	return poll(ctx, path, func() (bool, string) {
		got, err := os.ReadFile(path)
		if err != nil {
			return false, err.Error()
		}
		return bytes.Equal(got, want), fmt.Sprintf("%q", got)
	})
}

// serveDemoRepo builds the demo shop's repository (400 commits of history, then a README and a
// .planning tree in the flat layout) and serves it with git http-backend, slowed to about
// 200 KB/s so the clone lasts long enough for its progress to be seen.
func serveDemoRepo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	bare := filepath.Join(root, "demo.git")
	if out, err := exec.Command("git", "init", "--quiet", "--bare", "--initial-branch=main", bare).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v: %s", err, out)
	}
	cmd := exec.Command("git", "-C", bare, "fast-import", "--quiet")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(in)
	mark := 0
	commit := func(msg string, files map[string]string) {
		mark++
		fmt.Fprintf(w, "commit refs/heads/main\nmark :%d\ncommitter Demo <demo@example.com> %d +0000\ndata %d\n%s\n", mark, 1700000000+mark*60, len(msg)+1, msg)
		if mark > 1 {
			fmt.Fprintf(w, "from :%d\n", mark-1)
		}
		for path, body := range files {
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", path, len(body), body)
		}
	}
	for i := 1; i <= 400; i++ {
		// Hashes do not compress, so the pack is large enough (~1 MB) to watch it arrive.
		var body strings.Builder
		fmt.Fprintf(&body, "# Page %d\n\n", i)
		for l := 0; l < 32; l++ {
			fmt.Fprintf(&body, "%x\n", sha256.Sum256([]byte(fmt.Sprintf("%d/%d", i, l))))
		}
		commit(fmt.Sprintf("Change %d", i), map[string]string{fmt.Sprintf("pages/page-%03d.md", i%40): body.String()})
	}
	commit("Add the README", map[string]string{"README.md": "# Demo shop\n\nA small web shop.\n"})
	commit("Plan phase 1: catalog", demoPlanning[0])
	commit(lastSubject, demoPlanning[1])
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("fast-import: %v", err)
	}
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Fatal(err)
	}
	backend := &cgi.Handler{
		Path: filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend"),
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/git-upload-pack") {
			w = &slowWriter{ResponseWriter: w}
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	return srv.URL + "/demo.git"
}

// demoPlanning is the demo shop's .planning tree, in two commits: the roadmap with phase 1 (one
// plan done with its summary, one in review), then phase 2 (two plans not started).
var demoPlanning = []map[string]string{{
	".planning/ROADMAP.md": `# Roadmap: Demo shop

**Milestone:** v1.0 — First sale

## Phases

- [ ] **Phase 1: Catalog** - products and their pages
- [ ] **Phase 2: Checkout** - cart and payment

## Phase Details

### Phase 1: Catalog
**Goal**: Customers browse the products with their prices.
**Depends on**: Nothing (first phase)
**Success Criteria**:
  1. Every product has a page
  2. Prices show in the shop's currency

Plans:
- [x] 01-01: Product model
- [ ] 01-02: Catalog pages

### Phase 2: Checkout
**Goal**: A customer pays for a cart.
**Depends on**: Phase 1

Plans:
- [ ] 02-01: Cart
- [ ] 02-02: Card payment
- [ ] 02-03: Receipts by email
`,
	".planning/STATE.md": `# Project State

## Current Position

Phase: 1 of 2 (Catalog)
Plan: 2 of 2 in current phase
Status: In progress
Last activity: 2026-11-30 — catalog pages in review

Progress: [██░░░░░░░░] 20%
`,
	".planning/phases/01-catalog/01-CONTEXT.md": "# Phase 1: Catalog — Context\n\nPrices are stored in cents; one currency.\n",
	".planning/" + planModel: `---
phase: 01-catalog
plan: 01
type: execute
wave: 1
depends_on: []
files_modified: [catalog/product.go, catalog/product_test.go]
autonomous: true
status: done
---

# Plan 01-01: Product model

<objective>
Add the product model.

Purpose: every page of the shop reads its products from it.
Output: a products table (prices in cents) and its Go model, with tests.
</objective>
`,
	".planning/phases/01-catalog/01-01-SUMMARY.md": "# Plan 01-01: Product model — Summary\n\nThe products table and its model are in, with 6 tests.\n",
	".planning/" + planPages: `---
phase: 01-catalog
plan: 02
type: execute
wave: 2
depends_on: ["01-01"]
files_modified: [web/catalog.go, web/templates/catalog.html]
autonomous: true
status: in_review
---

# Plan 01-02: Catalog pages

<objective>
Render the catalog pages.

Purpose: customers see every product, with its price in euros.
</objective>
`,
}, {
	".planning/" + planCart: `---
phase: 02-checkout
plan: 01
type: execute
wave: 1
depends_on: []
files_modified: [cart/cart.go, cart/cart_test.go]
autonomous: true
status: planned
---

# Plan 02-01: Cart

<objective>
Keep a cart per session.

Purpose: customers add, remove and count products before paying.
</objective>
`,
	".planning/" + planPayment: `---
phase: 02-checkout
plan: 02
type: execute
wave: 2
depends_on: ["02-01"]
files_modified: [pay/card.go]
autonomous: false
status: planned
---

# Plan 02-02: Card payment

<objective>
Take card payments.

Purpose: the cart is paid through the provider's hosted page.
</objective>
`,
}}

// slowWriter sends 4 KiB every 20 ms.
type slowWriter struct{ http.ResponseWriter }

func (w *slowWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		n := min(len(p), 4<<10)
		m, err := w.ResponseWriter.Write(p[:n])
		written += m
		if err != nil {
			return written, err
		}
		if f, ok := w.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		p = p[n:]
		time.Sleep(20 * time.Millisecond)
	}
	return written, nil
}

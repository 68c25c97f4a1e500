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
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

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

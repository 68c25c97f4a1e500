//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The fake claude's run shapes (testdata/fakeagent, FAKEAGENT_MODE=auto): the prompt's marker
// picks the behaviour.
const (
	// 400 lines at 50 lines/s: eight seconds of live output, enough to watch it arrive, short
	// enough for the suite.
	linesMarker = "[fake:lines:400:50]"
	liveLines   = 400
	hangMarker  = "[fake:hang]"
	// searchWord is in one assistant line of every successful fake run (firstText in
	// testdata/fakeagent/main.go), and in nothing else this test creates.
	searchWord = "zebracorn"
	doneText   = "nothing to change"
)

var lineRe = regexp.MustCompile(`^line (\d+) t=\d+$`)

// TestCoreLoopFlow is the core loop through the UI: create a trigger, run it and watch its output
// arrive live until it succeeds, read its usage and transcript, cancel a run that hangs, and find
// the runs again in the history by status and by a word of their output. No run may leave a
// process behind.
func TestCoreLoopFlow(t *testing.T) {
	cfg := loadConfig(t)
	s := newSession(t, cfg)
	dir := cfg.project
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Names unique per run, so the test also works against an app that already has runs.
	suffix := time.Now().Format("150405")
	helloName, hangName := "Say hello "+suffix, "Hang "+suffix
	var helloID, hangID, okRun, cancelledRun string

	s.step("create the streaming trigger", func(ctx context.Context) error {
		var err error
		helloID, err = s.createTrigger(ctx, helloName, "Say hello "+linesMarker+" {message}", dir)
		return err
	})

	s.step("run it from the list", func(ctx context.Context) error {
		var err error
		okRun, err = s.runFromList(ctx, helloID, "from the e2e test")
		return err
	})

	s.step("live lines arrive while running, follow tail on", func(ctx context.Context) error {
		return s.watchLive(ctx, okRun, dir)
	})

	s.step("success: every line shown, nothing left running", func(ctx context.Context) error {
		v, err := s.waitExecView(ctx, "status success", func(v execView) bool { return v.Status == "success" })
		if err != nil {
			return err
		}
		e, err := s.execution(ctx, okRun)
		if err != nil {
			return err
		}
		if e.Status != "success" || !samePath(e.WorkingDir, dir) || !strings.Contains(e.Prompt, linesMarker+" from the e2e test") {
			return fmt.Errorf("Go has status %q, working dir %q, prompt %q", e.Status, e.WorkingDir, e.Prompt)
		}
		// The view got every line Go stored (no gap, no duplicate), still follows the tail, and
		// the last row is the engine's exit note.
		v, err = s.waitExecView(ctx, fmt.Sprintf("all %d lines, tail in view", e.LineCount), func(v execView) bool {
			return v.Count == e.LineCount && v.Last == e.LineCount && v.Follow && v.Bottom && !v.Cancel
		})
		if err != nil {
			return err
		}
		if e.LineCount < liveLines+6 || !strings.Contains(v.LastText, "exited with code 0") {
			return fmt.Errorf("%d lines, last %q", e.LineCount, v.LastText)
		}
		return noneLeftIn(dir)
	})

	s.step("usage panel shows tokens and cost", func(ctx context.Context) error {
		return s.waitTextFunc(ctx, "usage-panel", func(v string) bool {
			// Labels and values are separate elements: textContent runs them together.
			return strings.Contains(v, "Input tokens2,310") && strings.Contains(v, "Output tokens145") &&
				strings.Contains(v, "$0.0123") && strings.Contains(v, "claude-opus-4-8") && strings.Contains(v, doneText)
		})
	})

	s.step("transcript shows the assistant's text", func(ctx context.Context) error {
		if err := s.click(ctx, "exec-tab-transcript"); err != nil {
			return err
		}
		// Assistant entries are transcript-text-<seq>; the tool call between them names its tool.
		err := s.waitJS(ctx, "assistant entries with the search word and the answer", `(() => {
			const texts = [...document.querySelectorAll('[data-testid^="transcript-text-"]')].map(e => e.textContent);
			const tools = [...document.querySelectorAll('[data-testid^="transcript-tool_call-"]')].map(e => e.textContent);
			return { texts: texts.length, word: texts.some(t => t.includes(`+jsString(searchWord)+`)),
				done: texts.some(t => t.includes(`+jsString(doneText)+`)), read: tools.some(t => t.includes('Read')) };
		})()`, func(raw string) bool {
			return strings.Contains(raw, `"word":true`) && strings.Contains(raw, `"done":true`) && strings.Contains(raw, `"read":true`)
		})
		if err != nil {
			return err
		}
		// The first assistant entry follows 400 plain output lines: bring it to the top of the
		// screen. The tabs slide, so the layout moves until their animation ends: scroll again
		// until the entry stays in place.
		if err := s.settle(ctx); err != nil {
			return err
		}
		err = s.waitJS(ctx, "the first assistant entry at the top of the screen", `(() => {
			const el = document.querySelector('[data-testid^="transcript-text-"]');
			const top = el.getBoundingClientRect().top;
			if (top >= 0 && top < innerHeight / 3) return true;
			el.scrollIntoView({ block: 'start' });
			return false;
		})()`, func(raw string) bool { return raw == "true" })
		if err != nil {
			return err
		}
		return s.screenshot(ctx, "execution-transcript.png", false)
	})

	s.step("create a trigger whose run hangs", func(ctx context.Context) error {
		var err error
		hangID, err = s.createTrigger(ctx, hangName, "Wait for ever "+hangMarker+" {message}", dir)
		return err
	})

	s.step("run it, see it running", func(ctx context.Context) error {
		var err error
		if cancelledRun, err = s.runFromList(ctx, hangID, "then cancel"); err != nil {
			return err
		}
		// Running, its first event shown, and the fake really waiting in the linked directory.
		if _, err := s.waitExecView(ctx, "running with the init line", func(v execView) bool {
			return v.Status == "running" && v.Cancel && v.Count >= 1 && v.Last >= 1 && strings.Contains(v.LastText, `"subtype":"init"`)
		}); err != nil {
			return err
		}
		return s.waitFakeRunning(ctx, dir)
	})

	s.step("cancel: status cancelled, process gone", func(ctx context.Context) error {
		if err := s.click(ctx, "exec-cancel"); err != nil {
			return err
		}
		v, err := s.waitExecView(ctx, "status cancelled", func(v execView) bool {
			return v.Status == "cancelled" && !v.Cancel && strings.Contains(v.LastText, "ended by signal")
		})
		if err != nil {
			return err
		}
		if err := s.waitText(ctx, "exec-failure-kind", "Cancelled"); err != nil {
			return err
		}
		e, err := s.execution(ctx, cancelledRun)
		if err != nil {
			return err
		}
		if e.Status != "cancelled" || e.FailureKind != "cancelled" || e.LineCount != v.Count {
			return fmt.Errorf("Go has status %q, failure %q, %d lines (the view shows %d)", e.Status, e.FailureKind, e.LineCount, v.Count)
		}
		// The engine reports the end only after the whole process group is gone.
		return noneLeftIn(dir)
	})

	s.step("history lists both runs", func(ctx context.Context) error {
		if err := s.visitNav(ctx, "nav-executions"); err != nil {
			return err
		}
		return s.waitRows(ctx, map[string]bool{okRun: true, cancelledRun: true})
	})

	s.step("history: filter by status cancelled", func(ctx context.Context) error {
		if err := s.pickOption(ctx, "history-status-filter", "history-status-option-cancelled"); err != nil {
			return err
		}
		if err := s.waitRows(ctx, map[string]bool{okRun: false, cancelledRun: true}); err != nil {
			return err
		}
		if err := s.onlyStatus(ctx, "cancelled"); err != nil {
			return err
		}
		if err := s.click(ctx, "history-clear"); err != nil {
			return err
		}
		return s.waitRows(ctx, map[string]bool{okRun: true, cancelledRun: true})
	})

	s.step("history: search the output for "+searchWord, func(ctx context.Context) error {
		if err := s.typeInto(ctx, "history-search", searchWord); err != nil {
			return err
		}
		if err := s.waitRows(ctx, map[string]bool{okRun: true, cancelledRun: false}); err != nil {
			return err
		}
		if err := s.onlyStatus(ctx, "success"); err != nil {
			return err
		}
		return s.screenshot(ctx, "history-search.png", false)
	})

	s.step("history: search and status cancelled find nothing", func(ctx context.Context) error {
		if err := s.pickOption(ctx, "history-status-filter", "history-status-option-cancelled"); err != nil {
			return err
		}
		if err := s.waitRows(ctx, map[string]bool{okRun: false, cancelledRun: false}); err != nil {
			return err
		}
		return s.waitJS(ctx, "the no-match message", `document.querySelector('#main-content').innerText.includes('No run matches these filters')`,
			func(raw string) bool { return raw == "true" })
	})

	s.step("no console errors", func(context.Context) error {
		if errs := s.console.errorsSince(0); len(errs) > 0 {
			return fmt.Errorf("%d console errors:\n  %s", len(errs), strings.Join(errs, "\n  "))
		}
		return nil
	})

	s.step("no process left in the linked directory", func(context.Context) error {
		return noneLeftIn(dir)
	})
}

// watchLive samples the execution view while the run streams: the status goes to running, the
// line count and the rendered rows grow, the newest line is in view (follow tail), and the
// screenshot shows it live.
func (s *session) watchLive(ctx context.Context, id, dir string) error {
	v, err := s.waitExecView(ctx, "status running", func(v execView) bool { return v.Status == "running" || v.Status == "success" })
	if err != nil {
		return err
	}
	if v.Status != "running" {
		return fmt.Errorf("the run was over before the view showed it running: %v", v)
	}
	if err := s.waitFakeRunning(ctx, dir); err != nil {
		return err
	}
	var counts []int   // distinct line counts seen while running
	var lastLine []int // N of the "line N" last in view, per sample
	shot := false
	for v.Status == "running" {
		if len(counts) == 0 || v.Count != counts[len(counts)-1] {
			counts = append(counts, v.Count)
		}
		if v.Count > 0 {
			// Follow tail: on, and the newest line rendered at the bottom of the viewport.
			if !v.Follow || v.Last != v.Count || !v.Bottom {
				return fmt.Errorf("not following the tail while running: %v", v)
			}
			if m := lineRe.FindStringSubmatch(v.LastText); m != nil {
				n, _ := strconv.Atoi(m[1])
				lastLine = append(lastLine, n)
			}
		}
		if !shot && v.Count > 60 {
			if err := s.snap(ctx, "execution-live.png"); err != nil {
				return err
			}
			shot = true
			if after, err := s.execView(ctx); err != nil || after.Status != "running" {
				return fmt.Errorf("execution-live.png may not show the run live: after it the view is %v (%v)", after, err)
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("still running: %v: %w", v, ctx.Err())
		case <-time.After(150 * time.Millisecond):
		}
		if v, err = s.execView(ctx); err != nil {
			return err
		}
	}
	s.t.Logf("  while running: %d distinct line counts %v", len(counts), abbreviate(counts))
	if !shot {
		return fmt.Errorf("the run ended before 60 lines were shown (counts %v)", counts)
	}
	// Growth seen in several steps, from well before the end: the lines arrived live, not at once.
	if len(counts) < 5 || counts[0] > liveLines/2 {
		return fmt.Errorf("the line count did not grow live: %v", counts)
	}
	for i := 1; i < len(counts); i++ {
		if counts[i] < counts[i-1] {
			return fmt.Errorf("the line count went down: %v", counts)
		}
	}
	if len(lastLine) < 5 || lastLine[len(lastLine)-1] <= lastLine[0] {
		return fmt.Errorf(`the "line N" in view did not advance: %v`, abbreviate(lastLine))
	}
	return nil
}

func abbreviate(list []int) string {
	if len(list) <= 12 {
		return fmt.Sprint(list)
	}
	return fmt.Sprintf("%v ... %v", list[:6], list[len(list)-6:])
}

// waitRows waits until each run's history row is there (true) or not (false).
func (s *session) waitRows(ctx context.Context, want map[string]bool) error {
	return poll(ctx, "history rows", func() (bool, string) {
		var seen []string
		ok := true
		for id, shown := range want {
			p, err := s.present(ctx, "history-row-"+id)
			if err != nil {
				return false, err.Error()
			}
			if p != shown {
				ok = false
			}
			seen = append(seen, fmt.Sprintf("%s shown=%v", id, p))
		}
		return ok, strings.Join(seen, ", ")
	})
}

// onlyStatus checks every listed run has the status.
func (s *session) onlyStatus(ctx context.Context, status string) error {
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('[data-testid^="history-row-"] [data-status]')].map(e => e.dataset.status)`))
	if err != nil {
		return err
	}
	if len(got) == 0 {
		return fmt.Errorf("no status tags in the history")
	}
	for _, st := range got {
		if st != status {
			return fmt.Errorf("listed statuses %v, want only %s", got, status)
		}
	}
	return nil
}

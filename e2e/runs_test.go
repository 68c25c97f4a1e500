//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/chromedp/chromedp"
)

// Helpers of the core loop: triggers made through the editor, runs started from the list, the
// execution view read as a whole, and the processes the runs left.

// sampleMessage is the editor preview's default {message}; the preview must show it in place.
const sampleMessage = "Please look at the latest changes."

// pickOption opens a naive-ui select and clicks the option whose label carries optionID. The
// menu is teleported to <body>, so the option is looked up in the whole page.
func (s *session) pickOption(ctx context.Context, selectID, optionID string) error {
	if err := s.click(ctx, selectID); err != nil {
		return err
	}
	if err := s.waitVisible(ctx, tid(optionID)); err != nil {
		return err
	}
	if err := s.settle(ctx); err != nil {
		return err
	}
	return s.click(ctx, optionID)
}

// hashPath waits until location.hash matches re and returns its first group, which must not be
// one of not.
func (s *session) hashPath(ctx context.Context, what string, re *regexp.Regexp, not ...string) (string, error) {
	var got string
	err := s.waitJS(ctx, what, `location.hash`, func(raw string) bool {
		var h string
		if json.Unmarshal([]byte(raw), &h) != nil {
			return false
		}
		m := re.FindStringSubmatch(h)
		if m == nil || contains(not, m[1]) {
			return false
		}
		got = m[1]
		return true
	})
	return got, err
}

var (
	triggerHash   = regexp.MustCompile(`^#/triggers/([^/]+)$`)
	executionHash = regexp.MustCompile(`^#/executions/(exec-[^/]+)$`)
)

// createTrigger fills the New trigger form (name, claude, prompt, one directory), then runs each
// of more (further fields: a source and its settings), saves it, and checks what Go stored. It
// returns the trigger's id.
func (s *session) createTrigger(ctx context.Context, name, prompt, dir string, more ...func(context.Context) error) (string, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(s.cfg.url+"/#/triggers")); err != nil {
		return "", err
	}
	if err := s.click(ctx, "trigger-new"); err != nil {
		return "", err
	}
	if _, err := s.hashPath(ctx, "the editor at #/triggers/new", regexp.MustCompile(`^#/triggers/(new)$`)); err != nil {
		return "", err
	}
	if err := s.typeInto(ctx, "trigger-name", name); err != nil {
		return "", err
	}
	if err := s.pickOption(ctx, "trigger-backend", "trigger-backend-option-claude"); err != nil {
		return "", err
	}
	// The editor shows what Settings detected: the fake, found in PATH.
	if err := s.waitText(ctx, "trigger-backend-status", "Found "+fakeClaudeVersion); err != nil {
		return "", err
	}
	if err := s.typeInto(ctx, "trigger-prompt", prompt); err != nil {
		return "", err
	}
	// Typing "{" opened the placeholder menu; the closing brace must have closed it again.
	if err := s.waitJS(ctx, "placeholder menu closed",
		`getComputedStyle(document.querySelector('[data-testid="placeholder-menu"]')).display`,
		func(raw string) bool { return raw == `"none"` }); err != nil {
		return "", err
	}
	rendered := strings.ReplaceAll(prompt, "{message}", sampleMessage)
	if err := s.waitTextFunc(ctx, "trigger-preview", func(v string) bool { return strings.Contains(v, rendered) }); err != nil {
		return "", err
	}
	if err := s.typeInto(ctx, "trigger-path-input", dir); err != nil {
		return "", err
	}
	if err := s.click(ctx, "trigger-path-add"); err != nil {
		return "", err
	}
	if err := s.waitTextFunc(ctx, "trigger-path-0", func(v string) bool { return strings.Contains(v, dir) }); err != nil {
		return "", err
	}
	for _, fill := range more {
		if err := fill(ctx); err != nil {
			return "", err
		}
	}
	if err := s.click(ctx, "trigger-save"); err != nil {
		return "", err
	}
	id, err := s.hashPath(ctx, "the saved trigger's page", triggerHash, "new")
	if err != nil {
		if present, _ := s.present(ctx, "trigger-save-error"); present {
			err = fmt.Errorf("%w; trigger-save-error: %s", err, s.textOr(ctx, "trigger-save-error"))
		}
		return "", err
	}
	// Ask Go what it stored, not the form.
	var t struct {
		Name, BackendType, PromptTemplate string
		Paths                             []struct{ Path string }
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](fmt.Sprintf(`window.go.bindings.TriggersAPI.Get(%s)`, jsString(id)),
		chromedp.EvalAwaitPromise))
	if err != nil {
		return "", fmt.Errorf("TriggersAPI.Get(%s): %w", id, err)
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return "", err
	}
	if t.Name != name || t.BackendType != "claude" || t.PromptTemplate != prompt || len(t.Paths) != 1 || !samePath(t.Paths[0].Path, dir) {
		return "", fmt.Errorf("stored trigger %s is %s", id, raw)
	}
	return id, nil
}

// runFromList presses Run on the trigger's row in the list, sends message, and returns the id of
// the execution the app opened.
func (s *session) runFromList(ctx context.Context, triggerID, message string) (string, error) {
	if err := s.visitNav(ctx, "nav-triggers"); err != nil {
		return "", err
	}
	if err := s.waitVisible(ctx, tid("trigger-row-"+triggerID)); err != nil {
		return "", err
	}
	if err := s.click(ctx, "trigger-run-"+triggerID); err != nil {
		return "", err
	}
	if err := s.typeInto(ctx, "run-message", message); err != nil {
		return "", err
	}
	// The dialog scales in; its Run button must be where the click lands.
	if err := s.settle(ctx); err != nil {
		return "", err
	}
	if err := s.click(ctx, "run-confirm"); err != nil {
		return "", err
	}
	id, err := s.hashPath(ctx, "the execution view", executionHash)
	if err != nil {
		return "", err
	}
	return id, s.waitVisible(ctx, tid("exec-status"))
}

// execView is the execution view as the user sees it at one moment.
type execView struct {
	Status   string `json:"status"`   // data-status of exec-status
	First    int    `json:"first"`    // seq of the first rendered log row
	Last     int    `json:"last"`     // seq of the last rendered log row
	LastText string `json:"lastText"` // its text
	Count    int    `json:"count"`    // the "N lines" label
	Follow   bool   `json:"follow"`   // the follow-tail switch
	Bottom   bool   `json:"bottom"`   // the viewport is scrolled to its end
	Cancel   bool   `json:"cancel"`   // exec-cancel is shown
}

func (v execView) String() string {
	return fmt.Sprintf("status=%s rows=%d..%d count=%d follow=%v bottom=%v cancel=%v last=%q",
		v.Status, v.First, v.Last, v.Count, v.Follow, v.Bottom, v.Cancel, v.LastText)
}

// The virtual log renders only the rows in view, in seq order.
const execViewJS = `(() => {
	const q = (id) => document.querySelector('[data-testid="' + id + '"]');
	const vp = q('log-viewport');
	const rows = vp ? [...vp.querySelectorAll('[data-testid^="log-line-"]')] : [];
	const seq = (el) => el ? Number(el.dataset.testid.slice('log-line-'.length)) : 0;
	const last = rows.at(-1);
	const label = vp?.closest('.raw')?.querySelector('.lines')?.textContent ?? '';
	return {
		status: q('exec-status')?.dataset.status ?? '',
		first: seq(rows[0]),
		last: seq(last),
		lastText: last?.querySelector('.log-text')?.textContent ?? '',
		count: Number(label.replace(/[^0-9]/g, '')) || 0,
		follow: q('follow-tail')?.getAttribute('aria-checked') === 'true',
		bottom: !!vp && vp.scrollTop + vp.clientHeight >= vp.scrollHeight - 2,
		cancel: !!q('exec-cancel'),
	};
})()`

func (s *session) execView(ctx context.Context) (execView, error) {
	var v execView
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](execViewJS))
	if err != nil {
		return v, err
	}
	return v, json.Unmarshal(raw, &v)
}

// waitExecView polls the view until ok accepts it.
func (s *session) waitExecView(ctx context.Context, what string, ok func(execView) bool) (execView, error) {
	var v execView
	err := poll(ctx, what, func() (bool, string) {
		var err error
		if v, err = s.execView(ctx); err != nil {
			return false, err.Error()
		}
		return ok(v), v.String()
	})
	return v, err
}

// execution asks Go for a run.
func (s *session) execution(ctx context.Context, id string) (execRecord, error) {
	var e execRecord
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](fmt.Sprintf(`window.go.bindings.ExecutionsAPI.Get(%s)`, jsString(id)),
		chromedp.EvalAwaitPromise))
	if err != nil {
		return e, fmt.Errorf("ExecutionsAPI.Get(%s): %w", id, err)
	}
	return e, json.Unmarshal(raw, &e)
}

type execRecord struct {
	Status, FailureKind, WorkingDir, Prompt string
	LineCount                               int
	Usage                                   struct {
		InputTokens, OutputTokens int
	}
}

// snap saves the viewport at once, without waiting for animations to settle: a running run
// pulses for ever, and the picture must show it live.
func (s *session) snap(ctx context.Context, name string) error {
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	if len(png) < 1000 {
		return fmt.Errorf("screenshot %s is only %d bytes", name, len(png))
	}
	s.save(name, png)
	return nil
}

// osProc is a live process seen in /proc.
type osProc struct {
	pid           int
	exe, cwd, cmd string
}

func (p osProc) String() string {
	return fmt.Sprintf("%d exe=%s cwd=%s cmd=%q", p.pid, p.exe, p.cwd, p.cmd)
}

// processesIn lists the live (not zombie) processes working in dir or below it: a run's CLI has
// the trigger's first directory as its cwd, so this finds the runs' processes and only them.
func processesIn(dir string) []osProc {
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	var out []osProc
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		base := "/proc/" + e.Name()
		cwd, err := os.Readlink(base + "/cwd")
		if err != nil || (cwd != dir && !strings.HasPrefix(cwd, dir+"/")) {
			continue
		}
		stat, _ := os.ReadFile(base + "/stat")
		if _, rest, ok := strings.Cut(string(stat), ") "); ok && strings.HasPrefix(rest, "Z") {
			continue
		}
		exe, _ := os.Readlink(base + "/exe")
		cmd, _ := os.ReadFile(base + "/cmdline")
		out = append(out, osProc{pid: pid, exe: exe, cwd: cwd, cmd: strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " "))})
	}
	return out
}

// waitFakeRunning waits until the fake CLI works in dir: proof that the app really started it
// there (and that processesIn can see it, so its later "none left" means something).
func (s *session) waitFakeRunning(ctx context.Context, dir string) error {
	return poll(ctx, "the fake claude working in "+dir, func() (bool, string) {
		ps := processesIn(dir)
		for _, p := range ps {
			if s.cfg.fakeClaude == "" && filepath.Base(p.exe) == "claude" || s.cfg.fakeClaude != "" && samePath(p.exe, s.cfg.fakeClaude) {
				return true, p.String()
			}
		}
		return false, fmt.Sprint(ps)
	})
}

// noneLeftIn fails when any process still works in dir.
func noneLeftIn(dir string) error {
	if ps := processesIn(dir); len(ps) > 0 {
		return fmt.Errorf("processes left in %s: %v", dir, ps)
	}
	return nil
}

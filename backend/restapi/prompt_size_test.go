package restapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/trigger"
)

// A list of runs does not grow with their prompts: five runs with 4 MiB prompts list in about
// the same bytes as five with 1 KiB prompts, each carrying the first KiB of its prompt and
// message (cut at a UTF-8 boundary) and their full sizes. The detail still returns every byte.
// Before, a list carried each prompt three times (prompt, message, argv): 141 MB for five rows.
func TestListsDoNotGrowWithPrompts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	small := e.newTrigger("small prompts")
	big := e.newTrigger("big prompts", func(tr *trigger.Trigger) { tr.PromptTemplate = "{message}" })
	const runs = 5
	var bigIDs []string
	for i := range runs {
		e.run(small.ID, fmt.Sprintf("%04d %s", i, strings.Repeat("s", 995)))
		// Two-byte runes, so a cut at 1024 bytes must step back to a rune boundary... or land on one.
		msg := fmt.Sprintf("%04d ", i) + strings.Repeat("ü", 2<<20) + fmt.Sprintf(" END-%d", i)
		bigIDs = append(bigIDs, e.run(big.ID, msg))
	}
	for _, id := range bigIDs {
		e.wait(id, 60*time.Second, execution.StatusSuccess)
	}
	e.waitAll(small.ID, runs)

	smallBytes, smallPage := e.list("/admin/triggers/" + small.ID + "/executions?limit=5")
	bigBytes, bigPage := e.list("/admin/triggers/" + big.ID + "/executions?limit=5")
	allBytes, allPage := e.list("/admin/executions?limit=50")
	t.Logf("list of %d runs: %d bytes with 1 KiB prompts, %d bytes with 4 MiB prompts; all %d runs: %d bytes",
		runs, smallBytes, bigBytes, len(allPage.Executions), allBytes)
	if len(bigPage.Executions) != runs || len(smallPage.Executions) != runs || len(allPage.Executions) != 2*runs {
		t.Fatalf("listed %d, %d and %d runs", len(smallPage.Executions), len(bigPage.Executions), len(allPage.Executions))
	}
	if bigBytes > smallBytes+runs*200 || allBytes > 64<<10 {
		t.Errorf("lists grew with the prompts: %d bytes vs %d, all %d", bigBytes, smallBytes, allBytes)
	}
	for _, ex := range append(bigPage.Executions, allPage.Executions...) {
		checkSummary(t, ex)
	}
	for _, ex := range smallPage.Executions {
		if ex.PromptTruncated || ex.PromptBytes != int64(len(ex.Prompt)) || len(ex.Prompt) != 1000 {
			t.Errorf("a 1000-byte prompt was cut: %d bytes of %d, truncated %v", len(ex.Prompt), ex.PromptBytes, ex.PromptTruncated)
		}
	}

	var full execution.Execution
	if code := e.do("GET", "/admin/executions/"+bigIDs[2], nil, &full); code != http.StatusOK {
		t.Fatalf("detail: status %d", code)
	}
	if want := "0002 " + strings.Repeat("ü", 2<<20) + " END-2"; full.Prompt != want || full.Message != want {
		t.Errorf("the detail has %d bytes of prompt and %d of message, want %d of each", len(full.Prompt), len(full.Message), len(want))
	}
	if full.PromptTruncated || full.MessageTruncated || full.PromptBytes != int64(len(full.Prompt)) {
		t.Errorf("the detail says truncated %v/%v, %d bytes", full.PromptTruncated, full.MessageTruncated, full.PromptBytes)
	}
	if got := strings.Join(full.Argv, " "); strings.Contains(got, "END-2") || len(got) > 2000 {
		t.Errorf("argv holds the prompt again: %d bytes", len(got))
	}
	var small1 execution.Execution
	e.do("GET", "/admin/executions/"+smallPage.Executions[0].ID, nil, &small1)
	if ph := agent.PromptPlaceholder(small1.Prompt); small1.Argv[len(small1.Argv)-1] != ph {
		t.Errorf("a short prompt's argv ends %q, want the placeholder %q", small1.Argv[len(small1.Argv)-1], ph)
	}
}

// checkSummary: a listed run carries at most the first KiB of its prompt and message, valid
// UTF-8, a prefix of the real text, with the full sizes.
func checkSummary(t *testing.T, ex execution.Execution) {
	t.Helper()
	for _, f := range []struct {
		name      string
		text      string
		size      int64
		truncated bool
	}{{"prompt", ex.Prompt, ex.PromptBytes, ex.PromptTruncated}, {"message", ex.Message, ex.MessageBytes, ex.MessageTruncated}} {
		if len(f.text) > execution.SummaryBytes || !utf8.ValidString(f.text) {
			t.Errorf("%s %s: %d bytes (valid UTF-8 %v) in a list", ex.ID, f.name, len(f.text), utf8.ValidString(f.text))
		}
		if f.truncated != (int64(len(f.text)) < f.size) {
			t.Errorf("%s %s: %d of %d bytes but truncated=%v", ex.ID, f.name, len(f.text), f.size, f.truncated)
		}
	}
	if ex.PromptBytes > 1<<20 && (!ex.PromptTruncated || len(ex.Prompt) < execution.SummaryBytes-3) {
		t.Errorf("%s: a %d-byte prompt listed as %d bytes, truncated %v", ex.ID, ex.PromptBytes, len(ex.Prompt), ex.PromptTruncated)
	}
	if n := len(strings.Join(ex.Argv, " ")); n > 2000 {
		t.Errorf("%s: argv of %d bytes in a list", ex.ID, n)
	}
}

// list GETs a list and returns its size in bytes and the decoded page.
func (e *env) list(path string) (int, execution.Page) {
	e.t.Helper()
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
	var page execution.Page
	if err := json.Unmarshal(raw, &page); err != nil {
		e.t.Fatal(err)
	}
	return len(raw), page
}

// waitAll waits until a trigger's n runs have finished.
func (e *env) waitAll(triggerID string, n int) {
	e.t.Helper()
	done := 0
	if !testutil.WaitFor(60*time.Second, func() bool {
		_, page := e.list("/admin/triggers/" + triggerID + "/executions?limit=50")
		done = 0
		for _, ex := range page.Executions {
			if execution.IsTerminal(ex.Status) {
				done++
			}
		}
		return done >= n
	}) {
		e.t.Fatalf("%d of %d runs finished", done, n)
	}
}

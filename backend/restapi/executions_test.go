package restapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/trigger"
)

func TestRunToSuccessWithLinesAndList(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tr := e.newTrigger("Runner", func(tr *trigger.Trigger) { tr.PromptTemplate = "say {message} for {trigger_id}" })
	// Disabled only stops automatic firing; a manual run is the user asking explicitly.
	if _, err := e.triggers.SetEnabled(t.Context(), tr.ID, false); err != nil {
		t.Fatal(err)
	}

	var acc RunAccepted
	if code := e.do("POST", "/admin/triggers/"+tr.ID+"/run", `{"message":"hello"}`, &acc); code != http.StatusAccepted {
		t.Fatalf("run: status %d", code)
	}
	if !strings.HasPrefix(acc.ExecutionID, "exec-") || acc.Status != execution.StatusQueued {
		t.Fatalf("run = %+v", acc)
	}
	done := e.wait(acc.ExecutionID, 30*time.Second, execution.StatusSuccess, execution.StatusFailed)
	if done.Status != execution.StatusSuccess || done.Prompt != "say hello for "+tr.ID || done.TriggerID != tr.ID {
		t.Fatalf("execution = %+v", done)
	}
	if done.ExitCode == nil || *done.ExitCode != 0 || done.Usage.InputTokens == 0 || done.StartedAt == "" || done.FinishedAt == "" {
		t.Fatalf("outcome = exit %v usage %+v", done.ExitCode, done.Usage)
	}

	// Paging by after/next covers the whole log exactly once.
	all := e.storedLines(acc.ExecutionID)
	if int64(len(all)) != done.LineCount || len(all) < 4 {
		t.Fatalf("%d lines, execution says %d", len(all), done.LineCount)
	}
	var p1, p2 execution.LinesPage
	e.do("GET", "/admin/executions/"+acc.ExecutionID+"/lines?limit=2", nil, &p1)
	e.do("GET", fmt.Sprintf("/admin/executions/%s/lines?after=%d&limit=2", acc.ExecutionID, p1.Next), nil, &p2)
	if len(p1.Lines) != 2 || p1.Next != 2 || p1.Total != done.LineCount || p2.Lines[0].Seq != 3 {
		t.Fatalf("pages %+v / %+v", p1, p2)
	}

	var tx Transcript
	if code := e.do("GET", "/admin/executions/"+acc.ExecutionID+"/transcript", nil, &tx); code != http.StatusOK || len(tx.Entries) == 0 {
		t.Fatalf("transcript: %d %+v", code, tx)
	}
	var st execution.Execution
	if code := e.do("GET", "/admin/triggers/"+tr.ID+"/status", nil, &st); code != http.StatusOK || st.ID != acc.ExecutionID {
		t.Fatalf("trigger status: %d %+v", code, st)
	}

	// A second, failing run, then the filters.
	failed := e.run(tr.ID, "[fake:auth]")
	e.wait(failed, 30*time.Second, execution.StatusFailed)
	other := e.newTrigger("Other")
	e.wait(e.run(other.ID, "x"), 30*time.Second, execution.StatusSuccess)
	tests := []struct {
		query string
		total int
		first string
	}{
		{"", 3, ""},
		{"?triggerId=" + tr.ID, 2, failed},
		{"?triggerId=" + tr.ID + "&status=success", 1, acc.ExecutionID},
		{"?status=failed", 1, failed},
		{"?backend=claude&limit=1", 3, ""},
		{"?q=zebracorn&triggerId=" + tr.ID, 1, acc.ExecutionID}, // the fake's success transcript says it
		{"?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", 0, ""},
	}
	for _, tt := range tests {
		var page execution.Page
		if code := e.do("GET", "/admin/executions"+tt.query, nil, &page); code != http.StatusOK {
			t.Fatalf("list %s: status %d", tt.query, code)
		}
		if page.Total != tt.total || (tt.first != "" && page.Executions[0].ID != tt.first) {
			t.Errorf("list %s: total %d, %d rows; want %d first %s", tt.query, page.Total, len(page.Executions), tt.total, tt.first)
		}
	}
	var byTrigger execution.Page
	e.do("GET", "/admin/triggers/"+tr.ID+"/executions?status=failed&limit=5&offset=0", nil, &byTrigger)
	if byTrigger.Total != 1 || byTrigger.Executions[0].ID != failed {
		t.Fatalf("trigger executions = %+v", byTrigger)
	}

	var rerun RunAccepted
	if code := e.do("POST", "/admin/executions/"+acc.ExecutionID+"/rerun", nil, &rerun); code != http.StatusAccepted || rerun.ExecutionID == acc.ExecutionID {
		t.Fatalf("rerun: %d %+v", code, rerun)
	}
	if again := e.wait(rerun.ExecutionID, 30*time.Second, execution.StatusSuccess); again.RerunOf != acc.ExecutionID || again.Message != "hello" {
		t.Fatalf("rerun = %+v", again)
	}
}

func TestCancelLongRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tr := e.newTrigger("Hang")
	id := e.run(tr.ID, "[fake:hang]")
	e.wait(id, 30*time.Second, execution.StatusRunning)

	var acc RunAccepted
	// 202 while the run winds down; 200 when it was already cancelled by the time the answer
	// was written, as on a busy machine.
	code := e.do("POST", "/admin/executions/"+id+"/cancel", nil, &acc)
	if acc.ExecutionID != id || (code != http.StatusAccepted && (code != http.StatusOK || acc.Status != execution.StatusCancelled)) {
		t.Fatalf("cancel: %d %+v", code, acc)
	}
	done := e.wait(id, 30*time.Second, execution.StatusCancelled, execution.StatusFailed, execution.StatusSuccess)
	if done.Status != execution.StatusCancelled {
		t.Fatalf("status = %s", done.Status)
	}
	var body errorBody
	if code := e.do("POST", "/admin/executions/"+id+"/cancel", nil, &body); code != http.StatusConflict || !strings.Contains(body.Error, "not queued or running") {
		t.Fatalf("cancel again: %d %+v", code, body)
	}
}

func TestSkipPolicyConflict(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tr := e.newTrigger("Skipper", func(tr *trigger.Trigger) { tr.ConcurrencyPolicy = trigger.PolicySkip })
	first := e.run(tr.ID, "[fake:hang]")
	var body errorBody
	if code := e.do("POST", "/admin/triggers/"+tr.ID+"/run", `{"message":"again"}`, &body); code != http.StatusConflict || !strings.Contains(body.Error, "skip") {
		t.Fatalf("second run: %d %+v", code, body)
	}
	e.do("POST", "/admin/executions/"+first+"/cancel", nil, nil)
	e.wait(first, 30*time.Second, execution.StatusCancelled)
}

func TestExecutionQueryErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	tests := []struct {
		path   string
		status int
		fields []string
	}{
		{"/admin/executions?limit=0", 400, []string{"limit"}},
		{"/admin/executions?limit=501&offset=-1", 400, []string{"limit", "offset"}},
		{"/admin/executions?status=done&backend=gpt", 400, []string{"status", "backend"}},
		{"/admin/executions?from=yesterday&to=2026-13-01T00:00:00Z", 400, []string{"from", "to"}},
		{"/admin/executions?limit=500", 200, nil},
		{"/admin/executions/exec-nope", 404, nil},
		{"/admin/executions/exec-nope/lines", 404, nil},
		{"/admin/executions/exec-nope/lines?after=x&limit=9999", 400, []string{"after", "limit"}},
		{"/admin/executions/exec-nope/transcript", 404, nil},
	}
	for _, tt := range tests {
		var body errorBody
		code := e.do("GET", tt.path, nil, &body)
		if code != tt.status {
			t.Errorf("%s: status %d (%s), want %d", tt.path, code, body.Error, tt.status)
		}
		for _, f := range tt.fields {
			if body.Fields[f] == "" {
				t.Errorf("%s: fields %v lack %q", tt.path, body.Fields, f)
			}
		}
	}
	for _, p := range []string{"/admin/executions/exec-nope/cancel", "/admin/executions/exec-nope/rerun"} {
		if code := e.do("POST", p, nil, nil); code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, code)
		}
	}
}

func TestSettingsAndVersion(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})
	var raw map[string]any
	if code := e.do("GET", "/api/settings", nil, &raw); code != http.StatusOK || raw["maxConcurrentRuns"] != float64(settings.Defaults().MaxConcurrentRuns) {
		t.Fatalf("settings: %d %v", code, raw)
	}
	var v map[string]any
	if code := e.do("GET", "/api/version", nil, &v); code != http.StatusOK || v["version"] != "1.2.3-test" || v["mode"] != "serve" {
		t.Fatalf("version: %d %v", code, v)
	}
	if _, leaked := v["dataDir"]; leaked {
		t.Fatalf("version reveals paths: %v", v)
	}
}

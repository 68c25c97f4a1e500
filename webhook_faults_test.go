package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
)

// postJSON sends body to base+path and returns the status, the Retry-After header and the JSON
// answer.
func postJSON(t *testing.T, base, path, body string) (int, string, map[string]any) {
	t.Helper()
	resp, err := http.Post(base+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %d %s: %v", path, resp.StatusCode, raw, err)
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), out
}

func countRuns(t *testing.T, a *App) int {
	t.Helper()
	page, err := a.engine.List(context.Background(), execution.ListFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// TestWebhookMessageCapThroughTheListener: the Settings value caps the text a generic delivery
// puts into a run, through the running app; a delivery over it is answered 413 and runs nothing.
func TestWebhookMessageCapThroughTheListener(t *testing.T) {
	a, base := startServeApp(t)
	ctx := context.Background()
	if _, err := a.triggers.Create(ctx, trigger.Trigger{
		Name: "hook", PromptTemplate: "[fake:success] {message}", BackendType: "claude",
		TriggerSource: trigger.SourceWebhook, Enabled: true,
	}); err != nil {
		t.Fatal(err)
	}
	s := a.settings.Get()
	s.WebhookMessageCapKiB = 1
	if _, err := a.settings.Update(ctx, s); err != nil {
		t.Fatal(err)
	}
	code, _, out := postJSON(t, base, "/", `{"text":"`+strings.Repeat("x", 2<<10)+`"}`)
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(out["error"].(string), "is 2 KiB, over the 1 KiB cap") {
		t.Fatalf("over the cap: %d %v", code, out)
	}
	if n := countRuns(t, a); n != 0 {
		t.Fatalf("%d runs after a refused delivery", n)
	}
	if code, _, out := postJSON(t, base, "/", `{"text":"`+strings.Repeat("y", 512)+`"}`); code != http.StatusAccepted {
		t.Fatalf("under the cap: %d %v", code, out)
	}
	if n := countRuns(t, a); n != 1 {
		t.Fatalf("%d runs, want 1", n)
	}
}

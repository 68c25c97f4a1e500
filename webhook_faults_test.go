package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
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

// readiness returns the status and database component of an authenticated /health/readiness.
func readiness(t *testing.T, base string) (int, string, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/health/readiness", nil)
	req.Header.Set("X-API-Key", testAPIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Status     string                    `json:"status"`
		Components map[string]map[string]any `json:"components"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body.Status, body.Components["database"]
}

// TestUnwritableDatabaseThroughTheListener makes the running app's database files immutable
// (chattr +i; as root a chmod would not stop SQLite). POST / used to answer 200 with a skipped
// "error" and no delivery row, and readiness said "database: ok". Now the webhook is answered
// 503 with Retry-After and readiness is degraded; when the files are writable again the
// sender's retry queues exactly one run and readiness recovers.
func TestUnwritableDatabaseThroughTheListener(t *testing.T) {
	a, base := startServeApp(t)
	ctx := context.Background()
	if _, err := a.triggers.Create(ctx, trigger.Trigger{
		Name: "hook", PromptTemplate: "[fake:success] {message}", BackendType: "claude",
		TriggerSource: trigger.SourceWebhook, Enabled: true,
	}); err != nil {
		t.Fatal(err)
	}
	if code, status, dbc := readiness(t, base); code != http.StatusOK || status != "ok" || dbc["status"] != "ok" {
		t.Fatalf("healthy readiness: %d %s %v", code, status, dbc)
	}
	thaw := freezeDB(t, a)

	code, retryAfter, out := postJSON(t, base, "/", `{"text":"deploy now"}`)
	msg, _ := out["error"].(string)
	if code != http.StatusServiceUnavailable || retryAfter != "5" || !strings.Contains(msg, "could not be stored") {
		t.Fatalf("webhook on an unwritable database: %d Retry-After %q %v", code, retryAfter, out)
	}
	code, status, dbc := readiness(t, base)
	if code != http.StatusServiceUnavailable || status != "degraded" || dbc["status"] != "error" ||
		!strings.Contains(fmt.Sprint(dbc["error"]), "cannot be written") {
		t.Fatalf("readiness on an unwritable database: %d %s %v", code, status, dbc)
	}

	thaw()
	if code, _, out := postJSON(t, base, "/", `{"text":"deploy now"}`); code != http.StatusAccepted {
		t.Fatalf("retry after recovery: %d %v", code, out)
	}
	if n := countRuns(t, a); n != 1 {
		t.Fatalf("%d runs after the retry, want exactly 1", n)
	}
	if code, status, _ := readiness(t, base); code != http.StatusOK || status != "ok" {
		t.Fatalf("readiness after recovery: %d %s", code, status)
	}
}

// freezeDB makes the app's database files immutable, as testutil.FreezeDB does for the backend
// packages (internal, so not importable here): reads keep working, every commit fails.
func freezeDB(t *testing.T, a *App) (thaw func()) {
	t.Helper()
	if _, err := a.db.Writer.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	files := []string{a.db.Path, a.db.Path + "-wal", a.db.Path + "-shm"}
	thawed := false
	thaw = func() {
		if !thawed {
			thawed = true
			if out, err := exec.Command("chattr", append([]string{"-i"}, files...)...).CombinedOutput(); err != nil {
				t.Errorf("chattr -i: %v %s", err, out)
			}
		}
	}
	t.Cleanup(thaw)
	if out, err := exec.Command("chattr", append([]string{"+i"}, files...)...).CombinedOutput(); err != nil {
		t.Fatalf("chattr +i (needs root on a filesystem with chattr, such as ext4): %v %s", err, out)
	}
	return thaw
}

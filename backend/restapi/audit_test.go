package restapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/notify"
	"github.com/agented/agented/backend/planning"
	"github.com/agented/agented/backend/trigger"
)

// scenario makes one changing route succeed: it prepares what the route needs and returns the
// request path and body.
type scenario func(t *testing.T, e *env) (path string, body any)

// auditScenarios has one scenario per changing route. A new changing route without one fails
// TestEveryChangingRouteIsAudited, so its audit entry is proven the day it is added.
var auditScenarios = map[string]scenario{
	"POST /admin/triggers": func(t *testing.T, e *env) (string, any) {
		return "/admin/triggers", map[string]any{"name": "made over REST", "promptTemplate": "{message}"}
	},
	"PUT /admin/triggers/:id": func(t *testing.T, e *env) (string, any) {
		return "/admin/triggers/" + e.newTrigger("to update").ID, map[string]any{"name": "updated", "enabled": false}
	},
	"DELETE /admin/triggers/:id": func(t *testing.T, e *env) (string, any) {
		return "/admin/triggers/" + e.newTrigger("to delete").ID, nil
	},
	"POST /admin/triggers/:id/run": func(t *testing.T, e *env) (string, any) {
		return "/admin/triggers/" + e.newTrigger("to run").ID + "/run", RunRequest{Message: "hello"}
	},
	"POST /admin/triggers/:id/reset": func(t *testing.T, e *env) (string, any) {
		return "/admin/triggers/bot-security/reset", nil
	},
	"POST /admin/triggers/:id/resume": func(t *testing.T, e *env) (string, any) {
		tr := e.newTrigger("to resume")
		if _, _, err := e.triggers.Pause(context.Background(), tr.ID, "three failures"); err != nil {
			t.Fatal(err)
		}
		return "/admin/triggers/" + tr.ID + "/resume", nil
	},
	"POST /admin/triggers/:id/paths": func(t *testing.T, e *env) (string, any) {
		return "/admin/triggers/" + e.newTrigger("to link").ID + "/paths", AddPathRequest{Path: t.TempDir()}
	},
	"DELETE /admin/triggers/:id/paths/:pathId": func(t *testing.T, e *env) (string, any) {
		tr, err := e.triggers.AddPath(context.Background(), e.newTrigger("to unlink").ID, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("/admin/triggers/%s/paths/%d", tr.ID, tr.Paths[0].ID), nil
	},
	"POST /admin/executions/:id/cancel": func(t *testing.T, e *env) (string, any) {
		return "/admin/executions/" + e.run(e.newTrigger("to cancel").ID, "[fake:hang]") + "/cancel", nil
	},
	"POST /admin/executions/:id/rerun": func(t *testing.T, e *env) (string, any) {
		id := e.run(e.newTrigger("to rerun").ID, "done")
		e.wait(id, 30*time.Second, execution.StatusSuccess)
		return "/admin/executions/" + id + "/rerun", nil
	},
	"POST /admin/executions/:id/worktree/remove": func(t *testing.T, e *env) (string, any) {
		return "/admin/executions/" + worktreeRun(t, e) + "/worktree/remove", nil
	},
	"POST /admin/accounts": func(t *testing.T, e *env) (string, any) {
		return "/admin/accounts", map[string]any{"backend": "claude", "name": "Work", "apiKey": auditSecret}
	},
	"PUT /admin/accounts/:id": func(t *testing.T, e *env) (string, any) {
		return "/admin/accounts/" + e.newAccount(t, "to put"), map[string]any{"backend": "claude", "name": "put", "apiKey": auditSecret}
	},
	"PATCH /admin/accounts/:id": func(t *testing.T, e *env) (string, any) {
		return "/admin/accounts/" + e.newAccount(t, "to patch"), map[string]any{"backend": "claude", "name": "patched"}
	},
	"DELETE /admin/accounts/:id": func(t *testing.T, e *env) (string, any) {
		return "/admin/accounts/" + e.newAccount(t, "to delete"), nil
	},
	"POST /admin/accounts/:id/clear-cooldown": func(t *testing.T, e *env) (string, any) {
		if err := e.accounts.SetCooldown(context.Background(), "codex", time.Now().Add(time.Hour), "rate_limit", "test"); err != nil {
			t.Fatal(err)
		}
		return "/admin/accounts/codex/clear-cooldown", nil
	},
	"POST /admin/budgets": func(t *testing.T, e *env) (string, any) {
		return "/admin/budgets", budgetBody("made")
	},
	"PUT /admin/budgets/:id": func(t *testing.T, e *env) (string, any) {
		return "/admin/budgets/" + e.newBudget(t, "to update"), budgetBody("updated")
	},
	"DELETE /admin/budgets/:id": func(t *testing.T, e *env) (string, any) {
		return "/admin/budgets/" + e.newBudget(t, "to delete"), nil
	},
	"PUT /admin/prices": func(t *testing.T, e *env) (string, any) {
		var table []map[string]any
		if code := e.do("GET", "/admin/prices", nil, &table); code != http.StatusOK {
			t.Fatalf("prices: %d", code)
		}
		return "/admin/prices", table
	},
	"PUT /admin/planning/commands": func(t *testing.T, e *env) (string, any) {
		return "/admin/planning/commands", PlanningCommandsUpdate{Commands: []planning.Command{{Label: "Review", Command: "/review"}}}
	},
	"POST /admin/planning/commands/reset": func(t *testing.T, e *env) (string, any) {
		return "/admin/planning/commands/reset", nil
	},
	"POST /admin/notifications/read-all": func(t *testing.T, e *env) (string, any) {
		return "/admin/notifications/read-all", nil
	},
	"POST /admin/notifications/:id/read": func(t *testing.T, e *env) (string, any) {
		id := e.run(e.newTrigger("to fail").ID, "[fake:auth]")
		e.wait(id, 30*time.Second, execution.StatusFailed)
		var page notify.Page
		eventually(t, func() bool {
			page = notify.Page{}
			e.do("GET", "/admin/notifications?unread=true", nil, &page)
			return len(page.Notifications) > 0
		})
		return "/admin/notifications/" + page.Notifications[0].ID + "/read", nil
	},
	"PUT /admin/notifications/os": func(t *testing.T, e *env) (string, any) {
		return "/admin/notifications/os", map[string]bool{"run_failed": false}
	},
	"POST /admin/api-keys": func(t *testing.T, e *env) (string, any) {
		return "/admin/api-keys", apikey.Input{Name: "made", Scope: apikey.ScopeRun}
	},
	"DELETE /admin/api-keys/:id": func(t *testing.T, e *env) (string, any) {
		return "/admin/api-keys/" + e.newKey("to revoke", apikey.ScopeRead).ID, nil
	},
	"PUT /admin/listener": func(t *testing.T, e *env) (string, any) {
		return "/admin/listener", map[string]any{"webhookRatePer10s": 40, "apiRatePerMinute": 120}
	},
	"PUT /admin/listener/github-secret": func(t *testing.T, e *env) (string, any) {
		return "/admin/listener/github-secret", SecretValue{Value: auditSecret}
	},
	"DELETE /admin/listener/github-secret": func(t *testing.T, e *env) (string, any) {
		return "/admin/listener/github-secret", nil
	},
	"POST /admin/clis/detect": func(t *testing.T, e *env) (string, any) { return "/admin/clis/detect", nil },
	"PUT /admin/clis/:name/path": func(t *testing.T, e *env) (string, any) {
		return "/admin/clis/claude/path", CLIPath{Path: ""}
	},
	"POST /admin/webhooks/deliveries/:id/replay": func(t *testing.T, e *env) (string, any) {
		if code := e.doAs("", "", "POST", "/", map[string]any{"text": "hello"}, nil); code >= 300 {
			t.Fatalf("webhook: %d", code)
		}
		var page struct {
			Deliveries []struct {
				ID string `json:"id"`
			} `json:"deliveries"`
		}
		if code := e.do("GET", "/admin/webhooks/deliveries", nil, &page); code != http.StatusOK || len(page.Deliveries) == 0 {
			t.Fatalf("deliveries: %d %+v", code, page)
		}
		return "/admin/webhooks/deliveries/" + page.Deliveries[0].ID + "/replay", nil
	},
	"PUT /admin/triggers/:id/webhook-secret": func(t *testing.T, e *env) (string, any) {
		return "/admin/triggers/" + e.newTrigger("hooked", webhookSource).ID + "/webhook-secret", SecretValue{Value: auditSecret}
	},
	"DELETE /admin/triggers/:id/webhook-secret": func(t *testing.T, e *env) (string, any) {
		return "/admin/triggers/" + e.newTrigger("unhooked", webhookSource).ID + "/webhook-secret", nil
	},
	"POST /admin/triggers/:id/history/:versionId/restore": func(t *testing.T, e *env) (string, any) {
		tr := e.newTrigger("versioned")
		tr.PromptTemplate = "second {message}"
		if _, err := e.triggers.Update(context.Background(), tr); err != nil {
			t.Fatal(err)
		}
		var h HistoryList
		if code := e.do("GET", "/admin/triggers/"+tr.ID+"/history", nil, &h); code != http.StatusOK || len(h.Versions) < 2 {
			t.Fatalf("history: %d %+v", code, h)
		}
		return fmt.Sprintf("/admin/triggers/%s/history/%d/restore", tr.ID, h.Versions[len(h.Versions)-1].ID), nil
	},
	"PUT /api/settings": func(t *testing.T, e *env) (string, any) {
		return "/api/settings", map[string]any{"retentionDays": 31}
	},
	"PUT /api/settings/allowed-roots": func(t *testing.T, e *env) (string, any) {
		return "/api/settings/allowed-roots", RootList{Roots: []string{t.TempDir()}}
	},
	"PUT /api/settings/sentry": func(t *testing.T, e *env) (string, any) {
		return "/api/settings/sentry", SecretValue{Value: ""}
	},
	"PUT /api/keys/:provider": func(t *testing.T, e *env) (string, any) {
		return "/api/keys/anthropic", SecretValue{Value: auditSecret}
	},
	"DELETE /api/keys/:provider": func(t *testing.T, e *env) (string, any) {
		if code := e.do("PUT", "/api/keys/openai", SecretValue{Value: "sk-to-delete-000000"}, nil); code != http.StatusNoContent {
			t.Fatalf("set key: %d", code)
		}
		return "/api/keys/openai", nil
	},
}

func webhookSource(t *trigger.Trigger) { t.TriggerSource = "webhook" }

// auditSecret is an account key sent in scenarios; it must never reach the audit log.
const auditSecret = "sk-audit-never-stored-7f3a"

// Every route that changes something, called with a named admin key and a chosen request id,
// leaves one entry with the route's action, the key's name as actor and that request id; and no
// secret sent along ends up in any diff.
func TestEveryChangingRouteIsAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{listener: true})
	auditor := e.newKey("auditor", apikey.ScopeAdmin)
	n := 0
	for _, r := range e.api.Routes() {
		if !r.Changes() {
			continue
		}
		key := routeKey(r.Method, r.Path)
		prep, ok := auditScenarios[key]
		if !ok {
			t.Errorf("%s changes something but has no scenario in auditScenarios: add one", key)
			continue
		}
		path, body := prep(t, e)
		reqID := fmt.Sprintf("audit-%d", n)
		n++
		var raw json.RawMessage
		if code := e.doAs(auditor.Key, reqID, r.Method, path, body, &raw); code < 200 || code > 299 {
			t.Errorf("%s (%s): status %d %s\nlog: %s", key, path, code, raw, lastLines(e.logs.String(), 3))
			continue
		}
		found := false
		for _, en := range e.auditEntries(r.Action) {
			if en.RequestID == reqID {
				found = true
				if en.Actor != "auditor" {
					t.Errorf("%s: actor %q, want auditor", key, en.Actor)
				}
				if en.Target == "" && strings.Contains(r.Path, ":id") {
					t.Errorf("%s: entry has no target", key)
				}
			}
		}
		if !found {
			t.Errorf("%s: no %s entry with request id %s", key, r.Action, reqID)
		}
	}
	all, err := json.Marshal(e.auditEntries(""))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(all), auditSecret) || strings.Contains(string(all), auditor.Key) {
		t.Fatalf("a secret reached the audit log: %s", all)
	}
	if !strings.Contains(string(all), `"apiKey":{"before":null,"after":"[redacted]"}`) && !strings.Contains(string(all), `[redacted]`) {
		t.Fatalf("no redacted field in the log, though keys were set: %s", all)
	}
}

// Every /admin and /api route Echo serves declares a scope (and so passes the scope check), and
// every declared route is served: walking the real listener's routes proves no route escaped.
func TestEveryRouteDeclaresAScope(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{listener: true})
	srv := httpserver.New(httpserver.DefaultConfig(), httpserver.Deps{
		Routes: httpserver.Routes{GenericWebhook: noop, GitHubWebhook: noop, Admin: e.api.RegisterAdmin, API: e.api.RegisterAPI, Scope: e.api.Scope},
	})
	served := map[string]bool{}
	for _, r := range srv.Routes() {
		if !strings.HasPrefix(r.Path, "/admin") && !strings.HasPrefix(r.Path, "/api") || r.Path == "/api/webhooks/github" {
			continue
		}
		if r.Path == "/admin" || r.Path == "/admin/*" || r.Path == "/api" || r.Path == "/api/*" {
			continue // the groups' catch-alls: 404 behind the key
		}
		served[routeKey(r.Method, r.Path)] = true
		if _, ok := e.api.Scope(r.Method, r.Path); !ok {
			t.Errorf("%s %s is served but declares no scope", r.Method, r.Path)
		}
	}
	for _, r := range e.api.Routes() {
		if !served[routeKey(r.Method, r.Path)] {
			t.Errorf("%s %s is declared but not served", r.Method, r.Path)
		}
		if r.Changes() && r.Action == "" {
			t.Errorf("%s %s changes something but names no audit action", r.Method, r.Path)
		}
	}
}

func noop(c echo.Context) error { return c.NoContent(http.StatusNoContent) }

func (e *env) newAccount(t *testing.T, name string) string {
	t.Helper()
	var out map[string]any
	if code := e.do("POST", "/admin/accounts", map[string]any{"backend": "claude", "name": name}, &out); code != http.StatusCreated {
		t.Fatalf("create account: %d %v", code, out)
	}
	return out["id"].(string)
}

func budgetBody(name string) map[string]any {
	return map[string]any{"name": name, "scope": "global", "period": "month", "softUsd": 1, "hardUsd": 2}
}

func (e *env) newBudget(t *testing.T, name string) string {
	t.Helper()
	var out map[string]any
	if code := e.do("POST", "/admin/budgets", budgetBody(name), &out); code != http.StatusCreated {
		t.Fatalf("create budget: %d %v", code, out)
	}
	return out["id"].(string)
}

func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// lastLines is the end of a log, for failure messages.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

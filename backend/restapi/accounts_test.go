package restapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
)

// accountsEnv is a server with only the account routes, on a real SQLite file and the real OS
// keyring (scripts/with-keyring.sh).
type accountsEnv struct {
	*env
	svc     *account.Service
	secrets *secret.Store
}

func newAccountsEnv(t *testing.T) *accountsEnv {
	t.Helper()
	d := testutil.OpenDB(t)
	bus := events.NewBus()
	t.Cleanup(bus.Close)
	sec := secret.New(secret.OSKeyring{}, func(string) string { return "" }, nil, logging.Discard())
	svc := account.New(d, sec, bus, logging.Discard(), nil)
	api := New(Deps{Accounts: svc})
	e := echo.New()
	api.RegisterAdmin(e.Group("/admin"))
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		list, _ := svc.List(context.Background())
		for _, a := range list {
			_ = sec.Delete(secret.AccountKeyName(a.ID, a.APIKeyEnv))
		}
	})
	return &accountsEnv{env: &env{t: t, srv: srv}, svc: svc, secrets: sec}
}

func TestAccountsREST(t *testing.T) {
	t.Parallel()
	e := newAccountsEnv(t)

	var a account.Account
	if code := e.do("POST", "/admin/accounts", map[string]any{"backend": "claude", "name": "Work", "apiKey": "fake-key-router-test-1",
		"configDir": "/srv/claude-work", "env": map[string]string{"ANTHROPIC_BASE_URL": "http://gw.local"}}, &a); code != http.StatusCreated {
		t.Fatalf("create: %d", code)
	}
	if !a.HasAPIKey || !a.IsDefault || a.Billing != account.BillingAPIKey || a.ConfigDir != "/srv/claude-work" {
		t.Fatalf("created account %+v: want key set, default (first of its backend), api_key billing", a)
	}
	if v, _, err := e.secrets.Get(secret.AccountKeyName(a.ID, "")); err != nil || v != "fake-key-router-test-1" {
		t.Fatalf("keyring holds %q (%v), want the key", v, err)
	}
	// The key never comes back.
	var raw map[string]any
	e.do("GET", "/admin/accounts/"+a.ID, nil, &raw)
	if _, has := raw["apiKey"]; has || strings.Contains(mustMarshal(t, raw), "fake-key-router-test-1") {
		t.Fatalf("GET returned the key: %v", raw)
	}

	var b account.Account
	if code := e.do("POST", "/admin/accounts", map[string]any{"backend": "claude", "name": "Personal", "configDir": "/srv/claude-me"}, &b); code != http.StatusCreated {
		t.Fatalf("create second: %d", code)
	}
	if b.IsDefault || b.HasAPIKey || b.Billing != account.BillingSubscription {
		t.Fatalf("second account %+v: want not default, subscription", b)
	}

	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		field  string // a field the error must name
	}{
		{"unknown backend", "POST", "/admin/accounts", map[string]any{"backend": "cursor", "name": "x"}, 400, "backend"},
		{"name missing", "POST", "/admin/accounts", map[string]any{"backend": "codex"}, 400, "name"},
		{"relative config dir", "POST", "/admin/accounts", map[string]any{"backend": "codex", "name": "c", "configDir": "codex"}, 400, "configDir"},
		{"bad key variable name", "POST", "/admin/accounts", map[string]any{"backend": "codex", "name": "c", "apiKeyEnv": "1BAD-NAME"}, 400, "apiKeyEnv"},
		{"key in env", "POST", "/admin/accounts", map[string]any{"backend": "claude", "name": "c", "env": map[string]string{"ANTHROPIC_API_KEY": "sk"}}, 400, "env"},
		{"config var in env", "POST", "/admin/accounts", map[string]any{"backend": "codex", "name": "c", "env": map[string]string{"CODEX_HOME": "/x"}}, 400, "env"},
		{"multi-line key", "POST", "/admin/accounts", map[string]any{"backend": "gemini", "name": "g", "apiKey": "a\nb"}, 400, "apiKey"},
		{"unknown field", "POST", "/admin/accounts", map[string]any{"backend": "gemini", "name": "g", "password": "x"}, 400, ""},
		{"name taken", "POST", "/admin/accounts", map[string]any{"backend": "claude", "name": "Work"}, 409, "name"},
		{"get missing", "GET", "/admin/accounts/acct-nope", nil, 404, ""},
		{"patch missing", "PATCH", "/admin/accounts/acct-nope", map[string]any{"name": "x"}, 404, ""},
		{"delete missing", "DELETE", "/admin/accounts/acct-nope", nil, 404, ""},
		{"backend cannot change", "PATCH", "/admin/accounts/" + a.ID, map[string]any{"backend": "codex"}, 400, "backend"},
		{"default cannot be unset", "PATCH", "/admin/accounts/" + a.ID, map[string]any{"isDefault": false}, 400, "isDefault"},
		{"rename onto a taken name", "PATCH", "/admin/accounts/" + b.ID, map[string]any{"name": "Work"}, 409, "name"},
		{"no cooldown to clear", "POST", "/admin/accounts/" + a.ID + "/clear-cooldown", nil, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			code := e.do(tt.method, tt.path, tt.body, &body)
			if code != tt.status {
				t.Fatalf("status %d, want %d (%+v)", code, tt.status, body)
			}
			if tt.field != "" && body.Fields[tt.field] == "" {
				t.Fatalf("error %+v does not name field %q", body, tt.field)
			}
			if body.Error == "" {
				t.Fatal("error body has no message")
			}
		})
	}

	// PATCH keeps what it leaves out (the key too) and moves the default.
	var got account.Account
	if code := e.do("PATCH", "/admin/accounts/"+b.ID, map[string]any{"isDefault": true, "name": "Me"}, &got); code != http.StatusOK {
		t.Fatalf("patch: %d", code)
	}
	if !got.IsDefault || got.Name != "Me" || got.ConfigDir != "/srv/claude-me" {
		t.Fatalf("patched %+v", got)
	}
	e.do("GET", "/admin/accounts/"+a.ID, nil, &got)
	if got.IsDefault || !got.HasAPIKey {
		t.Fatalf("old default %+v: want no longer default, key kept", got)
	}
	// PUT with apiKey "" removes the key.
	if code := e.do("PUT", "/admin/accounts/"+a.ID, map[string]any{"backend": "claude", "name": "Work", "apiKey": ""}, &got); code != http.StatusOK || got.HasAPIKey {
		t.Fatalf("put removing the key: %d %+v", code, got)
	}

	// A cooldown shows on the account and in the list, and clears.
	if err := e.svc.SetCooldown(context.Background(), a.ID, time.Now().Add(time.Hour), "quota", "You've hit your limit"); err != nil {
		t.Fatal(err)
	}
	var list AccountList
	e.do("GET", "/admin/accounts", nil, &list)
	if len(list.Accounts) != 2 || len(list.Cooldowns) != 1 || list.Cooldowns[0].Key != a.ID {
		t.Fatalf("list %+v", list)
	}
	for _, acc := range list.Accounts {
		if (acc.ID == a.ID) != (acc.Cooldown != nil) {
			t.Fatalf("account %s cooldown %+v", acc.Name, acc.Cooldown)
		}
	}
	if code := e.do("POST", "/admin/accounts/"+a.ID+"/clear-cooldown", nil, nil); code != http.StatusNoContent {
		t.Fatalf("clear: %d", code)
	}
	e.do("GET", "/admin/accounts", nil, &list)
	if len(list.Cooldowns) != 0 {
		t.Fatalf("cooldowns after clear: %+v", list.Cooldowns)
	}

	// Deleting the default promotes the other account and drops the key.
	if code := e.do("DELETE", "/admin/accounts/"+b.ID, nil, nil); code != http.StatusNoContent {
		t.Fatalf("delete: %d", code)
	}
	e.do("GET", "/admin/accounts/"+a.ID, nil, &got)
	if !got.IsDefault {
		t.Fatalf("remaining account %+v is not the default", got)
	}
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

package account

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
)

// newTestService runs on a real SQLite file and the real OS keyring (scripts/with-keyring.sh).
func newTestService(t *testing.T, env map[string]string) (*Service, *secret.Store) {
	t.Helper()
	getenv := func(k string) string { return env[k] }
	sec := secret.New(secret.OSKeyring{}, getenv, nil, logging.Discard())
	svc := New(testutil.OpenDB(t), sec, &events.Recorder{}, logging.Discard(), nil)
	t.Cleanup(func() {
		list, _ := svc.List(context.Background())
		for _, a := range list {
			_ = sec.Delete(keyName(a))
		}
	})
	return svc, sec
}

func ptr(s string) *string { return &s }

func TestResolve(t *testing.T) {
	t.Parallel()
	svc, _ := newTestService(t, map[string]string{"WORK_KEY": "sk-from-env-var"})
	ctx := context.Background()
	dir := t.TempDir()
	mk := func(in Input) Account {
		t.Helper()
		a, err := svc.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	keyed := mk(Input{Backend: "claude", Name: "keyed", APIKey: ptr("fake-key-resolve-1"), ConfigDir: filepath.Join(dir, "c1"),
		Env: map[string]string{"ANTHROPIC_BASE_URL": "http://gw"}})
	sub := mk(Input{Backend: "claude", Name: "sub", ConfigDir: filepath.Join(dir, "c2")})
	envKey := mk(Input{Backend: "codex", Name: "env", APIKeyEnv: "WORK_KEY", ConfigDir: filepath.Join(dir, "codex")})
	oc := mk(Input{Backend: "opencode", Name: "oc", APIKey: ptr("sk-oc-1"), ConfigDir: filepath.Join(dir, "oc")})
	missing := mk(Input{Backend: "codex", Name: "missing", APIKeyEnv: "NOT_SET"})

	tests := []struct {
		name      string
		backend   string
		id        string
		model     string
		billing   string
		env       []string
		unset     []string
		wantErr   error
		errSubstr string
	}{
		{"key and config dir", "claude", keyed.ID, "", BillingAPIKey,
			[]string{"ANTHROPIC_API_KEY=fake-key-resolve-1", "CLAUDE_CONFIG_DIR=" + filepath.Join(dir, "c1"), "ANTHROPIC_BASE_URL=http://gw"}, nil, nil, ""},
		{"default account is the first", "claude", "", "", BillingAPIKey, []string{"ANTHROPIC_API_KEY=fake-key-resolve-1"}, nil, nil, ""},
		{"subscription drops the global key", "claude", sub.ID, "", BillingSubscription,
			[]string{"CLAUDE_CONFIG_DIR=" + filepath.Join(dir, "c2")}, []string{"ANTHROPIC_API_KEY"}, nil, ""},
		{"key from apiKeyEnv", "codex", envKey.ID, "", BillingAPIKey,
			[]string{"CODEX_API_KEY=sk-from-env-var", "OPENAI_API_KEY=sk-from-env-var", "CODEX_HOME=" + filepath.Join(dir, "codex")}, nil, nil, ""},
		{"opencode key goes to the model's provider", "opencode", oc.ID, "openai/gpt-5", BillingAPIKey,
			[]string{"OPENAI_API_KEY=sk-oc-1", "XDG_DATA_HOME=" + filepath.Join(dir, "oc", "data")}, []string(nil), nil, ""},
		{"no account: global keys", "gemini", "", "", BillingSubscription, nil, nil, nil, ""},
		{"wrong backend", "codex", keyed.ID, "", "", nil, nil, ErrWrongBackend, ""},
		{"gone", "claude", "acct-gone", "", "", nil, nil, ErrNotFound, ""},
		{"key variable unset", "codex", missing.ID, "", "", nil, nil, nil, "NOT_SET is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := svc.Resolve(ctx, tt.backend, tt.id, tt.model)
			if tt.wantErr != nil || tt.errSubstr != "" {
				if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) || (tt.errSubstr != "" && !contains(err.Error(), tt.errSubstr)) {
					t.Fatalf("err %v, want %v %q", err, tt.wantErr, tt.errSubstr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Billing != tt.billing {
				t.Fatalf("billing %q, want %q", r.Billing, tt.billing)
			}
			for _, kv := range tt.env {
				if !slices.Contains(r.Env, kv) {
					t.Fatalf("env %q lacks %q", r.Env, kv)
				}
			}
			for _, k := range tt.unset {
				if !slices.Contains(r.Unset, k) {
					t.Fatalf("unset %q lacks %q", r.Unset, k)
				}
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

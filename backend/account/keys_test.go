package account

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/agented/agented/backend/secret"
)

// TestAccountKeySources: an account's key comes from the variable it names when that is set,
// else from the keyring; the list reports what is stored and how the account bills; every
// account's key is named for the redactor, with its variable.
func TestAccountKeySources(t *testing.T) {
	t.Parallel()
	env := map[string]string{"ACCT_TEST_SET": "sk-from-variable"}
	svc, sec := newTestService(t, env)
	ctx := context.Background()
	tests := []struct {
		name        string
		in          Input
		wantKey     string // what a run gets in ANTHROPIC_API_KEY ("" for none)
		wantStored  bool
		wantBilling string
	}{
		{"stored key", Input{Name: "stored", APIKey: ptr("sk-stored-1")}, "sk-stored-1", true, BillingAPIKey},
		{"variable wins over the stored key", Input{Name: "both", APIKey: ptr("sk-stored-2"), APIKeyEnv: "ACCT_TEST_SET"}, "sk-from-variable", true, BillingAPIKey},
		{"variable only", Input{Name: "variable", APIKeyEnv: "ACCT_TEST_SET"}, "sk-from-variable", false, BillingAPIKey},
		{"unset variable falls back to the stored key", Input{Name: "fallback", APIKey: ptr("sk-stored-3"), APIKeyEnv: "ACCT_TEST_UNSET"}, "sk-stored-3", true, BillingAPIKey},
		{"no key", Input{Name: "subscription"}, "", false, BillingSubscription},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Backend = "claude"
			a, err := svc.Create(ctx, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if a.HasAPIKey != tt.wantStored || a.Billing != tt.wantBilling {
				t.Fatalf("account %+v: want hasApiKey %v, billing %q", a, tt.wantStored, tt.wantBilling)
			}
			r, err := svc.Resolve(ctx, "claude", a.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(r.Env, "ANTHROPIC_API_KEY="+tt.wantKey); tt.wantKey != "" && !got {
				t.Fatalf("run env %q lacks the key %q", r.Env, tt.wantKey)
			}
			if v, _, err := sec.Get(secret.AccountKeyName(a.ID, "")); tt.wantStored && (err != nil || v == "") {
				t.Fatalf("keyring item: %q %v", v, err)
			}
		})
	}
	names, err := svc.SecretNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := svc.List(ctx)
	if len(names) != len(list) {
		t.Fatalf("%d secret names for %d accounts", len(names), len(list))
	}
	for _, a := range list {
		if !slices.Contains(names, secret.AccountKeyName(a.ID, a.APIKeyEnv)) {
			t.Fatalf("names %v lack account %s", names, a.ID)
		}
	}
}

// TestAccountEnvRefusesAgentedSecrets: an account's extra variables cannot carry the variables
// that unlock Agented itself, which never reach a CLI.
func TestAccountEnvRefusesAgentedSecrets(t *testing.T) {
	t.Parallel()
	svc, _ := newTestService(t, nil)
	for _, v := range secret.AgentedOnlyEnvVars() {
		t.Run(v, func(t *testing.T) {
			_, err := svc.Create(context.Background(), Input{Backend: "claude", Name: "with " + v, Env: map[string]string{v: "x"}})
			if err == nil || !strings.Contains(err.Error(), v+" is Agented's own secret") {
				t.Fatalf("err = %v, want %s refused", err, v)
			}
		})
	}
}

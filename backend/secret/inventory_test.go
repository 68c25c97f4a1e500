package secret

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// names is a NameLister over a fixed list.
type names []Name

func (n names) SecretNames(context.Context) ([]Name, error) { return n, nil }

// failingLister stands for a list that cannot be read (a database error).
type failingLister struct{}

func (failingLister) SecretNames(context.Context) ([]Name, error) {
	return nil, errors.New("database is closed")
}

// TestInventoryValues: every kind of secret is found, from the keyring and from the environment;
// keyring answers are read once and follow Set and Delete; a list that fails leaves the others.
func TestInventoryValues(t *testing.T) {
	t.Parallel()
	kr := &countingKeyring{MemoryKeyring: NewMemoryKeyring()}
	env := map[string]string{"AGENTED_API_KEY": "env-listener-key", "CODEX_API_KEY": "env-codex-alias",
		"MY_TOOL_KEY": "env-custom-key", "WORK_KEY": "env-account-key"}
	s := New(kr, envMap(env), nil, quiet())
	for n, v := range map[Name]string{
		GitHubWebhookSecretName():            "kr-github-secret",
		GitHubTokenName():                    "kr-github-token",
		ProjectTokenName("prj-1"):            "kr-project-token",
		SentryDSNName():                      "https://kr-public@sentry.example/1",
		ProviderName("anthropic"):            "kr-anthropic-key",
		ProviderName("MY_TOOL_KEY"):          "kr-custom-key",
		TriggerWebhookSecretName("a"):        "kr-trigger-a-secret",
		AccountKeyName("acct-1", ""):         "kr-account-key",
		AccountKeyName("acct-2", "WORK_KEY"): "kr-account-2-key",
	} {
		if err := s.Set(n, v); err != nil {
			t.Fatal(err)
		}
	}
	s.seen = nil // as after a restart: nothing read yet
	inv := NewInventory(s, names{ProviderName("MY_TOOL_KEY")}, failingLister{},
		names{AccountKeyName("acct-1", ""), AccountKeyName("acct-2", "WORK_KEY")},
		names{TriggerWebhookSecretName("a"), TriggerWebhookSecretName("b")},
		NameListerFunc(func(context.Context) ([]Name, error) { return []Name{ProjectTokenName("prj-1")}, nil }))
	got := inv.Values(context.Background())
	want := []string{"env-listener-key", "env-codex-alias", "env-custom-key", "env-account-key", "kr-github-secret",
		"https://kr-public@sentry.example/1", "kr-anthropic-key", "kr-custom-key", "kr-trigger-a-secret", "kr-account-key", "kr-account-2-key",
		"kr-github-token", "kr-project-token"}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("values %q lack %q", got, w)
		}
	}
	cold := kr.gets
	inv.Values(context.Background())
	if kr.gets != cold {
		t.Fatalf("second gathering read the keyring %d more times", kr.gets-cold)
	}
	if err := s.Set(TriggerWebhookSecretName("b"), "kr-trigger-b-secret"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ProviderName("anthropic")); err != nil {
		t.Fatal(err)
	}
	got = inv.Values(context.Background())
	if !slices.Contains(got, "kr-trigger-b-secret") || slices.Contains(got, "kr-anthropic-key") {
		t.Fatalf("after set and delete: %q", got)
	}

	// An unavailable keyring leaves the environment's secrets and what was already read.
	kr.Fail(errors.New("dbus: no reply"))
	s.seen = nil
	got = inv.Values(context.Background())
	if !slices.Contains(got, "env-listener-key") || slices.Contains(got, "kr-github-secret") {
		t.Fatalf("with the keyring down: %q", got)
	}
}

// TestRealKeyringInventoryCost measures gathering the secrets of 50 webhook triggers from a real
// Secret Service, cold and then cached. Run through scripts/with-keyring.sh.
func TestRealKeyringInventoryCost(t *testing.T) {
	s := realStore(t, nil)
	var ids names
	for i := range 50 {
		n := TriggerWebhookSecretName(fmt.Sprintf("cost-%d-%d", time.Now().UnixNano(), i))
		ids = append(ids, n)
		if err := s.Set(n, "secret-for-"+n.Item()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Delete(n) })
	}
	inv := NewInventory(s, ids)
	s.seen = nil
	start := time.Now()
	cold := inv.Values(context.Background())
	coldTook := time.Since(start)
	start = time.Now()
	warm := inv.Values(context.Background())
	warmTook := time.Since(start)
	if len(cold) != 50 || len(warm) != 50 {
		t.Fatalf("found %d then %d secrets, want 50", len(cold), len(warm))
	}
	reads := len(wellKnown()) + len(ids)
	t.Logf("%d names: cold %s (%.2f ms per keyring read), cached %s", reads, coldTook, float64(coldTook.Microseconds())/1000/float64(reads), warmTook)
}

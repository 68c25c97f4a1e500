package secret

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"
)

type staticNames []string

func (s staticNames) CustomKeyNames(context.Context) ([]string, error) { return s, nil }
func (s staticNames) IDs(context.Context) ([]string, error)            { return s, nil }

// countingKeyring counts keyring reads, to show which answers are cached.
type countingKeyring struct {
	*MemoryKeyring
	gets int
}

func (c *countingKeyring) Get(service, user string) (string, error) {
	c.gets++
	return c.MemoryKeyring.Get(service, user)
}

// TestInventoryValues: every kind of secret is found, from the keyring and from the environment;
// keyring answers are read once and follow Set and Delete.
func TestInventoryValues(t *testing.T) {
	t.Parallel()
	kr := &countingKeyring{MemoryKeyring: NewMemoryKeyring()}
	env := map[string]string{"AGENTED_API_KEY": "env-listener-key", "CODEX_API_KEY": "env-codex-alias", "MY_TOOL_KEY": "env-custom-key"}
	s := New(kr, envMap(env), EnvOverrides(), nil, quiet())
	for name, v := range map[string]string{
		NameGitHubWebhookSecret:       "kr-github-secret",
		NameSentryDSN:                 "https://kr-public@sentry.example/1",
		ProviderName("anthropic"):     "kr-anthropic-key",
		ProviderName("MY_TOOL_KEY"):   "kr-custom-key",
		TriggerWebhookSecretName("a"): "kr-trigger-a-secret",
	} {
		if err := s.Set(name, v); err != nil {
			t.Fatal(err)
		}
	}
	s.seen = nil // as after a restart: nothing read yet
	inv := NewInventory(s, staticNames{"MY_TOOL_KEY"}, staticNames{"a", "b"})
	got := inv.Values(context.Background())
	want := []string{"env-listener-key", "env-codex-alias", "env-custom-key", "kr-github-secret", "https://kr-public@sentry.example/1",
		"kr-anthropic-key", "kr-custom-key", "kr-trigger-a-secret"}
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
	if os.Getenv("AGENTED_REAL_KEYRING") != "1" {
		t.Skip("needs a Secret Service: run through scripts/with-keyring.sh")
	}
	s := New(OSKeyring{}, envMap(nil), EnvOverrides(), SessionBusCheck, quiet())
	var ids staticNames
	for i := range 50 {
		id := fmt.Sprintf("cost-%d-%d", time.Now().UnixNano(), i)
		ids = append(ids, id)
		if err := s.Set(TriggerWebhookSecretName(id), fmt.Sprintf("secret-for-%s", id)); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Delete(TriggerWebhookSecretName(id)) })
	}
	inv := NewInventory(s, staticNames{}, ids)
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
	t.Logf("%d names: cold %s (%.2f ms per keyring read), cached %s", 6+len(ids), coldTook, float64(coldTook.Microseconds())/1000/float64(6+len(ids)), warmTook)
}

// TestLookupKeepsKeyringAnswers: a run's key lookup reads the keyring once per name; Set and
// Delete through the store, and a Get (the Settings screen's check), keep later lookups current;
// the environment override wins over both.
func TestLookupKeepsKeyringAnswers(t *testing.T) {
	t.Parallel()
	kr := &countingKeyring{MemoryKeyring: NewMemoryKeyring()}
	env := map[string]string{}
	s := New(kr, envMap(env), EnvOverrides(), nil, quiet())
	name := ProviderName("anthropic")
	if _, _, err := s.Lookup(name); !errors.Is(err, ErrNotFound) {
		t.Fatalf("lookup of an unset key = %v, want ErrNotFound", err)
	}
	if _, _, err := s.Lookup(name); !errors.Is(err, ErrNotFound) || kr.gets != 1 {
		t.Fatalf("second lookup = %v after %d keyring reads, want ErrNotFound after 1", err, kr.gets)
	}
	if err := s.Set(name, "kr-anthropic-one"); err != nil {
		t.Fatal(err)
	}
	if v, src, err := s.Lookup(name); err != nil || v != "kr-anthropic-one" || src != SourceKeyring || kr.gets != 1 {
		t.Fatalf("after Set: %q %v %v with %d reads", v, src, err, kr.gets)
	}
	// Changed behind Agented's back: lookups keep the old answer until a Get reads it again.
	if err := kr.MemoryKeyring.Set(Service, name, "kr-anthropic-two"); err != nil {
		t.Fatal(err)
	}
	if v, _, _ := s.Lookup(name); v != "kr-anthropic-one" {
		t.Fatalf("lookup read the keyring again: %q", v)
	}
	if v, _, err := s.Get(name); err != nil || v != "kr-anthropic-two" {
		t.Fatalf("Get = %q %v", v, err)
	}
	if v, _, _ := s.Lookup(name); v != "kr-anthropic-two" {
		t.Fatalf("lookup after Get = %q", v)
	}
	if err := s.Delete(name); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Lookup(name); !errors.Is(err, ErrNotFound) {
		t.Fatalf("lookup after Delete = %v", err)
	}
	env["ANTHROPIC_API_KEY"] = "env-anthropic"
	if v, src, err := s.Lookup(name); err != nil || v != "env-anthropic" || src != SourceEnv {
		t.Fatalf("with the environment override: %q %v %v", v, src, err)
	}
}

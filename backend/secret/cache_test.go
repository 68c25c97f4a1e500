package secret

import (
	"errors"
	"testing"
)

// countingKeyring counts keyring reads, to show which answers are kept.
type countingKeyring struct {
	*MemoryKeyring
	gets int
}

func (c *countingKeyring) Get(service, user string) (string, error) {
	c.gets++
	return c.MemoryKeyring.Get(service, user)
}

// TestLookupKeepsKeyringAnswers: a run's key lookup reads the keyring once per name; Set and
// Delete through the store, and a Get or State (the Settings screen's check), keep later lookups
// current; the environment variable wins over both. Counting reads needs a fake keyring.
func TestLookupKeepsKeyringAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		secret Name
		envVar string // the variable that overrides it, "" for none
	}{
		{"built-in provider key", ProviderName("anthropic"), "ANTHROPIC_API_KEY"},
		{"custom key", ProviderName("MY_TOOL_KEY"), "MY_TOOL_KEY"},
		{"account key with its own variable", AccountKeyName("acct-1", "WORK_KEY"), "WORK_KEY"},
		{"account key", AccountKeyName("acct-2", ""), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			kr := &countingKeyring{MemoryKeyring: NewMemoryKeyring()}
			env := map[string]string{}
			s := New(kr, envMap(env), nil, quiet())
			n := tt.secret
			if _, _, err := s.Lookup(n); !errors.Is(err, ErrNotFound) {
				t.Fatalf("lookup of an unset key = %v, want ErrNotFound", err)
			}
			if _, _, err := s.Lookup(n); !errors.Is(err, ErrNotFound) || kr.gets != 1 {
				t.Fatalf("second lookup = %v after %d keyring reads, want ErrNotFound after 1", err, kr.gets)
			}
			if err := s.Set(n, "kr-value-one"); err != nil {
				t.Fatal(err)
			}
			if v, src, err := s.Lookup(n); err != nil || v != "kr-value-one" || src != SourceKeyring || kr.gets != 1 {
				t.Fatalf("after Set: %q %v %v with %d reads", v, src, err, kr.gets)
			}
			// Changed behind Agented's back: lookups keep the old answer until a Get reads it again.
			if err := kr.MemoryKeyring.Set(Service, n.Item(), "kr-value-two"); err != nil {
				t.Fatal(err)
			}
			if v, _, _ := s.Lookup(n); v != "kr-value-one" {
				t.Fatalf("lookup read the keyring again: %q", v)
			}
			if v, _, err := s.Get(n); err != nil || v != "kr-value-two" {
				t.Fatalf("Get = %q %v", v, err)
			}
			if v, _, _ := s.Lookup(n); v != "kr-value-two" {
				t.Fatalf("lookup after Get = %q", v)
			}
			if err := s.Delete(n); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Lookup(n); !errors.Is(err, ErrNotFound) {
				t.Fatalf("lookup after Delete = %v", err)
			}
			if err := kr.MemoryKeyring.Set(Service, n.Item(), "kr-value-three"); err != nil {
				t.Fatal(err)
			}
			if !s.State(n).Stored {
				t.Fatal("State did not see the item stored behind Agented's back")
			}
			if v, _, _ := s.Lookup(n); v != "kr-value-three" {
				t.Fatalf("lookup after State = %q", v)
			}
			if tt.envVar == "" {
				return
			}
			env[tt.envVar] = "env-value"
			if v, src, err := s.Lookup(n); err != nil || v != "env-value" || src != SourceEnv {
				t.Fatalf("with %s set: %q %v %v", tt.envVar, v, src, err)
			}
		})
	}
}

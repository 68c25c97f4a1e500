package secret

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// The tests in this file use the real Secret Service: scripts/with-keyring.sh (which `make test`
// uses) runs them inside dbus-run-session with an unlocked throwaway gnome-keyring and sets
// AGENTED_REAL_KEYRING=1. They run one after another: several use the fixed items of the
// listener key, the GitHub secret and the DSN.

// realStore is a Store on the real keyring whose environment is env.
func realStore(t *testing.T, env map[string]string) *Store {
	t.Helper()
	if os.Getenv("AGENTED_REAL_KEYRING") != "1" {
		t.Skip("needs a Secret Service: run through scripts/with-keyring.sh")
	}
	s := New(OSKeyring{}, envMap(env), SessionBusCheck, quiet())
	if st := s.Probe(); !st.Available {
		t.Fatalf("real keyring unavailable: %s", st.Reason)
	}
	return s
}

// secretKinds is one name of every kind, with the variable that overrides it.
var secretKinds = []struct {
	kind   string
	name   Name
	envVar string
}{
	{"built-in provider key", ProviderName("anthropic"), "ANTHROPIC_API_KEY"},
	{"built-in provider key with an alias", ProviderName("openai"), "OPENAI_API_KEY"},
	{"custom key", ProviderName("AGENTED_TEST_CUSTOM_KEY"), "AGENTED_TEST_CUSTOM_KEY"},
	{"account key with its own variable", AccountKeyName("acct-test-env", "AGENTED_TEST_WORK_KEY"), "AGENTED_TEST_WORK_KEY"},
	{"account key", AccountKeyName("acct-test-plain", ""), ""},
	{"listener api key", ListenerAPIKeyName(), "AGENTED_API_KEY"},
	{"github webhook secret", GitHubWebhookSecretName(), "GITHUB_WEBHOOK_SECRET"},
	{"sentry dsn", SentryDSNName(), "SENTRY_DSN"},
	{"trigger webhook secret", TriggerWebhookSecretName("trg-test"), ""},
}

// TestRealKeyringSecrets: for every kind of secret, set, read, the environment variable winning
// and being reported as such, storing refused while it wins, and delete.
func TestRealKeyringSecrets(t *testing.T) {
	for _, tt := range secretKinds {
		t.Run(tt.kind, func(t *testing.T) {
			env := map[string]string{}
			s := realStore(t, env)
			n := tt.name
			t.Cleanup(func() { _ = s.Delete(n) })
			if err := s.Delete(n); err != nil {
				t.Fatalf("delete before the test: %v", err)
			}
			if st := s.State(n); st != (State{EnvVar: tt.envVar}) {
				t.Fatalf("unset: state %+v, want only the variable %q", st, tt.envVar)
			}
			if _, _, err := s.Get(n); !errors.Is(err, ErrNotFound) {
				t.Fatalf("unset: Get err = %v, want ErrNotFound", err)
			}

			if err := s.Set(n, "stored-"+tt.kind); err != nil {
				t.Fatal(err)
			}
			if v, src, err := s.Get(n); err != nil || v != "stored-"+tt.kind || src != SourceKeyring {
				t.Fatalf("stored: Get = %q %q %v", v, src, err)
			}
			if st := s.State(n); !st.Stored || st.FromEnv || st.Source() != SourceKeyring {
				t.Fatalf("stored: state %+v", st)
			}
			if err := s.Writable(n); err != nil {
				t.Fatalf("stored: Writable = %v", err)
			}

			if tt.envVar != "" {
				env[tt.envVar] = " from-env " // trimmed, as a shell might leave it
				for what, get := range map[string]func(Name) (string, Source, error){"Get": s.Get, "Lookup": s.Lookup} {
					if v, src, err := get(n); err != nil || v != "from-env" || src != SourceEnv {
						t.Fatalf("%s set: %s = %q %q %v, want the variable's value", tt.envVar, what, v, src, err)
					}
				}
				if st := s.State(n); !st.Stored || !st.FromEnv || st.EnvVar != tt.envVar || st.Source() != SourceEnv {
					t.Fatalf("%s set: state %+v", tt.envVar, st)
				}
				err := s.Writable(n)
				if !errors.Is(err, ErrSetByEnv) || !strings.Contains(err.Error(), tt.envVar) {
					t.Fatalf("%s set: Writable = %v, want ErrSetByEnv naming it", tt.envVar, err)
				}
				delete(env, tt.envVar)
				if v, _, _ := s.Get(n); v != "stored-"+tt.kind {
					t.Fatalf("%s unset again: Get = %q, want the stored value", tt.envVar, v)
				}
			}

			if err := s.Delete(n); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Lookup(n); !errors.Is(err, ErrNotFound) {
				t.Fatalf("deleted: Lookup err = %v", err)
			}
			if st := s.State(n); st.Stored {
				t.Fatalf("deleted: state %+v", st)
			}
			if err := s.Delete(n); err != nil {
				t.Fatalf("deleting again: %v", err)
			}
		})
	}
}

// TestRealKeyringReadsExistingItems: items stored by earlier versions, under the item names
// users' keyrings hold, are found by the names this package builds. A renamed scheme must keep
// this test passing (read the old item, move it), or users lose their keys on upgrade.
func TestRealKeyringReadsExistingItems(t *testing.T) {
	tests := []struct {
		item string
		name Name
	}{
		{"provider:anthropic", ProviderName("anthropic")},
		{"provider:google", ProviderName("google")},
		{"provider:OPENROUTER_API_KEY", ProviderName("OPENROUTER_API_KEY")},
		{"account:acct-0001", AccountKeyName("acct-0001", "")},
		{"account:acct-0002", AccountKeyName("acct-0002", "SOME_VAR")},
		{"trigger:webhook-secret:trg-0001", TriggerWebhookSecretName("trg-0001")},
		{"listener:api-key", ListenerAPIKeyName()},
		{"github:webhook-secret", GitHubWebhookSecretName()},
		{"sentry:dsn", SentryDSNName()},
	}
	for _, tt := range tests {
		t.Run(tt.item, func(t *testing.T) {
			s := realStore(t, nil)
			if err := keyring.Set("agented", tt.item, "existing-"+tt.item); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = keyring.Delete("agented", tt.item) })
			if v, src, err := s.Get(tt.name); err != nil || v != "existing-"+tt.item || src != SourceKeyring {
				t.Fatalf("Get(%s) = %q %q %v", tt.name, v, src, err)
			}
		})
	}
}

// TestRealKeyringNeverLogsValues: storing, reading, overriding and deleting log the item name and
// never the value.
func TestRealKeyringNeverLogsValues(t *testing.T) {
	const marker = "marker-value-7f3a9c"
	env := map[string]string{}
	s := realStore(t, env)
	var buf bytes.Buffer
	s.log = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, tt := range secretKinds {
		n := tt.name
		t.Cleanup(func() { _ = s.Delete(n) })
		if err := s.Set(n, marker); err != nil {
			t.Fatal(err)
		}
		_, _, _ = s.Get(n)
		_, _, _ = s.Lookup(n)
		_ = s.State(n)
		if tt.envVar != "" {
			env[tt.envVar] = marker
			_ = s.Writable(n)
			_, _, _ = s.Get(n)
		}
		if err := s.Delete(n); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(buf.String(), marker) {
		t.Fatalf("a secret's value reached the log:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), `"name":"listener:api-key"`) {
		t.Fatalf("the log does not name what was stored:\n%s", buf.String())
	}
}

// TestRealKeyringWithoutSessionBus: with no session bus (a headless server), every operation
// fails with ErrUnavailable saying why and which variable to set instead, nothing is stored
// elsewhere, and the variables still work. It runs the real adapter in a child process: godbus
// keeps a working session bus per process, so this cannot run in-process.
func TestRealKeyringWithoutSessionBus(t *testing.T) {
	if os.Getenv("AGENTED_NO_BUS_CHILD") != "1" {
		if os.Getenv("AGENTED_REAL_KEYRING") != "1" {
			t.Skip("needs a Secret Service: run through scripts/with-keyring.sh")
		}
		// Empty values count as unset for SessionBusCheck, and later entries win in exec.
		runChild(t, "TestRealKeyringWithoutSessionBus", "DBUS_SESSION_BUS_ADDRESS=", "XDG_RUNTIME_DIR=", "AGENTED_NO_BUS_CHILD=1")
		return
	}
	env := map[string]string{"AGENTED_API_KEY": "listener-key-from-env"}
	s := New(OSKeyring{}, envMap(env), SessionBusCheck, quiet())
	st := s.Probe()
	if st.Available || !strings.HasPrefix(st.Reason, "OS keyring unavailable: no D-Bus session bus") {
		t.Fatalf("status = %+v", st)
	}
	for _, tt := range secretKinds {
		t.Run(tt.kind, func(t *testing.T) {
			ops := map[string]error{"Set": s.Set(tt.name, "some-value"), "Delete": s.Delete(tt.name)}
			if env[tt.envVar] == "" {
				_, _, ops["Get"] = s.Get(tt.name)
				_, _, ops["Lookup"] = s.Lookup(tt.name)
			}
			for op, err := range ops {
				if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "no D-Bus session bus") {
					t.Errorf("%s: err = %v, want ErrUnavailable saying why", op, err)
				}
				if tt.envVar != "" && !strings.Contains(err.Error(), "set "+tt.envVar+" in the environment instead") {
					t.Errorf("%s: err = %v, want it to name %s", op, err, tt.envVar)
				}
			}
			if st := s.State(tt.name); st.Stored || st.EnvVar != tt.envVar || st.FromEnv != (env[tt.envVar] != "") {
				t.Errorf("state %+v", st)
			}
		})
	}
	if v, src, err := s.Get(ListenerAPIKeyName()); err != nil || v != "listener-key-from-env" || src != SourceEnv {
		t.Fatalf("the variable does not stand in for the keyring: %q %q %v", v, src, err)
	}
}

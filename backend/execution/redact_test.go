package execution

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// customNames names custom keys, as secret.Keys does for the inventory.
type customNames []string

func (c customNames) SecretNames(context.Context) ([]secret.Name, error) {
	var out []secret.Name
	for _, n := range c {
		out = append(out, secret.ProviderName(n))
	}
	return out, nil
}

// TestOutputRedactsEverySecret: a CLI that prints secrets it was never given (the listener key,
// a webhook secret, another backend's provider key, a custom key) has each replaced by
// [REDACTED] in the stored lines, the live batches, the transcript and the usage.
func TestOutputRedactsEverySecret(t *testing.T) {
	t.Parallel()
	const (
		listenerKey = "listener-key-7f3a9c1e5b"                  // from AGENTED_API_KEY
		githubHook  = "gh-hook-secret-0d9e8f7a"                  // from the keyring
		triggerHook = "trigger-hook-secret-41c2b3a4"             // a webhook trigger's secret
		openaiKey   = "sk-openai-not-the-run-backend-9182736455" // another backend's key
		customKey   = "or-custom-key-5a6b7c8d9e"                 // a custom key
	)
	leaked := []string{listenerKey, githubHook, triggerHook, openaiKey, customKey}
	kr := secret.NewMemoryKeyring()
	env := map[string]string{"AGENTED_API_KEY": listenerKey}
	st := secret.New(kr, func(k string) string { return env[k] }, nil, logging.Discard())
	for name, v := range map[secret.Name]string{
		secret.GitHubWebhookSecretName():      githubHook,
		secret.ProviderName("openai"):         openaiKey,
		secret.ProviderName("OPENROUTER_KEY"): customKey,
	} {
		if err := st.Set(name, v); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, harnessOpts{
		env: []string{"FAKEAGENT_LEAK=" + strings.Join(leaked, "\n")},
		secrets: func(h *harness) SecretSource {
			return secret.NewInventory(st, customNames{"OPENROUTER_KEY"}, h.triggers)
		},
	})
	tr := h.newTrigger("leaky", "claude", func(tr *trigger.Trigger) { tr.PromptTemplate = "[fake:leak] {message}" })
	// The trigger's secret is stored after the store answered for it once: the cache must follow.
	_ = st.Values([]secret.Name{secret.TriggerWebhookSecretName(tr.ID)})
	if err := st.Set(secret.TriggerWebhookSecretName(tr.ID), triggerHook); err != nil {
		t.Fatal(err)
	}
	ex := h.submit(tr, "go")
	done := h.wait(ex.ID, 60*time.Second, StatusSuccess, StatusFailed)

	var stored strings.Builder
	for _, l := range h.allLines(ex.ID) {
		stored.WriteString(l.Text + "\n")
	}
	var live strings.Builder
	for _, e := range h.rec.Named(events.ExecutionLog(ex.ID)) {
		for _, l := range e.Payload.(LogBatch).Lines {
			live.WriteString(l.Text + "\n")
		}
	}
	entries, err := h.engine.Transcript(context.Background(), ex.ID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	transcript, _ := json.Marshal(entries)
	final, _ := json.Marshal(done)
	views := map[string]string{"stored lines": stored.String(), "live batches": live.String(),
		"transcript": string(transcript), "execution": string(final)}
	for view, text := range views {
		for _, s := range leaked {
			if strings.Contains(text, s) {
				t.Errorf("%s show the secret %q", view, s)
			}
		}
	}
	for _, view := range []string{"stored lines", "live batches", "transcript"} {
		if n := strings.Count(views[view], redactedMark); n < len(leaked) {
			t.Errorf("%s hold %d %s, want at least %d:\n%s", view, n, redactedMark, len(leaked), clip(views[view], 2000))
		}
	}
}

// BenchmarkRedactorScan measures checking one 512 KiB read of stream-json for secrets, by how
// many secrets Agented knows: every run is now redacted of all of them, not only its own keys.
func BenchmarkRedactorScan(b *testing.B) {
	line := `{"type":"assistant","message":{"content":[{"type":"text","text":"Reading the README and the tests; nothing to change in main.go yet."}]},"session_id":"5abe0e38-1c2d"}` + "\n"
	data := []byte(strings.Repeat(line, (512<<10)/len(line)))
	for _, n := range []int{1, 10, 50} {
		// Keys and webhook secrets look random: 40 characters of the base64url alphabet.
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		var secrets []string
		for range n {
			key := make([]byte, 40)
			for i := range key {
				key[i] = alphabet[rng.IntN(len(alphabet))]
			}
			secrets = append(secrets, string(key))
		}
		r := newRedactor(secrets)
		b.Run(fmt.Sprintf("%d secrets", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if r.in(data) {
					b.Fatal("found a secret that is not there")
				}
			}
		})
	}
}

// TestRedactorFindsSharedProbes: secrets filed under the same probe byte are all found, wherever
// the probe byte sits in each of them and wherever they sit in the data.
func TestRedactorFindsSharedProbes(t *testing.T) {
	t.Parallel()
	secrets := []string{"aaQbbbbbbb", "QccccccccQ", "ddddddddQe", "KeyWithZandQ", "short", "tiny-secret-kq-in-key-of-QKey", "no"}
	r := newRedactor(secrets)
	if len(r.probes) > 2 {
		t.Fatalf("%d probes for secrets that share Q and K", len(r.probes))
	}
	tests := []struct {
		name, data, want string
	}{
		{"none", "nothing Q to see here K\n", "nothing Q to see here K\n"},
		{"at the start", "aaQbbbbbbb and more\n", "[REDACTED] and more\n"},
		{"probe first", "xQccccccccQ\n", "x[REDACTED]\n"},
		{"probe near the end", "say ddddddddQe\n", "say [REDACTED]\n"},
		{"at the very end", "end KeyWithZandQ", "end [REDACTED]"},
		{"probe byte repeated before", "QQQQaaQbbbbbbb\n", "QQQQ[REDACTED]\n"},
		{"no probe byte at all", "a short one\n", "a [REDACTED] one\n"},
		{"too short to redact", "no\n", "no\n"},
		{"cut short", "aaQbbbbbb\n", "aaQbbbbbb\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := []byte(tt.data)
			if found := r.in(data); found != (tt.want != tt.data) {
				t.Fatalf("in(%q) = %v", tt.data, found)
			}
			if got := string(r.bytes(data)); got != tt.want {
				t.Fatalf("bytes(%q) = %q, want %q", tt.data, got, tt.want)
			}
		})
	}
}

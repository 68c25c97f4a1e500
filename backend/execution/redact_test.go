package execution

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

type customNames []string

func (c customNames) CustomKeyNames(context.Context) ([]string, error) { return c, nil }

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
	st := secret.New(kr, func(k string) string { return env[k] }, secret.EnvOverrides(), nil, logging.Discard())
	for name, v := range map[string]string{
		secret.NameGitHubWebhookSecret:        githubHook,
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
	_ = st.Values([]string{secret.TriggerWebhookSecretName(tr.ID)})
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

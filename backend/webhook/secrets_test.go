package webhook

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/validation"
)

func TestTriggerSecretSetAndClear(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	tr := e.trigger(webhookTrigger("", ""))
	gh := e.trigger(githubTrigger("", ""))
	bad := []struct{ name, id, value string }{
		{"too short", tr.ID, "short"},
		{"too long", tr.ID, strings.Repeat("x", 257)},
		{"space", tr.ID, "has a space"},
		{"tab", tr.ID, "tab\tinside"},
		{"github trigger", gh.ID, "long-enough-secret"},
	}
	for _, b := range bad {
		var ve *validation.Errors
		if _, err := e.svc.SetTriggerSecret(ctx, b.id, b.value); !errors.As(err, &ve) || ve.Fields["webhookSecret"] == "" {
			t.Errorf("%s: err = %v", b.name, err)
		}
	}
	if _, err := e.svc.SetTriggerSecret(ctx, "trig-missing", "long-enough-secret"); !errors.Is(err, trigger.ErrNotFound) {
		t.Fatalf("missing trigger: %v", err)
	}
	// Deliveries keep the set of triggers with a secret between them: the set read here must not
	// outlive the secret set next.
	if res := e.generic(`{"text":"before"}`, nil); len(res.Body.(GenericResponse).Dispatched) != 1 {
		t.Fatal("unsigned delivery refused before any secret was set")
	}
	got, err := e.svc.SetTriggerSecret(ctx, tr.ID, "long-enough-secret")
	if err != nil || !got.HasWebhookSecret {
		t.Fatalf("set: %+v %v", got, err)
	}
	if v, _, _ := e.secrets.Get(secret.TriggerWebhookSecretName(tr.ID)); v != "long-enough-secret" {
		t.Fatal("secret not in the keyring")
	}
	if re, _ := e.triggers.Get(ctx, tr.ID); !re.HasWebhookSecret {
		t.Fatal("trigger service does not report the secret")
	}
	if strings.Contains(e.logs.String(), "long-enough-secret") {
		t.Fatal("secret value logged")
	}
	if res := e.generic(`{"text":"x"}`, nil); len(res.Body.(GenericResponse).Dispatched) != 0 {
		t.Fatal("unsigned delivery ran a trigger with a secret")
	}
	got, err = e.svc.ClearTriggerSecret(ctx, tr.ID)
	if err != nil || got.HasWebhookSecret || e.count("webhook_trigger_secrets") != 0 {
		t.Fatalf("clear: %+v %v", got, err)
	}
	if res := e.generic(`{"text":"y"}`, nil); len(res.Body.(GenericResponse).Dispatched) != 1 {
		t.Fatal("cleared secret still required")
	}
}

func TestTriggerSecretFailsClosedWhenKeyringBreaks(t *testing.T) {
	t.Parallel()
	kr := secret.NewMemoryKeyring()
	e := newEnv(t)
	e.secrets = secret.New(kr, func(string) string { return "" }, nil, e.svc.log)
	e.svc.secrets = e.secrets
	tr := e.trigger(webhookTrigger("", ""))
	other := e.trigger(webhookTrigger("", ""))
	if _, err := e.svc.SetTriggerSecret(context.Background(), tr.ID, "long-enough-secret"); err != nil {
		t.Fatal(err)
	}
	kr.Fail(errors.New("dbus: no reply"))
	body := `{"text":"x"}`
	res := e.generic(body, jsonHeader(HeaderWebhookSignature, Sign([]byte("long-enough-secret"), []byte(body))))
	r := res.Body.(GenericResponse)
	if len(r.Dispatched) != 1 || r.Dispatched[0].TriggerID != other.ID || len(r.Skipped) != 1 || r.Skipped[0].Code != SkipSecret {
		t.Fatalf("%+v", r)
	}
}

package webhook

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/validation"
)

func TestExampleBodyMatchesTrigger(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tr   trigger.Trigger
	}{
		{"nested string", trigger.Trigger{MatchFieldPath: "event.type", MatchFieldValue: "deploy"}},
		{"number in array", trigger.Trigger{MatchFieldPath: "items.1.count", MatchFieldValue: "4.0"}},
		{"bool and keyword", trigger.Trigger{MatchFieldPath: "ok", MatchFieldValue: "true", DetectionKeyword: "ALERT", TextFieldPath: "msg.text"}},
		{"quoted number", trigger.Trigger{MatchFieldPath: "id", MatchFieldValue: `"42"`}},
		{"no match rule", trigger.Trigger{DetectionKeyword: "it's"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			tt.tr.TriggerSource = trigger.SourceWebhook
			tr := e.trigger(tt.tr)
			ex, err := e.svc.Example(context.Background(), tr.ID, "http://localhost:20000/")
			if err != nil {
				t.Fatal(err)
			}
			if ex.URL != "http://localhost:20000/" || ex.SignCommand != "" || !strings.Contains(ex.Curl, "curl -sS -X POST 'http://localhost:20000/'") {
				t.Fatalf("example %+v", ex)
			}
			res := e.generic(ex.Body, nil)
			if len(res.Body.(GenericResponse).Dispatched) != 1 {
				t.Fatalf("the sample body does not start the trigger:\n%s\n%s", ex.Body, mustJSON(t, res.Body))
			}
		})
	}
}

func TestExampleWithSecretNeverShowsIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	tr := e.trigger(webhookTrigger("kind", "build"))
	const sec = "example-secret-123"
	if _, err := e.svc.SetTriggerSecret(ctx, tr.ID, sec); err != nil {
		t.Fatal(err)
	}
	ex, err := e.svc.Example(ctx, tr.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(mustJSON(t, ex), sec) || !ex.HasSecret || ex.URL != DefaultBaseURL+"/" ||
		!strings.Contains(ex.SignCommand, `openssl dgst -sha256 -hmac "$SECRET"`) || !strings.Contains(ex.Curl, HeaderWebhookSignature+": $SIG") {
		t.Fatalf("example %+v", ex)
	}
	// Run the signing line for real (make test installs openssl): it must produce the signature
	// the service accepts.
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatal("openssl is needed to check the signing command users copy: apt-get install openssl")
	}
	body, _, _ := strings.Cut(strings.TrimPrefix(ex.Curl, "BODY="), "\n")
	script := "BODY=" + body + "\n" + ex.SignCommand + "\nprintf '%s' \"$SIG\""
	cmd := exec.Command("sh", "-c", script)
	cmd.Env = append(os.Environ(), "SECRET="+sec)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sig := string(out)
	compact, _ := Canonical(mustDecode(t, ex.Body))
	if sig != Sign([]byte(sec), compact) {
		t.Fatalf("openssl gave %q", sig)
	}
	res := e.generic(string(compact), jsonHeader(HeaderWebhookSignature, sig))
	if len(res.Body.(GenericResponse).Dispatched) != 1 {
		t.Fatalf("signed sample refused: %s", mustJSON(t, res.Body))
	}
}

func TestExampleGitHubAndOthers(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	ctx := context.Background()
	tr := e.trigger(githubTrigger("acme/*", "pull_request:labeled"))
	ex, err := e.svc.Example(ctx, tr.ID, "https://hooks.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if ex.URL != "https://hooks.example.com/api/webhooks/github" || !ex.HasSecret || strings.Contains(mustJSON(t, ex), ghSecret) ||
		!strings.Contains(ex.SignCommand, "$GITHUB_WEBHOOK_SECRET") || !strings.Contains(ex.Curl, "X-GitHub-Event: pull_request") {
		t.Fatalf("example %+v", ex)
	}
	compact, _ := Canonical(mustDecode(t, ex.Body))
	res := e.gh("pull_request", string(compact), true, "")
	if res.Status != 202 {
		t.Fatalf("github sample refused: %d %s", res.Status, mustJSON(t, res.Body))
	}
	manual := e.trigger(trigger.Trigger{TriggerSource: trigger.SourceManual})
	var ve *validation.Errors
	if _, err := e.svc.Example(ctx, manual.ID, ""); !errors.As(err, &ve) {
		t.Fatalf("manual trigger: %v", err)
	}
}

package webhook

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
)

func TestGenericRejectsAndChallenge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		header     http.Header
		status     int
		want       string // substring of the JSON response
		outcome    string
	}{
		{"challenge", `{"type":"url_verification","challenge":"abc123"}`, nil, 200, `"challenge":"abc123"`, OutcomeChallenge},
		{"empty challenge is an ordinary payload", `{"type":"url_verification","challenge":""}`, nil, 200, `"dispatched":[]`, OutcomeNoMatch},
		{"text/plain", `{"a":1}`, http.Header{"Content-Type": {"text/plain"}}, 415, "Content-Type must be application/json", OutcomeRejected},
		{"no content type", `{"a":1}`, http.Header{}, 415, "Content-Type must be application/json", OutcomeRejected},
		{"json with charset", `{"a":1}`, http.Header{"Content-Type": {"application/json; charset=utf-8"}}, 200, `"dispatched":[]`, OutcomeNoMatch},
		{"vendor +json", `{"a":1}`, http.Header{"Content-Type": {"application/vnd.x+json"}}, 200, `"dispatched":[]`, OutcomeNoMatch},
		{"array body", `[{"a":1}]`, nil, 400, "expected object", OutcomeRejected},
		{"string body", `"x"`, nil, 400, "expected object", OutcomeRejected},
		{"malformed", `{"a":`, nil, 400, "invalid JSON body", OutcomeRejected},
		{"trailing garbage", `{"a":1} x`, nil, 400, "invalid JSON body", OutcomeRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			if tt.outcome == OutcomeNoMatch {
				e.trigger(webhookTrigger("never", "there")) // accepted bodies reach the triggers
			} else {
				e.trigger(webhookTrigger("", "")) // would match anything: proves nothing is dispatched
			}
			e.check(e.generic(tt.body, tt.header), tt.status, tt.want, tt.outcome)
			if n := len(e.disp.requests()); n != 0 {
				t.Fatalf("%d runs dispatched", n)
			}
		})
	}
}

// check asserts status, response and the recorded delivery.
func (e *env) check(res Result, status int, want, outcome string) {
	e.t.Helper()
	body := mustJSON(e.t, res.Body)
	if res.Status != status || !strings.Contains(body, want) {
		e.t.Fatalf("status %d body %s; want %d containing %s", res.Status, body, status, want)
	}
	d := e.delivery(res.DeliveryID)
	if d.Outcome != outcome || d.StatusCode != status || d.Response != body {
		e.t.Fatalf("recorded %+v; want outcome %s", d, outcome)
	}
	if len(e.rec.Named("webhook:delivery")) == 0 {
		e.t.Fatal("no webhook:delivery event")
	}
}

func TestGenericMatchKeywordAndText(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	deploy := e.trigger(webhookTrigger("event.type", "deploy"))
	count := e.trigger(webhookTrigger("count", "4"))
	kw := e.trigger(trigger.Trigger{TriggerSource: trigger.SourceWebhook, DetectionKeyword: "URGENT", TextFieldPath: "msg.body"})
	res := e.generic(`{"event":{"type":"deploy"},"count":4.0,"msg":{"body":"this is URGENT"},"text":"hello"}`, nil)
	if res.Status != http.StatusAccepted {
		t.Fatalf("status %d: %+v", res.Status, res.Body)
	}
	reqs := e.disp.requests()
	got := map[string]string{}
	for _, r := range reqs {
		if r.Kind != execution.KindWebhook {
			t.Fatalf("kind %s", r.Kind)
		}
		got[r.TriggerID] = r.Message
	}
	want := map[string]string{deploy.ID: "hello", count.ID: "hello", kw.ID: "this is URGENT"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("dispatched %v, want %v", got, want)
	}
	resp := res.Body.(GenericResponse)
	if len(resp.Dispatched) != 3 || resp.Dispatched[0].ExecutionID == "" || len(resp.Duplicates) != 0 {
		t.Fatalf("response %+v", resp)
	}

	// Nothing matches: 200, empty lists, and the log says why per trigger.
	res = e.generic(`{"event":{"type":"build"},"count":"4","msg":{"body":"urgent"}}`, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	m := asJSON(t, res.Body)
	if fmt.Sprint(m) != "map[dispatched:[] duplicates:[] skipped:[]]" {
		t.Fatalf("no-match response %v", m)
	}
	d := e.delivery(res.DeliveryID)
	codes := map[string]string{}
	for _, s := range d.Skipped {
		codes[s.TriggerID] = s.Code
	}
	if codes[deploy.ID] != SkipNoMatch || codes[count.ID] != SkipNoMatch || codes[kw.ID] != SkipKeyword {
		t.Fatalf("skips %+v", d.Skipped)
	}
	if e.count("webhook_dedup_keys") != 3 {
		t.Fatalf("non-matching delivery created dedup keys: %d", e.count("webhook_dedup_keys"))
	}
}

func TestGenericPerTriggerSecret(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const body = `{"text":"go"}`
	tests := []struct {
		name, header string
		signed       bool // the secured trigger runs
		signature    string
	}{
		{"valid", Sign([]byte("trigger-secret-1"), []byte(body)), true, SigValid},
		{"wrong secret", Sign([]byte("another-secret"), []byte(body)), false, SigInvalid},
		{"malformed", "sha256=nothex", false, SigInvalid},
		{"missing", "", false, SigMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			secured := e.trigger(webhookTrigger("", ""))
			open := e.trigger(webhookTrigger("", ""))
			if _, err := e.svc.SetTriggerSecret(ctx, secured.ID, "trigger-secret-1"); err != nil {
				t.Fatal(err)
			}
			h := jsonHeader()
			if tt.header != "" {
				h.Set(HeaderWebhookSignature, tt.header)
			}
			res := e.generic(body, h)
			ran := map[string]bool{}
			for _, r := range e.disp.requests() {
				ran[r.TriggerID] = true
			}
			if !ran[open.ID] || ran[secured.ID] != tt.signed {
				t.Fatalf("ran %v; secured should run: %v", ran, tt.signed)
			}
			d := e.delivery(res.DeliveryID)
			if d.Signature != tt.signature || d.Headers[HeaderWebhookSignature] != map[bool]string{true: Redacted, false: ""}[tt.header != ""] {
				t.Fatalf("signature %s headers %v", d.Signature, d.Headers)
			}
			if !tt.signed {
				resp := res.Body.(GenericResponse)
				if len(resp.Skipped) != 1 || resp.Skipped[0].Code != SkipSignature || resp.Skipped[0].TriggerID != secured.ID {
					t.Fatalf("skipped %+v", resp.Skipped)
				}
				if !strings.Contains(e.logs.String(), "signature") {
					t.Fatal("no warning logged")
				}
			}
		})
	}
}

func TestGenericDedupWindow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tr := e.trigger(webhookTrigger("", ""))
	first := e.generic(`{"a":1,"b":{"c":2}}`, nil)
	e.clock.Advance(9 * time.Second)
	dup := e.generic(`{"b":{"c":2},"a":1}`, nil) // same payload, other key order
	if first.Status != 202 || dup.Status != 202 {
		t.Fatalf("statuses %d %d", first.Status, dup.Status)
	}
	if r := dup.Body.(GenericResponse); len(r.Dispatched) != 0 || len(r.Duplicates) != 1 || r.Duplicates[0] != tr.ID {
		t.Fatalf("duplicate response %+v", r)
	}
	if d := e.delivery(dup.DeliveryID); d.Outcome != OutcomeDuplicate {
		t.Fatalf("outcome %s", d.Outcome)
	}
	other := e.generic(`{"a":2}`, nil)
	if len(other.Body.(GenericResponse).Dispatched) != 1 {
		t.Fatal("a different payload was treated as a duplicate")
	}
	e.clock.Advance(2 * time.Second) // 11 s after the first
	again := e.generic(`{"a":1,"b":{"c":2}}`, nil)
	if len(again.Body.(GenericResponse).Dispatched) != 1 {
		t.Fatalf("after the window: %+v", again.Body)
	}
	if n := len(e.disp.requests()); n != 3 {
		t.Fatalf("%d runs, want 3", n)
	}
}

func TestGenericDedupSurvivesRestart(t *testing.T) {
	t.Parallel()
	path := tempDBPath(t)
	c := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	d1 := openFileDB(t, path)
	e1 := newEnvWithDB(t, d1, c)
	e1.trigger(webhookTrigger("", ""))
	if res := e1.generic(`{"x":1}`, nil); len(res.Body.(GenericResponse).Dispatched) != 1 {
		t.Fatalf("first: %+v", res.Body)
	}
	if err := d1.Close(); err != nil {
		t.Fatal(err)
	}
	c.Advance(3 * time.Second)
	d2 := openFileDB(t, path)
	t.Cleanup(func() { _ = d2.Close() })
	e2 := newEnvWithDB(t, d2, c)
	res := e2.generic(`{"x":1}`, nil)
	if r := res.Body.(GenericResponse); len(r.Dispatched) != 0 || len(r.Duplicates) != 1 {
		t.Fatalf("after restart: %+v", r)
	}
}

// TestGenericPartialStorageFailure: one trigger's run is stored, another's fails on storage,
// a third is refused by policy. The delivery is answered 503 with Retry-After (the sender must
// retry, or the failed run is lost) and recorded with the full story; the retry within the dedup
// window queues the failed and the refused trigger and reports the stored one as a duplicate.
func TestGenericPartialStorageFailure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	busy := e.trigger(webhookTrigger("", ""))
	broken := e.trigger(webhookTrigger("", ""))
	ok := e.trigger(webhookTrigger("", ""))
	e.disp.fail[busy.ID] = fmt.Errorf("%w (busy)", execution.ErrSkipped)
	e.disp.fail[broken.ID] = fmt.Errorf("insert: disk I/O error")
	res := e.generic(`{"text":"x"}`, nil)
	msg := res.Body.(ErrorBody).Error
	if res.Status != http.StatusServiceUnavailable || res.RetryAfter != RetryAfterSeconds ||
		!strings.Contains(msg, "1 of 2 run(s) could not be stored; retry") || strings.Contains(msg, "disk") {
		t.Fatalf("status %d retry-after %d %q (internal errors must not leak)", res.Status, res.RetryAfter, msg)
	}
	d := e.delivery(res.DeliveryID)
	if d.Outcome != OutcomeError || d.StatusCode != 503 || len(d.Runs) != 1 || d.Runs[0].TriggerID != ok.ID ||
		len(d.Skipped) != 2 || d.Skipped[0].Code != SkipRefused || d.Skipped[1].Code != SkipError {
		t.Fatalf("delivery %+v", d)
	}
	// The sender retries after Retry-After, inside the dedup window.
	delete(e.disp.fail, busy.ID)
	delete(e.disp.fail, broken.ID)
	e.clock.Advance(RetryAfterSeconds * time.Second)
	again := e.generic(`{"text":"x"}`, nil)
	r := again.Body.(GenericResponse)
	if again.Status != 202 || len(r.Dispatched) != 2 || len(r.Duplicates) != 1 || r.Duplicates[0] != ok.ID {
		t.Fatalf("retry %d %+v", again.Status, r)
	}
	perTrigger := map[string]int{}
	for _, req := range e.disp.requests() {
		perTrigger[req.TriggerID]++
	}
	if perTrigger[ok.ID] != 1 || perTrigger[broken.ID] != 1 || perTrigger[busy.ID] != 1 {
		t.Fatalf("runs per trigger %v: each must run exactly once", perTrigger)
	}
}

// TestGenericFlagWithoutSecretFailsClosed: a trigger flagged as signed whose secret is missing
// from the keyring (a half-finished SetTriggerSecret, a keyring wiped outside the app) refuses
// unsigned and signed deliveries alike instead of running unchecked.
func TestGenericFlagWithoutSecretFailsClosed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	flagged := e.trigger(webhookTrigger("", ""))
	if _, err := e.db.Writer.Exec(`INSERT INTO webhook_trigger_secrets(trigger_id, set_at) VALUES(?, ?)`,
		flagged.ID, "2026-01-01T00:00:00.000Z"); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []string{"", Sign([]byte("guessed-secret"), []byte(`{"text":"go"}`))} {
		h := jsonHeader()
		if sig != "" {
			h.Set(HeaderWebhookSignature, sig)
		}
		e.generic(`{"text":"go"}`, h)
	}
	if reqs := e.disp.requests(); len(reqs) != 0 {
		t.Fatalf("a flagged trigger without its secret ran: %+v", reqs)
	}
}

package webhook

import (
	"context"
	"testing"
	"time"
)

// TestGenericSenderGoneStartsNothing: a delivery whose sender hung up before its runs were
// stored starts no run and claims no dedup key; the log records it (499, error). The sender's
// retry of the same payload is then dispatched: nothing of the first attempt stands in its way.
func TestGenericSenderGoneStartsNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.trigger(webhookTrigger("", ""))
	e.trigger(webhookTrigger("", ""))
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	res := e.svc.HandleGeneric(gone, Inbound{Header: jsonHeader(), Body: []byte(`{"text":"x"}`), RemoteIP: "192.0.2.1"})
	if res.Status != statusSenderGone {
		t.Fatalf("status %d, want %d", res.Status, statusSenderGone)
	}
	if n := len(e.disp.requests()); n != 0 {
		t.Fatalf("%d runs queued for a sender that had gone", n)
	}
	if n := e.count("webhook_dedup_keys"); n != 0 {
		t.Fatalf("%d dedup keys left behind", n)
	}
	d := e.delivery(res.DeliveryID)
	if d.StatusCode != statusSenderGone || d.Outcome != OutcomeError || len(d.Runs) != 0 {
		t.Fatalf("delivery %+v", d)
	}

	again := e.generic(`{"text":"x"}`, nil)
	if r, ok := again.Body.(GenericResponse); again.Status != 202 || !ok || len(r.Dispatched) != 2 || len(r.Duplicates) != 0 {
		t.Fatalf("retry: %d %s", again.Status, mustJSON(t, again.Body))
	}
	if n := len(e.disp.requests()); n != 2 {
		t.Fatalf("%d runs after the retry, want one per trigger", n)
	}
}

// TestGenericTooLateIsShed: a delivery whose request passed the deadline the listener gives it
// (an overloaded machine) before its runs were stored is answered 503 with Retry-After and
// starts nothing, so the sender, still listening, sends it again instead of timing out on a run
// it cannot know of.
func TestGenericTooLateIsShed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.trigger(webhookTrigger("", ""))
	late, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	res := e.svc.HandleGeneric(late, Inbound{Header: jsonHeader(), Body: []byte(`{"text":"late"}`), RemoteIP: "192.0.2.1"})
	wantRetry(t, res)
	if n := len(e.disp.requests()); n != 0 || e.count("webhook_dedup_keys") != 0 {
		t.Fatalf("%d runs queued, %d dedup keys for a shed delivery", n, e.count("webhook_dedup_keys"))
	}
	if d := e.delivery(res.DeliveryID); d.StatusCode != 503 || d.Outcome != OutcomeError || len(d.Runs) != 0 {
		t.Fatalf("delivery %+v", d)
	}
	if again := e.generic(`{"text":"late"}`, nil); again.Status != 202 || len(e.disp.requests()) != 1 {
		t.Fatalf("retry: %d, %d runs", again.Status, len(e.disp.requests()))
	}
}

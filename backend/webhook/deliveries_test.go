package webhook

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDeliveriesListAndGetRedacted(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	ctx := context.Background()
	e.trigger(githubTrigger("", ""))
	e.trigger(webhookTrigger("", ""))
	h := jsonHeader("Authorization", "Bearer abc", "X-API-Key", "key-1", "X-Custom", "kept")
	generic := e.generic(`{"text":"hi"}`, h)
	gh := e.gh("pull_request", prBody("opened", "acme/api", 1), true, "")
	e.gh("pull_request", prBody("opened", "acme/api", 1), false, "") // 401
	e.generic(`[]`, nil)                                             // 400

	all, err := e.svc.List(ctx, DeliveryFilter{})
	if err != nil || all.Total != 4 || len(all.Deliveries) != 4 {
		t.Fatalf("list all: %+v %v", all, err)
	}
	for _, d := range all.Deliveries {
		if d.Payload != "" || d.Response != "" || len(d.Headers) != 0 || d.Runs == nil || d.Skipped == nil {
			t.Fatalf("list row carries detail or nil lists: %+v", d)
		}
	}
	tests := []struct {
		f     DeliveryFilter
		total int
		rows  int
	}{
		{DeliveryFilter{Source: SourceGitHub}, 2, 2},
		{DeliveryFilter{Source: SourceGeneric, Outcome: OutcomeDispatched}, 1, 1},
		{DeliveryFilter{Outcome: OutcomeRejected}, 2, 2},
		{DeliveryFilter{Limit: 1, Offset: 1}, 4, 1},
		{DeliveryFilter{Offset: 10}, 4, 0},
	}
	for _, tt := range tests {
		p, err := e.svc.List(ctx, tt.f)
		if err != nil || p.Total != tt.total || len(p.Deliveries) != tt.rows {
			t.Errorf("%+v: total %d rows %d err %v", tt.f, p.Total, len(p.Deliveries), err)
		}
	}

	gd := e.delivery(generic.DeliveryID)
	if gd.Headers["Authorization"] != Redacted || gd.Headers["X-Api-Key"] != Redacted || gd.Headers["X-Custom"] != "kept" ||
		gd.Payload != `{"text":"hi"}` || gd.RemoteIP != "192.0.2.1" || !strings.Contains(gd.Response, "dispatched") {
		t.Fatalf("generic detail %+v", gd)
	}
	hd := e.delivery(gh.DeliveryID)
	if hd.Headers[HeaderGitHubSignature] != Redacted || strings.Contains(mustJSON(t, hd), "sha256=") ||
		hd.Headers[http.CanonicalHeaderKey(HeaderGitHubEvent)] != "pull_request" || hd.DeliveryGUID == "" {
		t.Fatalf("github detail %+v", hd.Headers)
	}
	if _, err := e.svc.Get(ctx, "whd-nope"); !errors.Is(err, ErrDeliveryNotFound) {
		t.Fatalf("missing: %v", err)
	}
	ev := e.rec.Named("webhook:delivery")
	if len(ev) != 4 {
		t.Fatalf("%d events", len(ev))
	}
	if row, ok := ev[0].Payload.(Delivery); !ok || row.ID != generic.DeliveryID || row.Payload != "" || len(row.Headers) != 0 {
		t.Fatalf("event payload %+v", ev[0].Payload)
	}
}

func TestReplayGenericBypassesDedup(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	open := e.trigger(webhookTrigger("", ""))
	secured := e.trigger(webhookTrigger("", ""))
	rejected := e.trigger(webhookTrigger("", ""))
	for _, tr := range []string{secured.ID, rejected.ID} {
		if _, err := e.svc.SetTriggerSecret(ctx, tr, "secret-"+tr); err != nil {
			t.Fatal(err)
		}
	}
	body := `{"text":"again"}`
	res := e.generic(body, jsonHeader(HeaderWebhookSignature, Sign([]byte("secret-"+secured.ID), []byte(body))))
	if n := len(e.disp.requests()); n != 2 {
		t.Fatalf("original ran %d", n)
	}
	replay, err := e.svc.Replay(ctx, res.DeliveryID) // within the 10 s window
	if err != nil {
		t.Fatal(err)
	}
	if replay.ReplayOf != res.DeliveryID || replay.ID == res.DeliveryID || replay.Signature != SigReplay || len(replay.Runs) != 2 {
		t.Fatalf("replay %+v", replay)
	}
	ran := map[string]int{}
	for _, r := range e.disp.requests() {
		ran[r.TriggerID]++
	}
	if ran[open.ID] != 2 || ran[secured.ID] != 2 || ran[rejected.ID] != 0 {
		t.Fatalf("runs per trigger %v: a replay must not run a trigger whose signature failed", ran)
	}
	if len(replay.Skipped) != 1 || replay.Skipped[0].TriggerID != rejected.ID || replay.Skipped[0].Code != SkipSignature {
		t.Fatalf("skipped %+v", replay.Skipped)
	}
	// A replay of the replay still knows which triggers were verified.
	again, err := e.svc.Replay(ctx, replay.ID)
	if err != nil || len(again.Runs) != 2 {
		t.Fatalf("replay of replay %+v %v", again, err)
	}
}

func TestReplayGitHub(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	ctx := context.Background()
	e.trigger(githubTrigger("", ""))
	res := e.gh("pull_request", prBody("opened", "acme/api", 9), true, "guid-replay")
	replay, err := e.svc.Replay(ctx, res.DeliveryID)
	if err != nil {
		t.Fatal(err)
	}
	reqs := e.disp.requests()
	if len(reqs) != 2 || reqs[1].Values["pr_number"] != "9" || replay.Signature != SigReplay || replay.ReplayOf != res.DeliveryID ||
		replay.DeliveryGUID != "guid-replay" || replay.Outcome != OutcomeDispatched || len(replay.Runs) != 1 {
		t.Fatalf("replay %+v, %d runs", replay, len(reqs))
	}
	if list, _ := e.svc.List(ctx, DeliveryFilter{Source: SourceGitHub}); list.Total != 2 {
		t.Fatalf("replay not recorded as a new delivery: %d", list.Total)
	}
	bad := e.gh("pull_request", prBody("opened", "acme/api", 9), false, "")
	if _, err := e.svc.Replay(ctx, bad.DeliveryID); !errors.Is(err, ErrNotReplayable) {
		t.Fatalf("replay of an unverified delivery: %v", err)
	}
	if _, err := e.svc.Replay(ctx, "whd-missing"); !errors.Is(err, ErrDeliveryNotFound) {
		t.Fatalf("replay missing: %v", err)
	}
}

func TestLargePayloadCappedAndNotReplayable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.trigger(webhookTrigger("", ""))
	body := `{"text":"` + strings.Repeat("é", PayloadCap/2+10) + `"}`
	res := e.generic(body, nil)
	d := e.delivery(res.DeliveryID)
	if !d.PayloadTruncated || d.PayloadSize != int64(len(body)) || len(d.Payload) > PayloadCap || !strings.HasSuffix(d.Payload, "é") {
		t.Fatalf("truncated %v size %d stored %d", d.PayloadTruncated, d.PayloadSize, len(d.Payload))
	}
	if _, err := e.svc.Replay(context.Background(), d.ID); !errors.Is(err, ErrNotReplayable) {
		t.Fatalf("replay: %v", err)
	}
	huge := e.generic(`{"a":"`+strings.Repeat("x", MaxBodyBytes)+`"}`, nil)
	if huge.Status != 413 {
		t.Fatalf("oversized: %d", huge.Status)
	}
}

func TestPrune(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	ctx := context.Background()
	e.trigger(webhookTrigger("", ""))
	e.generic(`{"old":1}`, nil)
	e.gh("ping", `{}`, true, "old-guid")
	e.gh("pull_request", prBody("opened", "a/b", 1), true, "old-pr-guid")
	e.clock.Advance(40 * 24 * time.Hour)
	e.generic(`{"new":1}`, nil)
	n, err := e.svc.Prune(ctx, 30, e.clock.Now())
	if err != nil || n != 3 {
		t.Fatalf("pruned %d, %v", n, err)
	}
	if e.count("webhook_deliveries") != 1 || e.count("webhook_github_deliveries") != 0 {
		t.Fatalf("left %d deliveries, %d guids", e.count("webhook_deliveries"), e.count("webhook_github_deliveries"))
	}
	e.clock.Advance(11 * time.Second)
	if _, err := e.svc.Prune(ctx, 0, e.clock.Now()); err != nil || e.count("webhook_dedup_keys") != 0 || e.count("webhook_deliveries") != 1 {
		t.Fatalf("days=0 must keep deliveries and still drop expired keys: %v", err)
	}
}

package webhook

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/trigger"
)

// dropDeliveryLog makes every insert into the delivery log fail inside SQLite, as a full disk
// would for that one write, while runs and dedup keys are still stored. It returns the undo.
func (e *env) dropDeliveryLog() func() {
	e.t.Helper()
	if _, err := e.db.Writer.Exec(`CREATE TRIGGER fail_delivery_log BEFORE INSERT ON webhook_deliveries
		BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		e.t.Fatal(err)
	}
	return func() {
		if _, err := e.db.Writer.Exec(`DROP TRIGGER fail_delivery_log`); err != nil {
			e.t.Fatal(err)
		}
	}
}

func wantRetry(t *testing.T, res Result) {
	t.Helper()
	body, _ := res.Body.(ErrorBody)
	if res.Status != http.StatusServiceUnavailable || res.RetryAfter != RetryAfterSeconds ||
		!strings.Contains(body.Error, "could not be stored") || !strings.Contains(body.Error, "retry") {
		t.Fatalf("want 503 with Retry-After and a retry message, got %d retry-after %d %s", res.Status, res.RetryAfter, mustJSON(t, res.Body))
	}
}

// TestUnwritableDatabaseAsksForRetry: with the database files immutable a generic and a GitHub
// delivery are answered 503 with Retry-After (they used to get 200 and be lost); once the files
// are writable the sender's retry queues exactly one run each and is logged.
func TestUnwritableDatabaseAsksForRetry(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	e.useRealEngine()
	hook := e.trigger(webhookTrigger("", ""))
	review := e.trigger(githubTrigger("acme/*", ""))
	thaw := testutil.FreezeDB(t, e.db)

	wantRetry(t, e.generic(`{"text":"deploy"}`, nil))
	wantRetry(t, e.gh("pull_request", prBody("opened", "acme/api", 5), true, "guid-frozen"))
	if n := e.count("executions"); n != 0 {
		t.Fatalf("%d runs while the store was unwritable", n)
	}

	thaw()
	res := e.generic(`{"text":"deploy"}`, nil)
	if res.Status != http.StatusAccepted || res.RetryAfter != 0 || res.DeliveryID == "" {
		t.Fatalf("generic retry: %d %s", res.Status, mustJSON(t, res.Body))
	}
	gh := e.gh("pull_request", prBody("opened", "acme/api", 5), true, "guid-frozen")
	if gh.Status != http.StatusAccepted || gh.DeliveryID == "" {
		t.Fatalf("github redelivery: %d %s", gh.Status, mustJSON(t, gh.Body))
	}
	var perTrigger = map[string]int{}
	rows, err := e.db.Reader.Query(`SELECT trigger_id FROM executions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		perTrigger[id]++
	}
	if perTrigger[hook.ID] != 1 || perTrigger[review.ID] != 1 || len(perTrigger) != 2 {
		t.Fatalf("runs per trigger %v, want one each", perTrigger)
	}
	// GitHub's next redelivery of the same id is a duplicate again.
	if again := e.gh("pull_request", prBody("opened", "acme/api", 5), true, "guid-frozen"); again.Status != http.StatusOK ||
		again.Body.(GitHubResponse).Message != "duplicate delivery" {
		t.Fatalf("second redelivery: %d %s", again.Status, mustJSON(t, again.Body))
	}
}

// TestUndeliverableLogAsksForRetry: the delivery's log row cannot be stored. That is answered
// 503 (a 202 would leave no trace of the delivery). A generic delivery stores its runs in the
// same transaction as its row, so none is queued and the retry queues it; a GitHub delivery's
// runs are stored before its row, and the retry does not queue them again. Once the log accepts
// rows the retry is recorded.
func TestUndeliverableLogAsksForRetry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		send func(e *env) Result
		// runs queued by the first attempt
		firstRuns int
		// deliveries the retry is recorded as
		status  int
		outcome string
	}{
		{"generic", func(e *env) Result { return e.generic(`{"text":"x"}`, nil) }, 0, http.StatusAccepted, OutcomeDispatched},
		{"github", func(e *env) Result { return e.gh("pull_request", prBody("opened", "acme/api", 9), true, "guid-nolog") },
			1, http.StatusOK, OutcomeDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newGitHubEnv(t)
			e.trigger(webhookTrigger("", ""))
			e.trigger(githubTrigger("acme/*", ""))
			undo := e.dropDeliveryLog()
			res := tt.send(e)
			wantRetry(t, res)
			if res.DeliveryID != "" || e.count("webhook_deliveries") != 0 {
				t.Fatal("the delivery was recorded after all")
			}
			if n := len(e.disp.requests()); n != tt.firstRuns {
				t.Fatalf("%d runs queued, want %d", n, tt.firstRuns)
			}
			undo()
			again := tt.send(e)
			if again.Status != tt.status || e.delivery(again.DeliveryID).Outcome != tt.outcome {
				t.Fatalf("retry: %d %s", again.Status, mustJSON(t, again.Body))
			}
			if n := len(e.disp.requests()); n != 1 {
				t.Fatalf("%d runs after the retry, want exactly 1", n)
			}
		})
	}
}

// TestGitHubPartialStorageFailure: of two triggers one run is stored and one fails on storage.
// The delivery is answered 503; GitHub's redelivery of the same X-GitHub-Delivery runs only the
// trigger that failed, then a further redelivery is a duplicate.
func TestGitHubPartialStorageFailure(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	stored := e.trigger(githubTrigger("acme/*", ""))
	failed := e.trigger(githubTrigger("acme/*", ""))
	e.disp.fail[failed.ID] = fmt.Errorf("insert execution: disk I/O error")
	send := func() Result { return e.gh("pull_request", prBody("opened", "acme/api", 3), true, "guid-partial") }
	res := send()
	wantRetry(t, res)
	if d := e.delivery(res.DeliveryID); d.Outcome != OutcomeError || len(d.Runs) != 1 || d.Runs[0].TriggerID != stored.ID {
		t.Fatalf("delivery %+v", d)
	}
	delete(e.disp.fail, failed.ID)
	again := send()
	r, _ := again.Body.(GitHubResponse)
	if again.Status != http.StatusAccepted || len(r.Runs) != 1 || r.Runs[0].TriggerID != failed.ID {
		t.Fatalf("redelivery %d %s", again.Status, mustJSON(t, again.Body))
	}
	if d := e.delivery(again.DeliveryID); len(d.Duplicates) != 1 || d.Duplicates[0] != stored.ID {
		t.Fatalf("redelivery record %+v", d)
	}
	if third := send(); third.Status != http.StatusOK || third.Body.(GitHubResponse).Message != "duplicate delivery" {
		t.Fatalf("third %d %s", third.Status, mustJSON(t, third.Body))
	}
	perTrigger := map[string]int{}
	for _, req := range e.disp.requests() {
		perTrigger[req.TriggerID]++
	}
	if perTrigger[stored.ID] != 1 || perTrigger[failed.ID] != 1 {
		t.Fatalf("runs per trigger %v", perTrigger)
	}
}

// failRunsOf makes SQLite refuse to store runs of one trigger (the real engine's insert fails
// inside its transaction, with the dedup claim it carries), as a disk that fills up between two
// runs of the same delivery would. It returns the undo.
func (e *env) failRunsOf(triggerID string) func() {
	e.t.Helper()
	if _, err := e.db.Writer.Exec(`CREATE TRIGGER fail_runs BEFORE INSERT ON executions WHEN NEW.trigger_id = '` + triggerID + `'
		BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		e.t.Fatal(err)
	}
	return func() {
		if _, err := e.db.Writer.Exec(`DROP TRIGGER fail_runs`); err != nil {
			e.t.Fatal(err)
		}
	}
}

func (e *env) runsPerTrigger() map[string]int {
	e.t.Helper()
	rows, err := e.db.Reader.Query(`SELECT trigger_id FROM executions`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			e.t.Fatal(err)
		}
		out[id]++
	}
	return out
}

// TestPartialStorageFailureWithTheRealEngine: a delivery wanted by two triggers, where SQLite
// stores one run and refuses the other. The rule: the whole delivery is answered 503 with
// Retry-After; the stored run stays queued; the retry (generic: within the dedup window; GitHub:
// the same X-GitHub-Delivery) queues only the refused trigger. Each trigger runs exactly once.
func TestPartialStorageFailureWithTheRealEngine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		trigger func() trigger.Trigger
		send    func(e *env) Result
		runs    func(res Result) []Run
	}{
		{"generic", func() trigger.Trigger { return webhookTrigger("", "") },
			func(e *env) Result { return e.generic(`{"text":"ship it"}`, nil) },
			func(res Result) []Run { return res.Body.(GenericResponse).Dispatched }},
		{"github", func() trigger.Trigger { return githubTrigger("acme/*", "") },
			func(e *env) Result { return e.gh("pull_request", prBody("opened", "acme/api", 4), true, "guid-half") },
			func(res Result) []Run { return res.Body.(GitHubResponse).Runs }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newGitHubEnv(t)
			e.useRealEngine()
			stored := e.trigger(tt.trigger())
			refused := e.trigger(tt.trigger())
			undo := e.failRunsOf(refused.ID)
			res := tt.send(e)
			wantRetry(t, res)
			if !strings.Contains(res.Body.(ErrorBody).Error, "1 of 2 run(s) could not be stored") {
				t.Fatalf("message %q", res.Body.(ErrorBody).Error)
			}
			if got := e.runsPerTrigger(); got[stored.ID] != 1 || got[refused.ID] != 0 {
				t.Fatalf("after the first attempt: %v", got)
			}
			d := e.delivery(res.DeliveryID)
			if d.Outcome != OutcomeError || d.StatusCode != 503 || len(d.Runs) != 1 {
				t.Fatalf("delivery %+v", d)
			}
			undo()
			e.clock.Advance(RetryAfterSeconds * time.Second)
			again := tt.send(e)
			if runs := tt.runs(again); again.Status != http.StatusAccepted || len(runs) != 1 || runs[0].TriggerID != refused.ID {
				t.Fatalf("retry %d %s", again.Status, mustJSON(t, again.Body))
			}
			if got := e.runsPerTrigger(); got[stored.ID] != 1 || got[refused.ID] != 1 {
				t.Fatalf("after the retry: %v, want one run each", got)
			}
		})
	}
}

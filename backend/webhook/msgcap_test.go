package webhook

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
)

// useRealEngine dispatches through the real execution.Engine (not started, so no CLI runs), so
// "no run" means no row in executions, not just a fake that was not called.
func (e *env) useRealEngine() *execution.Engine {
	e.t.Helper()
	engine := execution.NewEngine(execution.Deps{
		Store: execution.NewStore(e.db), Triggers: e.triggers, Emitter: e.rec, Log: slog.New(slog.DiscardHandler),
		Go:     func(fn func()) { go fn() },
		Limits: func() execution.Limits { return execution.Limits{MaxConcurrent: 1, OutputCapBytes: 1 << 20} },
	})
	e.svc.dispatch = engine
	return engine
}

func textBody(t *testing.T, fields map[string]string) string {
	t.Helper()
	m := map[string]any{}
	for k, v := range fields {
		m[k] = v
	}
	return mustJSON(t, m)
}

// TestGenericMessageCap: the text a delivery puts into {message} is capped (256 KiB by default);
// past it the delivery is answered 413 with the reason, recorded, and nothing runs. A 9 MiB
// text used to become the run's message, prompt and arguments.
func TestGenericMessageCap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		texts    map[string]string // body fields
		triggers []string          // one trigger per text path
		status   int
		runs     int
	}{
		{"300 KiB text is refused", map[string]string{"text": strings.Repeat("a", 300<<10)}, []string{""}, 413, 0},
		{"255 KiB text runs", map[string]string{"text": strings.Repeat("a", 255<<10)}, []string{""}, 202, 1},
		{"exactly the cap runs", map[string]string{"text": strings.Repeat("a", 256<<10)}, []string{""}, 202, 1},
		{"one byte over is refused", map[string]string{"text": strings.Repeat("a", 256<<10+1)}, []string{""}, 413, 0},
		{
			"only one of two matching triggers has a huge text: nothing runs",
			map[string]string{"text": "small", "big": strings.Repeat("b", 300<<10)}, []string{"text", "big"}, 413, 0,
		},
		{
			"a huge field no trigger reads does not matter",
			map[string]string{"text": "small", "big": strings.Repeat("b", 300<<10)}, []string{"text"}, 202, 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.useRealEngine()
			var ids []string
			for _, path := range tt.triggers {
				ids = append(ids, e.trigger(trigger.Trigger{TriggerSource: trigger.SourceWebhook, TextFieldPath: path}).ID)
			}
			res := e.generic(textBody(t, tt.texts), nil)
			if res.Status != tt.status {
				t.Fatalf("status %d %.300s", res.Status, mustJSON(t, res.Body))
			}
			if n := e.count("executions"); n != tt.runs {
				t.Fatalf("%d runs stored, want %d", n, tt.runs)
			}
			d := e.delivery(res.DeliveryID)
			if tt.status != 413 {
				if d.Outcome != OutcomeDispatched || len(d.Runs) != tt.runs {
					t.Fatalf("delivery %+v", d)
				}
				return
			}
			msg := res.Body.(ErrorBody).Error
			path := tt.triggers[len(tt.triggers)-1]
			if path == "" {
				path = "text"
			}
			if !strings.Contains(msg, "the message taken from "+path+" is ") || !strings.Contains(msg, "over the 256 KiB cap") ||
				!strings.Contains(msg, "Settings → webhook message cap") {
				t.Fatalf("message %q", msg)
			}
			if d.Outcome != OutcomeRejected || d.StatusCode != 413 || d.Detail != msg || len(d.Runs) != 0 {
				t.Fatalf("delivery %+v", d)
			}
			tooLarge := 0
			for _, sk := range d.Skipped {
				if sk.Code == SkipTooLarge {
					tooLarge++
				}
			}
			if tooLarge != len(ids) {
				t.Fatalf("skipped %+v, want every matching trigger marked too_large", d.Skipped)
			}
			if n := e.count("webhook_dedup_keys"); n != 0 {
				t.Fatalf("%d dedup keys left by a refused delivery", n)
			}
		})
	}
}

// TestGenericMessageCapFollowsSetting: the cap is read at each delivery, so a Settings change
// applies to the next one; the message says the configured size.
func TestGenericMessageCapFollowsSetting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	capBytes := 1 << 10
	e.svc.msgCap = func() int { return capBytes }
	e.trigger(webhookTrigger("", ""))
	body := textBody(t, map[string]string{"text": strings.Repeat("x", 2<<10)})
	res := e.generic(body, nil)
	if res.Status != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body.(ErrorBody).Error, "is 2 KiB, over the 1 KiB cap") {
		t.Fatalf("%d %s", res.Status, mustJSON(t, res.Body))
	}
	capBytes = 4 << 10
	if res := e.generic(body, nil); res.Status != http.StatusAccepted || len(e.disp.requests()) != 1 {
		t.Fatalf("after raising the cap: %d %s", res.Status, mustJSON(t, res.Body))
	}
}

// TestGitHubMessageCap: text a GitHub delivery puts into a prompt placeholder ({pr_title}) is
// held to the same cap, before the pull request record stores it.
func TestGitHubMessageCap(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	e.useRealEngine()
	e.trigger(githubTrigger("acme/*", ""))
	title := strings.Repeat("t", 300<<10)
	body := strings.Replace(prBody("opened", "acme/api", 7), `"title":"Fix it"`, `"title":"`+title+`"`, 1)
	res := e.gh("pull_request", body, true, "guid-huge-title")
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("%d %s", res.Status, mustJSON(t, res.Body))
	}
	msg := res.Body.(ErrorBody).Error
	if !strings.Contains(msg, "{pr_title} is 300 KiB, over the 256 KiB cap") {
		t.Fatalf("message %q", msg)
	}
	if n := e.count("executions"); n != 0 {
		t.Fatalf("%d runs", n)
	}
	if n := e.count("pr_reviews"); n != 0 {
		t.Fatalf("the huge title was stored in %d review record(s)", n)
	}
	d := e.delivery(res.DeliveryID)
	if d.Outcome != OutcomeRejected || d.Detail != msg || len(d.Skipped) != 1 || d.Skipped[0].Code != SkipTooLarge {
		t.Fatalf("delivery %+v", d)
	}
	// Refused, so the delivery id is not claimed: once the cap is raised, "Redeliver" works.
	e.svc.msgCap = func() int { return 1 << 20 }
	if res := e.gh("pull_request", body, true, "guid-huge-title"); res.Status != http.StatusAccepted {
		t.Fatalf("redelivery after raising the cap: %d %s", res.Status, mustJSON(t, res.Body))
	}
}

// TestValueTextsOrder: several over-cap values name the same field every time.
func TestValueTextsOrder(t *testing.T) {
	t.Parallel()
	tl, over := overCap(3, valueTexts("", map[string]string{"z": "zzzz", "a": "aaaa"}, "m"))
	if !over || !strings.Contains(tl.what, "{a}") {
		t.Fatalf("%+v %v", tl, over)
	}
	if _, over := overCap(4, valueTexts("", map[string]string{"a": "aaaa"}, "mmmm")); over {
		t.Fatal("a text exactly at the cap is over it")
	}
}

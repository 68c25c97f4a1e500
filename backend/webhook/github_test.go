package webhook

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/trigger"
)

func prBody(action, repo string, number int) string {
	return fmt.Sprintf(`{"action":%q,"number":%d,"pull_request":{"number":%d,"title":"Fix it","html_url":"https://github.com/%s/pull/%d",
		"state":"open","user":{"login":"octocat"},"head":{"sha":"abc123"}},
		"repository":{"full_name":%q,"html_url":"https://github.com/%s"},"sender":{"login":"octocat"}}`,
		action, number, number, repo, number, repo, repo)
}

var guidSeq atomic.Int64

// gh sends a GitHub delivery signed with ghSecret (sign=false sends no signature).
func (e *env) gh(event, body string, sign bool, guid string) Result {
	e.t.Helper()
	h := jsonHeader(HeaderGitHubEvent, event)
	if guid == "" {
		guid = fmt.Sprintf("guid-%d", guidSeq.Add(1))
	}
	h.Set(HeaderGitHubDelivery, guid)
	if sign {
		h.Set(HeaderGitHubSignature, Sign([]byte(ghSecret), []byte(body)))
	}
	return e.svc.HandleGitHub(context.Background(), Inbound{Header: h, Body: []byte(body), RemoteIP: "192.0.2.9"})
}

func newGitHubEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.getenv["GITHUB_WEBHOOK_SECRET"] = ghSecret
	return e
}

func githubTrigger(repoFilter, events string) trigger.Trigger {
	return trigger.Trigger{TriggerSource: trigger.SourceGitHub, GitHubRepoFilter: repoFilter, GitHubEvents: events,
		PromptTemplate: "/pr-review {pr_url} {pr_title}"}
}

func TestGitHubSignature(t *testing.T) {
	t.Parallel()
	body := prBody("opened", "acme/api", 1)
	tests := []struct {
		name       string
		configured bool
		header     string
		status     int
		signature  string
	}{
		{"no secret configured", false, Sign([]byte(ghSecret), []byte(body)), http.StatusServiceUnavailable, SigUnconfigured},
		{"missing", true, "", http.StatusUnauthorized, SigMissing},
		{"invalid", true, Sign([]byte("wrong"), []byte(body)), http.StatusUnauthorized, SigInvalid},
		{"malformed", true, "sha1=abc", http.StatusUnauthorized, SigInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			if tt.configured {
				e.getenv["GITHUB_WEBHOOK_SECRET"] = ghSecret
			}
			e.trigger(githubTrigger("", ""))
			h := jsonHeader(HeaderGitHubEvent, "pull_request", HeaderGitHubDelivery, "g-1")
			if tt.header != "" {
				h.Set(HeaderGitHubSignature, tt.header)
			}
			res := e.svc.HandleGitHub(context.Background(), Inbound{Header: h, Body: []byte(body)})
			if res.Status != tt.status || res.SignatureOK || len(e.disp.requests()) != 0 {
				t.Fatalf("status %d sigOK %v runs %d", res.Status, res.SignatureOK, len(e.disp.requests()))
			}
			if tt.status == 401 && mustJSON(t, res.Body) != `{"error":"invalid signature"}` {
				t.Fatalf("body %s", mustJSON(t, res.Body))
			}
			if !tt.configured && !strings.Contains(e.logs.String(), "GITHUB_WEBHOOK_SECRET") {
				t.Fatalf("log does not say how to configure the secret:\n%s", e.logs.String())
			}
			d := e.delivery(res.DeliveryID)
			if d.Signature != tt.signature || d.Outcome == OutcomeDispatched || e.count("webhook_github_deliveries") != 0 {
				t.Fatalf("recorded %+v", d)
			}
		})
	}
}

func TestGitHubPing(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	res := e.gh("ping", `{"zen":"Keep it logically awesome.","hook_id":1}`, true, "")
	if res.Status != 200 || !res.SignatureOK || mustJSON(t, res.Body) != `{"message":"pong"}` {
		t.Fatalf("ping: %d %s", res.Status, mustJSON(t, res.Body))
	}
	if res := e.gh("ping", `{}`, false, ""); res.Status != 401 {
		t.Fatalf("unsigned ping: %d", res.Status)
	}
}

func TestGitHubPullRequestActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action    string
		status    int
		defaultRn bool // the default-filter trigger runs
		widenedRn bool // the trigger with "pull_request:opened,labeled" runs
		outcome   string
	}{
		{"opened", 202, true, true, OutcomeDispatched},
		{"synchronize", 202, true, false, OutcomeDispatched},
		{"reopened", 202, true, false, OutcomeDispatched},
		{"closed", 200, false, false, OutcomeIgnored},
		{"labeled", 202, false, true, OutcomeDispatched},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			t.Parallel()
			e := newGitHubEnv(t)
			def := e.trigger(githubTrigger("", ""))
			wide := e.trigger(githubTrigger("", "pull_request:opened,labeled"))
			res := e.gh("pull_request", prBody(tt.action, "acme/api", 7), true, "")
			ran := map[string]execution.Request{}
			for _, r := range e.disp.requests() {
				ran[r.TriggerID] = r
			}
			_, defRan := ran[def.ID]
			_, wideRan := ran[wide.ID]
			if res.Status != tt.status || defRan != tt.defaultRn || wideRan != tt.widenedRn || !res.SignatureOK {
				t.Fatalf("status %d default %v widened %v: %s", res.Status, defRan, wideRan, mustJSON(t, res.Body))
			}
			resp := res.Body.(GitHubResponse)
			if resp.ReviewID == "" || (tt.status == 200) != (resp.Message == "no trigger matched") {
				t.Fatalf("response %+v", resp)
			}
			d := e.delivery(res.DeliveryID)
			if d.Event != "pull_request" || d.Action != tt.action || d.Repo != "acme/api" || d.Outcome != tt.outcome ||
				d.Signature != SigValid || len(d.Runs) != len(ran) {
				t.Fatalf("recorded %+v", d)
			}
			for _, r := range ran {
				want := "PR #7: Fix it\nURL: https://github.com/acme/api/pull/7\nAuthor: octocat\nRepository: acme/api\nAction: " + tt.action
				if r.Kind != execution.KindGitHub || r.Message != want || r.Values["pr_number"] != "7" || r.Values["pr_author"] != "octocat" ||
					r.Values["repo_full_name"] != "acme/api" || r.Values["repo_url"] != "https://github.com/acme/api" ||
					r.Values["pr_url"] != "https://github.com/acme/api/pull/7" || r.Values["pr_title"] != "Fix it" {
					t.Fatalf("request %+v", r)
				}
			}
		})
	}
}

func TestGitHubRepoFilter(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	org := e.trigger(githubTrigger("acme/*", ""))
	exact := e.trigger(githubTrigger("other/web", ""))
	res := e.gh("pull_request", prBody("opened", "ACME/api", 1), true, "")
	if res.Status != 202 || len(e.disp.requests()) != 1 || e.disp.requests()[0].TriggerID != org.ID {
		t.Fatalf("status %d runs %+v", res.Status, e.disp.requests())
	}
	res = e.gh("pull_request", prBody("opened", "nobody/else", 1), true, "")
	if res.Status != 200 || res.Body.(GitHubResponse).Message != "no trigger matched" {
		t.Fatalf("no match: %d %s", res.Status, mustJSON(t, res.Body))
	}
	d := e.delivery(res.DeliveryID)
	if d.Outcome != OutcomeNoMatch || len(d.Skipped) != 2 || d.Skipped[0].Code != SkipRepo || d.Skipped[1].TriggerID != exact.ID {
		t.Fatalf("recorded %+v", d)
	}
}

func TestGitHubRedeliverySurvivesRestart(t *testing.T) {
	t.Parallel()
	path := tempDBPath(t)
	c := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	d1 := openFileDB(t, path)
	e1 := newEnvWithDB(t, d1, c)
	e1.getenv["GITHUB_WEBHOOK_SECRET"] = ghSecret
	e1.trigger(githubTrigger("", ""))
	body := prBody("opened", "acme/api", 3)
	if res := e1.gh("pull_request", body, true, "72d3162e-cc78"); res.Status != 202 {
		t.Fatalf("first: %d", res.Status)
	}
	if res := e1.gh("pull_request", body, true, "72d3162e-cc78"); res.Status != 200 ||
		mustJSON(t, res.Body) != `{"message":"duplicate delivery","deliveryId":"72d3162e-cc78"}` {
		t.Fatalf("redelivery: %d %s", res.Status, mustJSON(t, res.Body))
	}
	_ = d1.Close()
	c.Advance(time.Hour)
	d2 := openFileDB(t, path)
	t.Cleanup(func() { _ = d2.Close() })
	e2 := newEnvWithDB(t, d2, c)
	e2.getenv["GITHUB_WEBHOOK_SECRET"] = ghSecret
	res := e2.gh("pull_request", body, true, "72d3162e-cc78")
	if res.Status != 200 || len(e2.disp.requests()) != 0 || e2.delivery(res.DeliveryID).Outcome != OutcomeDuplicate {
		t.Fatalf("after restart: %d %s", res.Status, mustJSON(t, res.Body))
	}
	if res := e2.gh("pull_request", body, true, "another-guid"); res.Status != 202 {
		t.Fatalf("a new delivery id of the same payload must run: %d", res.Status)
	}
}

func TestGitHubBadPayloads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, contentType, want string
		status                        int
	}{
		{"no number", `{"action":"opened","pull_request":{"html_url":"u"},"repository":{"full_name":"a/b"}}`, "", "pull_request.number", 400},
		{"no url", `{"action":"opened","pull_request":{"number":1},"repository":{"full_name":"a/b"}}`, "", "pull_request.html_url", 400},
		{"no repo", `{"action":"opened","pull_request":{"number":1,"html_url":"u"}}`, "", "repository.full_name", 400},
		{"string number", `{"action":"opened","pull_request":{"number":"1","html_url":"u"},"repository":{"full_name":"a/b"}}`, "", "pull_request.number", 400},
		{"array", `[]`, "", "expected object", 400},
		{"form encoded", `payload=%7B%7D`, "application/x-www-form-urlencoded", "application/json in GitHub", 415},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newGitHubEnv(t)
			e.trigger(githubTrigger("", ""))
			h := jsonHeader(HeaderGitHubEvent, "pull_request", HeaderGitHubDelivery, "g-bad")
			if tt.contentType != "" {
				h.Set("Content-Type", tt.contentType)
			}
			h.Set(HeaderGitHubSignature, Sign([]byte(ghSecret), []byte(tt.body)))
			res := e.svc.HandleGitHub(context.Background(), Inbound{Header: h, Body: []byte(tt.body)})
			if res.Status != tt.status || !strings.Contains(mustJSON(t, res.Body), tt.want) || len(e.disp.requests()) != 0 {
				t.Fatalf("%d %s", res.Status, mustJSON(t, res.Body))
			}
			if e.count("pr_reviews") != 0 || e.count("webhook_github_deliveries") != 0 {
				t.Fatal("a rejected delivery left a review or claimed its delivery id")
			}
		})
	}
}

func TestGitHubReviewUpsert(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	first := e.gh("pull_request", prBody("opened", "acme/api", 5), true, "").Body.(GitHubResponse)
	if _, err := e.db.Writer.Exec(`UPDATE pr_reviews SET review_status = 'approved'`); err != nil {
		t.Fatal(err)
	}
	closed := e.gh("pull_request", strings.Replace(prBody("closed", "Acme/API", 5), `"state":"open"`, `"state":"closed","merged":true`, 1), true, "").Body.(GitHubResponse)
	other := e.gh("pull_request", prBody("opened", "acme/api", 6), true, "").Body.(GitHubResponse)
	if first.ReviewID == "" || first.ReviewID != closed.ReviewID || other.ReviewID == first.ReviewID {
		t.Fatalf("review ids %s %s %s", first.ReviewID, closed.ReviewID, other.ReviewID)
	}
	var action, state, status string
	if err := e.db.Reader.QueryRow(`SELECT last_action, pr_state, review_status FROM pr_reviews WHERE id = ?`, first.ReviewID).
		Scan(&action, &state, &status); err != nil {
		t.Fatal(err)
	}
	if action != "closed" || state != "merged" || status != "approved" || e.count("pr_reviews") != 2 {
		t.Fatalf("review %s %s %s, %d rows", action, state, status, e.count("pr_reviews"))
	}
	e.gh("pull_request", prBody("synchronize", "acme/api", 5), true, "")
	_ = e.db.Reader.QueryRow(`SELECT review_status FROM pr_reviews WHERE id = ?`, first.ReviewID).Scan(&status)
	if status != "pending" {
		t.Fatalf("new commits keep review status %s", status)
	}
}

func TestGitHubOtherEvents(t *testing.T) {
	t.Parallel()
	e := newGitHubEnv(t)
	e.trigger(githubTrigger("", ""))
	push := `{"ref":"refs/heads/main","repository":{"full_name":"acme/api","html_url":"https://github.com/acme/api"},"sender":{"login":"dev"}}`
	res := e.gh("push", push, true, "")
	if res.Status != 200 || res.Body.(GitHubResponse).Message != "event 'push' ignored" || len(e.disp.requests()) != 0 {
		t.Fatalf("push without a listener: %d %s", res.Status, mustJSON(t, res.Body))
	}
	pusher := e.trigger(githubTrigger("acme/*", "pull_request:opened;push"))
	res = e.gh("push", push, true, "")
	reqs := e.disp.requests()
	if res.Status != 202 || len(reqs) != 1 || reqs[0].TriggerID != pusher.ID || reqs[0].Values["repo_full_name"] != "acme/api" ||
		!strings.Contains(reqs[0].Message, "GitHub event: push") {
		t.Fatalf("push with a listener: %d %+v", res.Status, reqs)
	}
}

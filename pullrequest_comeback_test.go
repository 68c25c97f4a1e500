package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/github/githubtest"
	"github.com/agented/agented/backend/pullrequest"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/webhook"
)

// TestHeadRefusedWhilePausedIsReviewedOnResume, over REST against the real app and the fake
// GitHub: a webhook-mode trigger paused after failures refuses a member's pull request and one
// that is closed before the trigger is back; POST /admin/triggers/:id/resume reviews the open
// one once (its row becomes reviewed) and leaves the closed one skipped.
func TestHeadRefusedWhilePausedIsReviewedOnResume(t *testing.T) {
	gh := githubtest.New(t)
	gh.Token = "ghp_test_token_456"
	gh.SetPulls("acme/api",
		githubtest.PR{Number: 5, Title: "Fix login", Author: "alice", Association: "MEMBER", HeadSHA: "sha5", HeadRef: "login"},
		githubtest.PR{Number: 6, Title: "Old idea", Author: "alice", Association: "MEMBER", HeadSHA: "sha6", HeadRef: "idea"})
	a, base := startServeApp(t, "GITHUB_TOKEN", gh.Token, "AGENTED_GITHUB_API_URL", gh.URL, "GITHUB_WEBHOOK_SECRET", testGitHubSecret)

	code, raw := apiRequest(t, base, http.MethodPost, "/admin/triggers", map[string]any{
		"name": "review acme", "promptTemplate": "[fake:success] review {pr_url}", "backendType": "claude",
		"triggerSource": "github", "githubRepoFilter": "acme/api", "enabled": true,
	})
	var trig struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(raw, &trig); err != nil || code != http.StatusCreated || trig.ID == "" {
		t.Fatalf("create trigger = %d %s", code, raw)
	}
	// The predefined PR reviewer matches every repository: it stays out of the way.
	if code, raw := apiRequest(t, base, http.MethodPut, "/admin/triggers/"+trigger.IDPRReview, map[string]any{"enabled": false}); code != http.StatusOK {
		t.Fatalf("disable the predefined reviewer = %d %s", code, raw)
	}
	send := func(number int, sha string) {
		t.Helper()
		body := fmt.Sprintf(`{"action":"opened","number":%[1]d,"pull_request":{"number":%[1]d,"title":"PR %[1]d",
			"html_url":"https://github.com/acme/api/pull/%[1]d","state":"open","user":{"login":"alice"},"author_association":"MEMBER",
			"head":{"sha":%[2]q,"ref":"b%[1]d","repo":{"full_name":"acme/api"}},"base":{"ref":"main","repo":{"full_name":"acme/api"}}},
			"repository":{"full_name":"acme/api","html_url":"https://github.com/acme/api"}}`, number, sha)
		req, _ := http.NewRequest(http.MethodPost, base+"/api/webhooks/github", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-GitHub-Event", "pull_request")
		req.Header.Set("X-GitHub-Delivery", fmt.Sprintf("delivery-%d", number))
		req.Header.Set("X-Hub-Signature-256", webhook.Sign([]byte(testGitHubSecret), []byte(body)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	list := func() map[int]pullrequest.Summary {
		t.Helper()
		code, raw := apiRequest(t, base, http.MethodGet, "/admin/pull-requests?trigger="+trig.ID, nil)
		var p pullrequest.Page
		if err := json.Unmarshal(raw, &p); err != nil || code != http.StatusOK {
			t.Fatalf("GET /admin/pull-requests = %d %s", code, raw)
		}
		out := map[int]pullrequest.Summary{}
		for _, s := range p.PullRequests {
			out[s.Number] = s
		}
		return out
	}
	waitFor := func(what string, ok func(map[int]pullrequest.Summary) bool) map[int]pullrequest.Summary {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			got := list()
			if ok(got) {
				return got
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never happened: %+v", what, got)
			}
			time.Sleep(250 * time.Millisecond) // the listener rate-limits a tighter loop
		}
	}

	// What the automatic pause does after repeated failures.
	if _, _, err := a.triggers.Pause(context.Background(), trig.ID, "3 failed runs in a row"); err != nil {
		t.Fatal(err)
	}
	send(5, "sha5")
	send(6, "sha6")
	waitFor("both refused", func(m map[int]pullrequest.Summary) bool {
		return m[5].Status == pullrequest.StatusSkipped && m[6].Status == pullrequest.StatusSkipped
	})
	gh.ClosePull("acme/api", 6)

	if code, raw := apiRequest(t, base, http.MethodPost, "/admin/triggers/"+trig.ID+"/resume", nil); code != http.StatusOK {
		t.Fatalf("resume = %d %s", code, raw)
	}
	got := waitFor("#5 reviewed after the resume", func(m map[int]pullrequest.Summary) bool {
		return m[5].Status == pullrequest.StatusReviewed
	})
	if len(got[5].ExecutionIDs) != 1 || got[5].HeadSHA != "sha5" {
		t.Fatalf("#5 = %+v, want its head reviewed once", got[5])
	}
	// Another trigger change must not review anything again, nor the closed one.
	if code, raw := apiRequest(t, base, http.MethodPut, "/admin/triggers/"+trig.ID, map[string]any{"enabled": true}); code != http.StatusOK {
		t.Fatalf("PUT = %d %s", code, raw)
	}
	time.Sleep(300 * time.Millisecond) // a second retry would queue within this
	got = list()
	if len(got[5].ExecutionIDs) != 1 || got[6].Status != pullrequest.StatusSkipped || len(got[6].ExecutionIDs) != 0 {
		t.Fatalf("after a second change: #5 %+v, #6 %+v; want #5 reviewed once and the closed #6 skipped", got[5], got[6])
	}
}

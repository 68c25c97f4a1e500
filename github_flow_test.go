package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/pullrequest"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/webhook"
)

// testGitHubSecret is an obviously fake webhook secret.
const testGitHubSecret = "test-github-secret-123"

// TestGitHubPullRequestStartsAReview is what a repository's webhook does to a running app: a
// signed pull_request "opened" delivery starts the PR review trigger whose repository filter
// matches, with the PR filled into the prompt; GitHub's redelivery of the same delivery id starts
// nothing; another repository and a bad signature start nothing either.
func TestGitHubPullRequestStartsAReview(t *testing.T) {
	a, base := startServeApp(t, "GITHUB_WEBHOOK_SECRET", testGitHubSecret)
	ctx := context.Background()
	review, err := a.triggers.Create(ctx, trigger.Trigger{
		Name: "review acme", PromptTemplate: "[fake:success] review {pr_url} ({pr_title}) by {pr_author} in {repo_full_name}",
		BackendType: "claude", TriggerSource: trigger.SourceGitHub, GitHubRepoFilter: "acme/*", Enabled: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	send := func(guid, repo, secret string) (int, map[string]any) {
		body := fmt.Sprintf(`{"action":"opened","number":42,"pull_request":{"number":42,"title":"Add caching",
			"html_url":"https://github.com/%s/pull/42","state":"open","user":{"login":"octocat"},"author_association":"OWNER",
			"head":{"sha":"abc123","ref":"caching","repo":{"full_name":%q}},"base":{"ref":"main","repo":{"full_name":%q}}},
			"repository":{"full_name":%q,"html_url":"https://github.com/%s"},"sender":{"login":"octocat"}}`, repo, repo, repo, repo, repo)
		req, _ := http.NewRequest(http.MethodPost, base+"/api/webhooks/github", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-GitHub-Event", "pull_request")
		req.Header.Set("X-GitHub-Delivery", guid)
		req.Header.Set("X-Hub-Signature-256", webhook.Sign([]byte(secret), []byte(body)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return resp.StatusCode, out
	}
	runsOf := func(out map[string]any) []string {
		var ids []string
		list, _ := out["runs"].([]any)
		for _, r := range list {
			if m, ok := r.(map[string]any); ok && m["triggerId"] == review.ID {
				ids = append(ids, fmt.Sprint(m["executionId"]))
			}
		}
		return ids
	}

	code, out := send("delivery-1", "acme/api", testGitHubSecret)
	runs := runsOf(out)
	if code != http.StatusAccepted || len(runs) != 1 {
		t.Fatalf("signed PR opened = %d %v", code, out)
	}
	deadline := time.Now().Add(30 * time.Second)
	var ex execution.Execution
	for ex.Status != execution.StatusSuccess {
		if ex, err = a.engine.Get(ctx, runs[0]); err != nil || time.Now().After(deadline) {
			t.Fatalf("review run %s: %+v %v", runs[0], ex, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The title is the author's text: it reaches the prompt fenced as untrusted data.
	want := "review https://github.com/acme/api/pull/42 (" + pullrequest.Untrusted("pr_title", "Add caching") + ") by octocat in acme/api"
	if ex.Kind != execution.KindGitHub || !strings.Contains(ex.Prompt, want) {
		t.Fatalf("review run kind %q prompt %q, want it to contain %q", ex.Kind, ex.Prompt, want)
	}

	if code, out := send("delivery-1", "acme/api", testGitHubSecret); code >= 300 || len(runsOf(out)) != 0 {
		t.Fatalf("redelivery = %d %v: it must not start a second review", code, out)
	}
	if code, out := send("delivery-2", "other/repo", testGitHubSecret); code >= 300 || len(runsOf(out)) != 0 {
		t.Fatalf("another repository = %d %v", code, out)
	}
	if code, _ := send("delivery-3", "acme/api", "wrong-secret"); code != http.StatusUnauthorized {
		t.Fatalf("bad signature = %d, want 401", code)
	}
	page, err := a.engine.List(ctx, execution.ListFilter{TriggerID: review.ID})
	if err != nil || page.Total != 1 {
		t.Fatalf("review runs = %d, %v; want exactly the first delivery's", page.Total, err)
	}
}

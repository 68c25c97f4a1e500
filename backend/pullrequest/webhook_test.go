package pullrequest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/agented/agented/backend/trigger"
)

// The payload is octokit's example pull_request "opened" delivery (octokit/webhooks
// payload-examples/api.github.com/pull_request/opened.payload.json), cut to the fields GitHub
// sends that Agented reads, with their values unchanged.
func readPayload(t *testing.T, mod func(map[string]any)) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("testdata/pull_request.opened.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		t.Fatal(err)
	}
	if mod != nil {
		mod(obj)
	}
	return obj
}

func TestIncomingFromOctokitPayload(t *testing.T) {
	t.Parallel()
	in := incomingFromPayload(readPayload(t, nil), "opened")
	want := Incoming{Repo: "Codertocat/Hello-World", Number: 2, Title: "Update the README with new information.",
		Body: "This is a pretty simple change that we need to pull into master.", Author: "Codertocat", Association: "OWNER",
		HTMLURL: "https://github.com/Codertocat/Hello-World/pull/2", RepoURL: "https://github.com/Codertocat/Hello-World",
		HeadSHA: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", HeadRef: "changes", BaseRef: "master", Source: SourceWebhook, Action: "opened"}
	if in != want {
		t.Fatalf("incoming = %+v\nwant       %+v", in, want)
	}
}

// TestWebhookHoldsAForkAndRunsTheOwner: the owner's delivery runs at once; the same delivery
// from a fork by a contributor waits for approval; a deleted fork (head.repo null) is a fork too.
func TestWebhookHoldsAForkAndRunsTheOwner(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	tr := e.reviewer(t, func(tr *trigger.Trigger) { tr.GitHubRepoFilter = "Codertocat/*" })
	res, err := e.svc.ReceiveWebhook(ctx, tr, readPayload(t, nil), "opened", nil)
	if err != nil || res.ExecutionID == "" {
		t.Fatalf("owner's PR = %+v, %v", res, err)
	}
	if again, err := e.svc.ReceiveWebhook(ctx, tr, readPayload(t, nil), "opened", nil); err != nil || again.Duplicate == "" {
		t.Fatalf("redelivered head SHA = %+v, %v; want a duplicate", again, err)
	}
	fork := func(obj map[string]any) {
		pr := obj["pull_request"].(map[string]any)
		pr["number"] = json.Number("3")
		pr["author_association"] = "CONTRIBUTOR"
		pr["head"].(map[string]any)["repo"].(map[string]any)["full_name"] = "octocat/Hello-World"
	}
	held, err := e.svc.ReceiveWebhook(ctx, tr, readPayload(t, fork), "opened", nil)
	if err != nil || held.Held == "" || held.ExecutionID != "" {
		t.Fatalf("fork's PR = %+v, %v; want it held", held, err)
	}
	gone := func(obj map[string]any) {
		pr := obj["pull_request"].(map[string]any)
		pr["number"] = json.Number("4")
		pr["head"].(map[string]any)["repo"] = nil
	}
	if res, err := e.svc.ReceiveWebhook(ctx, tr, readPayload(t, gone), "opened", nil); err != nil || res.Held == "" {
		t.Fatalf("deleted fork's PR = %+v, %v; want it held", res, err)
	}
}

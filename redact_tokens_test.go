package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/project"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// Obviously fake tokens: a project's clone token and the GitHub API token.
const (
	leakProjectToken = "fake-project-clone-token-0123456789"
	leakGitHubToken  = "fake-github-api-token-9876543210"
)

// TestRunOutputRedactsProjectAndGitHubTokens runs a CLI that prints a project's clone token
// (alone and inside a remote URL) and the GitHub token: the stored log and the live log events
// show [REDACTED] instead. The project is created after the app started, so its token joins the
// secrets gathered at the run's start, not only those known at start-up.
func TestRunOutputRedactsProjectAndGitHubTokens(t *testing.T) {
	leak := filepath.Join(t.TempDir(), "tokens.txt")
	text := "token " + leakProjectToken + "\nremote https://x-access-token:" + leakProjectToken + "@github.com/acme/private.git\ngh " + leakGitHubToken + "\n"
	if err := os.WriteFile(leak, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FAKEAGENT_LEAK_FILE", leak) // the fake CLI inherits this process's environment
	a, _ := startServeApp(t)
	ctx := context.Background()
	if err := a.secrets.Set(secret.GitHubTokenName(), leakGitHubToken); err != nil {
		t.Fatal(err)
	}
	tok := leakProjectToken
	if _, err := a.projects.Create(ctx, project.Input{Name: "private", RepoURL: "acme/private", Token: &tok}); err != nil {
		t.Fatal(err)
	}
	tr, err := a.triggers.Create(ctx, trigger.Trigger{Name: "leaky", PromptTemplate: "[fake:leak] {message}", BackendType: "claude", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	live := a.bus.Subscribe(10000, func(name string) bool { return strings.HasPrefix(name, events.ExecutionLogPrefix) })
	defer live.Close()
	ex, err := a.engine.Submit(ctx, execution.Request{TriggerID: tr.ID, Kind: execution.KindManual})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !execution.IsTerminal(ex.Status) {
		if time.Now().After(deadline) {
			t.Fatalf("run %s did not end: %+v", ex.ID, ex)
		}
		time.Sleep(20 * time.Millisecond)
		if ex, err = a.engine.Get(ctx, ex.ID); err != nil {
			t.Fatal(err)
		}
	}

	page, err := a.engine.Lines(ctx, ex.ID, 0, 10000)
	if err != nil || len(page.Lines) == 0 {
		t.Fatalf("stored lines: %d, %v", len(page.Lines), err)
	}
	var stored []string
	for _, l := range page.Lines {
		stored = append(stored, l.Text)
	}
	last := page.Lines[len(page.Lines)-1].Seq

	// The live events of this run, up to its last stored line (published before the run ends).
	var streamed []string
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for seen := int64(0); seen < last; {
		ev, err := live.Next(waitCtx)
		if err != nil {
			t.Fatalf("live events stopped at line %d of %d: %v", seen, last, err)
		}
		if ev.Missed > 0 {
			t.Fatalf("%d live events missed", ev.Missed)
		}
		batch, ok := ev.Payload.(execution.LogBatch)
		if !ok || batch.ExecutionID != ex.ID {
			continue
		}
		for _, l := range batch.Lines {
			streamed = append(streamed, l.Text)
			seen = max(seen, l.Seq)
		}
	}

	for view, lines := range map[string][]string{"stored log": stored, "live events": streamed} {
		all := strings.Join(lines, "\n")
		for _, secret := range []string{leakProjectToken, leakGitHubToken} {
			if strings.Contains(all, secret) {
				t.Errorf("the %s shows %q:\n%s", view, secret, all)
			}
		}
		for _, want := range []string{"token [REDACTED]", "https://x-access-token:[REDACTED]@github.com/acme/private.git", "gh [REDACTED]"} {
			if !strings.Contains(all, want) {
				t.Errorf("the %s lacks %q:\n%s", view, want, all)
			}
		}
	}
}

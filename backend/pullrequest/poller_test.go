package pullrequest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/github/githubtest"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/trigger"
)

func pollTrigger(t *testing.T, e *env) trigger.Trigger {
	t.Helper()
	return e.reviewer(t, func(tr *trigger.Trigger) {
		tr.GitHubMode, tr.GitHubPollSeconds = trigger.GitHubModePoll, 10
	})
}

// TestPollFindsNewPRsAndPushes: a poll queues a review per new pull request, nothing for an
// unchanged list (answered 304), and a second review after a push. The ETag is stored, so a
// service started anew over the same database asks conditionally from its first poll.
func TestPollFindsNewPRsAndPushes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	tr := pollTrigger(t, e)
	e.gh.SetPulls("acme/api",
		githubtest.PR{Number: 1, Title: "one", Author: "alice", Association: "OWNER", HeadSHA: "a1"},
		githubtest.PR{Number: 2, Title: "two", Author: "bob", Association: "COLLABORATOR", HeadSHA: "b1"})
	if _, err := e.svc.PollOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if n := len(e.runs.prepared); n != 2 {
		t.Fatalf("%d reviews after the first poll, want 2", n)
	}
	_, _, charged := e.gh.Counts()
	if _, err := e.svc.PollOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if _, n304, after := e.gh.Counts(); n304 != 1 || after != charged || len(e.runs.prepared) != 2 {
		t.Fatalf("unchanged poll: 304s %d, charged %d→%d, reviews %d", n304, charged, after, len(e.runs.prepared))
	}
	e.gh.Push("acme/api", 2, "b2")
	if _, err := e.svc.PollOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if n := len(e.runs.prepared); n != 3 {
		t.Fatalf("%d reviews after a push, want 3", n)
	}

	// A restart: a new service over the same store.
	again := New(Deps{DB: e.svc.d.DB, Triggers: e.triggers, Runs: e.runs, Secrets: e.svc.d.Secrets, Log: logging.Discard(),
		Getenv: e.svc.d.Getenv, Go: func(fn func()) { fn() }})
	if _, err := again.PollOnce(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if _, n304, _ := e.gh.Counts(); n304 != 2 || len(e.runs.prepared) != 3 {
		t.Fatalf("first poll after a restart: 304s %d, reviews %d; want a 304 and nothing new", n304, len(e.runs.prepared))
	}
}

// TestPollErrorsAreKeptAndRateLimitsWait: a failed poll keeps its reason for the screen; a rate
// limit says when to poll again (GitHub's reset time).
func TestPollErrorsAreKeptAndRateLimitsWait(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	tr := pollTrigger(t, e)
	e.gh.SetPulls("acme/api")
	reset := time.Now().Add(20 * time.Minute).Truncate(time.Second)
	e.gh.Fail(githubtest.Fault{Match: "GET /repos/acme/api/pulls", Status: http.StatusForbidden, Message: "API rate limit exceeded",
		Header: map[string]string{"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": strconv.FormatInt(reset.Unix(), 10)}})
	retryAt, err := e.svc.PollOnce(ctx, tr)
	if err == nil || !retryAt.Equal(reset) {
		t.Fatalf("rate-limited poll = retry at %v, %v; want %v", retryAt, err, reset)
	}
	polls, err := e.svc.Polls(ctx)
	if err != nil || len(polls) != 1 || !strings.Contains(polls[0].LastError, "rate limited") {
		t.Fatalf("polls = %+v, %v", polls, err)
	}
	e.gh.Fail(githubtest.Fault{Match: "GET /repos/acme/api/pulls", Status: http.StatusNotFound, Message: "Not Found"})
	if retryAt, err := e.svc.PollOnce(ctx, tr); err == nil || !retryAt.IsZero() {
		t.Fatalf("404 poll = %v, %v; want an error and the normal backoff", retryAt, err)
	}
	if _, err := e.svc.PollOnce(ctx, tr); err != nil {
		t.Fatalf("poll after the faults: %v", err)
	}
	if polls, _ := e.svc.Polls(ctx); polls[0].LastError != "" {
		t.Fatalf("a good poll keeps the old error: %+v", polls[0])
	}
}

// TestOnlyPollModeTriggersGetATimer: a webhook-mode or disabled trigger costs no timer; editing a
// trigger to poll mode adds one, back to webhook removes it.
func TestOnlyPollModeTriggersGetATimer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.reviewer(t, func(tr *trigger.Trigger) { tr.Name = "by webhook" })
	e.reviewer(t, func(tr *trigger.Trigger) {
		tr.Name, tr.Enabled, tr.GitHubMode = "disabled poller", false, trigger.GitHubModePoll
	})
	timers := func() int {
		e.svc.poll.mu.Lock()
		defer e.svc.poll.mu.Unlock()
		return len(e.svc.poll.timers)
	}
	e.svc.startPolling(ctx)
	if n := timers(); n != 0 {
		t.Fatalf("%d timers without a poll-mode trigger, want 0", n)
	}
	p := pollTrigger(t, e)
	e.svc.startPolling(ctx)
	if n := timers(); n != 1 {
		t.Fatalf("%d timers with one poll-mode trigger, want 1", n)
	}
	p.GitHubMode = trigger.GitHubModeWebhook
	if _, err := e.triggers.Update(ctx, p); err != nil {
		t.Fatal(err)
	}
	e.svc.startPolling(ctx)
	if n := timers(); n != 0 {
		t.Fatalf("%d timers after switching to webhook, want 0", n)
	}
	e.svc.stopPolling()
}

package pullrequest

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/github/githubtest"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// fakeRuns stands in for the engine: Prepare refuses a disabled or paused trigger as the engine
// does and otherwise stores nothing but an id, Get answers a finished run with a review, prepared
// keeps every request (with its trigger) for the test to read and queued every run stored.
type fakeRuns struct {
	mu       sync.Mutex
	n        int
	prepared map[string]execution.Request
	queued   []string
	refuse   error
}

func (f *fakeRuns) Prepare(_ context.Context, req execution.Request) (execution.Pending, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse != nil {
		return nil, f.refuse
	}
	if t := req.Trigger; t != nil && !t.Enabled {
		return nil, fmt.Errorf("%w: %s", execution.ErrDisabled, t.Name)
	}
	if t := req.Trigger; t != nil && t.Paused {
		return nil, fmt.Errorf("%w: %s (%s); resume it to let it fire again", execution.ErrPaused, t.Name, t.PausedReason)
	}
	f.n++
	id := fmt.Sprintf("exec-%d", f.n)
	f.prepared[id] = req
	return &fakePending{id: id, claim: req.Claim, runs: f}, nil
}

func (f *fakeRuns) Get(_ context.Context, id string) (execution.Execution, error) {
	return execution.Execution{ID: id, Status: execution.StatusSuccess, Usage: agent.Usage{CostUSD: 0.5, ResultText: "Looks good to me."}}, nil
}

func (f *fakeRuns) request(id string) execution.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.prepared[id]
}

func (f *fakeRuns) queuedRuns() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.queued...)
}

type fakePending struct {
	id    string
	claim func(context.Context, *sql.Tx) error
	runs  *fakeRuns
}

func (p *fakePending) ID() string { return p.id }
func (p *fakePending) Store(ctx context.Context, tx *sql.Tx) error {
	if p.claim != nil {
		return p.claim(ctx, tx)
	}
	return nil
}
func (p *fakePending) Queued(context.Context) {
	p.runs.mu.Lock()
	defer p.runs.mu.Unlock()
	p.runs.queued = append(p.runs.queued, p.id)
}

type env struct {
	svc      *Service
	runs     *fakeRuns
	triggers *trigger.Service
	gh       *githubtest.Server
	rec      *events.Recorder
	now      time.Time
}

// newEnv is a service over real SQLite and a fake GitHub; goroutines it starts run inline, so a
// report is written before follow returns.
func newEnv(t *testing.T) *env {
	t.Helper()
	d := testutil.OpenDB(t)
	e := &env{runs: &fakeRuns{prepared: map[string]execution.Request{}}, gh: githubtest.New(t), rec: &events.Recorder{},
		now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	e.gh.Token = "ghp_unit"
	e.triggers = trigger.New(trigger.Deps{DB: d, Emitter: e.rec, Log: logging.Discard()})
	keys := secret.New(secret.NewMemoryKeyring(), func(string) string { return "" }, nil, logging.Discard())
	if err := keys.Set(secret.GitHubTokenName(), e.gh.Token); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{EnvAPIURL: e.gh.URL}
	e.svc = New(Deps{DB: d, Triggers: e.triggers, Runs: e.runs, Secrets: keys, Emitter: e.rec, Log: logging.Discard(),
		Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return e.now }, Go: func(fn func()) { fn() }})
	return e
}

// reviewer creates a GitHub trigger that comments.
func (e *env) reviewer(t *testing.T, mod func(*trigger.Trigger)) trigger.Trigger {
	t.Helper()
	tr := trigger.Trigger{Name: "reviewer", PromptTemplate: "review {pr_title}", TriggerSource: trigger.SourceGitHub,
		GitHubRepoFilter: "acme/api", GitHubReport: trigger.GitHubReportComment, PermissionProfile: agent.ProfileFullAuto, Enabled: true}
	if mod != nil {
		mod(&tr)
	}
	out, err := e.triggers.Create(context.Background(), tr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func member(number int, sha string) Incoming {
	return Incoming{Repo: "acme/api", Number: number, Title: "Add caching", Author: "alice", Association: "MEMBER",
		HTMLURL: "https://github.com/acme/api/pull/1", HeadSHA: sha, HeadRef: "caching", BaseRef: "main", Source: SourcePoll, Action: "opened"}
}

package execution

// The router end to end: the real claude and codex CLIs (as in contract_test.go), one fake model
// API per account, real accounts in SQLite, a fake clock for cooldowns and waits.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/fakeapi"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// routerEnv is one router test: a database, accounts, a fake clock and the real CLIs.
type routerEnv struct {
	t        *testing.T
	bin      string
	db       *db.DB
	clock    *schedule.FakeClock
	accounts *account.Service
	keys     map[string]string // apiKeyEnv variables of the accounts
	home     string
	h        *harness
}

func newRouterEnv(t *testing.T) *routerEnv {
	t.Helper()
	return newRouterEnvWith(t, realCLIs(t))
}

// newRouterEnvWith runs the CLIs of bin (realCLIs, or fakeCLIs for the fake agent).
func newRouterEnvWith(t *testing.T, bin string) *routerEnv {
	t.Helper()
	r := &routerEnv{t: t, bin: bin, db: testutil.OpenDB(t), clock: schedule.NewFakeClock(time.Now().UTC()), keys: map[string]string{}, home: t.TempDir()}
	getenv := func(k string) string { return r.keys[k] }
	sec := secret.New(secret.NewMemoryKeyring(), getenv, nil, logging.Discard())
	r.accounts = account.New(r.db, sec, &events.Recorder{}, logging.Discard(), r.clock.Now)
	r.start()
	return r
}

// start (re)starts the engine on the env's database, as a restarted app would.
func (r *routerEnv) start() {
	env := append([]string{}, neutral...)
	env = append(env, "HOME="+mkdir(r.t, r.home, "home"), "TMPDIR="+mkdir(r.t, r.home, "tmp"), "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", "DISABLE_AUTOUPDATER=1")
	r.h = newHarness(r.t, harnessOpts{env: env, resolver: dirResolver{r.bin}, isRoot: os.Geteuid() == 0, db: r.db,
		accounts: r.accounts, now: r.clock.Now, after: func(d time.Duration) <-chan time.Time { return r.clock.NewTimer(d).C() },
		maxAttempts: 5, cooldown: 10 * time.Minute})
}

// claudeAccount is an account whose claude talks to its own fake API with its own key.
func (r *routerEnv) claudeAccount(name string, api *fakeapi.Server) account.Account {
	r.t.Helper()
	keyVar := "KEY_" + strings.ToUpper(name)
	r.keys[keyVar] = "sk-router-" + name
	a, err := r.accounts.Create(context.Background(), account.Input{Backend: agent.Claude, Name: name, APIKeyEnv: keyVar,
		ConfigDir: mkdir(r.t, r.home, "claude-"+name), Env: map[string]string{"ANTHROPIC_BASE_URL": api.URL()}})
	if err != nil {
		r.t.Fatal(err)
	}
	return a
}

// codexAccount is an account whose CODEX_HOME names its own fake API as the provider.
func (r *routerEnv) codexAccount(name string, api *fakeapi.Server) account.Account {
	r.t.Helper()
	keyVar := "KEY_" + strings.ToUpper(name)
	r.keys[keyVar] = "sk-router-" + name
	dir := codexHome(r.t)
	writeFile(r.t, filepath.Join(dir, "config.toml"), fmt.Sprintf(`model_provider = "fake"

[model_providers.fake]
name = "fake"
base_url = %q
env_key = "OPENAI_API_KEY"
wire_api = "responses"
supports_websockets = false
request_max_retries = 0
stream_max_retries = 0
`, api.URL()+"/v1"))
	a, err := r.accounts.Create(context.Background(), account.Input{Backend: agent.Codex, Name: name, APIKeyEnv: keyVar, ConfigDir: dir})
	if err != nil {
		r.t.Fatal(err)
	}
	return a
}

func (r *routerEnv) trigger(backend, model string, first account.Account, chain ...trigger.ChainEntry) trigger.Trigger {
	r.t.Helper()
	return r.h.newTrigger("router "+r.t.Name(), backend, func(tr *trigger.Trigger) {
		tr.Model, tr.AccountID, tr.FallbackChain = model, first.ID, chain
		tr.PermissionProfile = agent.ProfileEdits
		tr.PromptTemplate = "Say hello."
	})
}

// waitStatus polls the run until it has one of statuses, failing with its log otherwise.
func (r *routerEnv) waitStatus(id string, timeout time.Duration, pred func(Execution) bool) Execution {
	r.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ex, err := r.h.engine.Get(context.Background(), id)
		if err != nil {
			r.t.Fatal(err)
		}
		if pred(ex) {
			return ex
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("run %s: condition not met after %s: status %s wait %q attempts %+v\nlog:\n%s", id, timeout, ex.Status, ex.WaitUntil, ex.Attempts, r.log(id))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (r *routerEnv) log(id string) string {
	var b strings.Builder
	for _, l := range r.h.allLines(id) {
		fmt.Fprintf(&b, "  %4d %-6s %s\n", l.Seq, l.Stream, clip(l.Text, 300))
	}
	return b.String()
}

func ended(ex Execution) bool { return ex.Status != StatusQueued && ex.Status != StatusRunning }

func waiting(ex Execution) bool { return ex.Status == StatusQueued && ex.WaitUntil != "" }

// keysSeen lists the API keys a fake received on model requests.
func keysSeen(api *fakeapi.Server) []string {
	var out []string
	for _, q := range api.Requests() {
		if q.Reply != "probe" && q.Reply != "not_found" && !slices.Contains(out, q.APIKey) {
			out = append(out, q.APIKey)
		}
	}
	return out
}

func checkAttempts(t *testing.T, ex Execution, want ...string) {
	t.Helper()
	var got []string
	for _, a := range ex.Attempts {
		got = append(got, a.AccountName+":"+a.Status+":"+a.FailureKind)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("attempts %q, want %q (%+v)", got, want, ex.Attempts)
	}
}

func TestRouterClaudeQuotaFallsBackToSecondAccount(t *testing.T) {
	t.Parallel()
	r := newRouterEnv(t)
	apiA, apiB := fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeQuota}), fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeText})
	t.Cleanup(apiA.Close)
	t.Cleanup(apiB.Close)
	a, b := r.claudeAccount("alpha", apiA), r.claudeAccount("beta", apiB)
	tr := r.trigger(agent.Claude, "sonnet", a, trigger.ChainEntry{Backend: agent.Claude, AccountID: b.ID, Model: "sonnet"})

	ex := r.waitStatus(r.h.submit(tr, "").ID, contractRunTimeout, ended)
	if ex.Status != StatusSuccess {
		t.Fatalf("run %s (%s: %s), want success\n%s", ex.Status, ex.FailureKind, ex.ErrorMessage, r.log(ex.ID))
	}
	checkAttempts(t, ex, "alpha:failed:quota", "beta:success:")
	if ex.AccountID != b.ID || ex.Billing != account.BillingAPIKey {
		t.Fatalf("the run says account %q billing %q, want beta on its API key", ex.AccountID, ex.Billing)
	}
	want := r.clock.Now().Add(10 * time.Minute).UTC().Format(time.RFC3339)
	if ex.Attempts[0].ResetAt != want || ex.Attempts[0].Reason == "" || ex.Attempts[0].ChangedFiles {
		t.Fatalf("first attempt %+v: want the default cooldown's reset %s, the CLI's reason, no changed files", ex.Attempts[0], want)
	}
	if got := keysSeen(apiA); !slices.Equal(got, []string{"sk-router-alpha"}) {
		t.Fatalf("API A saw keys %q", got)
	}
	if got := keysSeen(apiB); !slices.Equal(got, []string{"sk-router-beta"}) {
		t.Fatalf("API B saw keys %q", got)
	}
	cds, _ := r.accounts.Cooldowns(context.Background())
	if c, ok := cds[a.ID]; !ok || c.Failure != agent.FailureQuota {
		t.Fatalf("alpha's cooldown %+v, want a quota cooldown", cds)
	}
	// While alpha rests, the next run goes straight to beta.
	ex2 := r.waitStatus(r.h.submit(tr, "").ID, contractRunTimeout, ended)
	checkAttempts(t, ex2, "beta:success:")
	if !strings.Contains(r.log(ex.ID), "[agented] attempt 2: claude account beta") {
		t.Fatalf("the log does not announce the second attempt:\n%s", r.log(ex.ID))
	}
}

func TestRouterCodexOnlyChain(t *testing.T) {
	t.Parallel()
	r := newRouterEnv(t)
	apiA, apiB := fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeQuota}), fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeText})
	t.Cleanup(apiA.Close)
	t.Cleanup(apiB.Close)
	a, b := r.codexAccount("one", apiA), r.codexAccount("two", apiB)
	tr := r.trigger(agent.Codex, "gpt-5", a, trigger.ChainEntry{Backend: agent.Codex, AccountID: b.ID, Model: "gpt-5"})
	ex := r.waitStatus(r.h.submit(tr, "").ID, contractRunTimeout, ended)
	if ex.Status != StatusSuccess {
		t.Fatalf("run %s (%s: %s), want success\n%s", ex.Status, ex.FailureKind, ex.ErrorMessage, r.log(ex.ID))
	}
	checkAttempts(t, ex, "one:failed:quota", "two:success:")
	// codex says when the usage limit resets ("try again at ..."): an hour ahead, to the minute.
	at, err := time.Parse(time.RFC3339, ex.Attempts[0].ResetAt)
	if err != nil || at.Sub(r.clock.Now()) < 55*time.Minute || at.Sub(r.clock.Now()) > 65*time.Minute {
		t.Fatalf("reset %q, want about an hour ahead (the CLI's own time)", ex.Attempts[0].ResetAt)
	}
	if got := keysSeen(apiB); !slices.Equal(got, []string{"sk-router-two"}) {
		t.Fatalf("API B saw keys %q", got)
	}
}

func TestRouterEditedAttemptWaitsAndResumes(t *testing.T) {
	t.Parallel()
	r := newRouterEnv(t)
	apiA, apiB := fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeWriteQuota}), fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeText})
	t.Cleanup(apiA.Close)
	t.Cleanup(apiB.Close)
	a, b := r.claudeAccount("alpha", apiA), r.claudeAccount("beta", apiB)
	tr := r.trigger(agent.Claude, "sonnet", a, trigger.ChainEntry{Backend: agent.Claude, AccountID: b.ID, Model: "sonnet"})
	file := filepath.Join(tr.Paths[0].Path, "notes.txt")
	apiA.SetToolFile(file)

	ex := r.waitStatus(r.h.submit(tr, "").ID, contractRunTimeout, waiting)
	if data, err := os.ReadFile(file); err != nil || string(data) != fakeapi.WrittenText {
		t.Fatalf("the first attempt did not write the file: %q %v\n%s\n%s", data, err, r.log(ex.ID), apiA.Summary())
	}
	checkAttempts(t, ex, "alpha:failed:quota")
	if !ex.Attempts[0].ChangedFiles || ex.Attempts[0].SessionID == "" {
		t.Fatalf("attempt %+v: want changed files and a session id", ex.Attempts[0])
	}
	if ex.WaitUntil != ex.Attempts[0].ResetAt || !strings.Contains(ex.WaitReason, "resume the same session") {
		t.Fatalf("waits until %q (%s), want alpha's reset %q to resume", ex.WaitUntil, ex.WaitReason, ex.Attempts[0].ResetAt)
	}
	if n := len(apiB.Requests()); n != 0 {
		t.Fatalf("beta was called %d times: the half-done work was handed to another account", n)
	}

	// The reset comes; alpha answers again; the same session goes on.
	apiA.SetMode(fakeapi.ModeText)
	r.clock.Advance(11 * time.Minute)
	ex = r.waitStatus(ex.ID, contractRunTimeout, ended)
	if ex.Status != StatusSuccess {
		t.Fatalf("resumed run %s (%s: %s)\n%s", ex.Status, ex.FailureKind, ex.ErrorMessage, r.log(ex.ID))
	}
	checkAttempts(t, ex, "alpha:failed:quota", "alpha:success:")
	if !ex.Attempts[1].Resumed || !slices.Contains(ex.Argv, "--resume") || !slices.Contains(ex.Argv, ex.Attempts[0].SessionID) {
		t.Fatalf("second attempt %+v argv %q: want --resume %s", ex.Attempts[1], ex.Argv, ex.Attempts[0].SessionID)
	}
	reqs := apiA.Requests()
	if last := reqs[len(reqs)-1]; !last.Contains(agent.ResumePrompt) || !last.Contains(fakeapi.WrittenText) {
		t.Fatalf("the resumed request lacks the resume prompt or the earlier conversation:\n%s", apiA.Summary())
	}
	checkSeq(t, r.h.allLines(ex.ID)) // one log across both dispatches, no gap
}

func TestRouterAllLimitedWaitSurvivesRestart(t *testing.T) {
	t.Parallel()
	r := newRouterEnv(t)
	apiA, apiB := fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeQuota}), fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeQuota})
	t.Cleanup(apiA.Close)
	t.Cleanup(apiB.Close)
	a, b := r.claudeAccount("alpha", apiA), r.claudeAccount("beta", apiB)
	tr := r.trigger(agent.Claude, "sonnet", a, trigger.ChainEntry{Backend: agent.Claude, AccountID: b.ID, Model: "sonnet"})

	ex := r.waitStatus(r.h.submit(tr, "").ID, contractRunTimeout, waiting)
	checkAttempts(t, ex, "alpha:failed:quota", "beta:failed:quota")
	if ex.WaitUntil != ex.Attempts[0].ResetAt || !strings.Contains(ex.WaitReason, "alpha resets at") || !strings.Contains(ex.WaitReason, "beta resets at") {
		t.Fatalf("waits until %q because %q; want alpha's (earliest) reset, naming both accounts", ex.WaitUntil, ex.WaitReason)
	}

	// Agented restarts while the run waits: it is still queued, still waiting.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := r.h.engine.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	r.start()
	got := r.waitStatus(ex.ID, 5*time.Second, func(e Execution) bool { return true })
	if !waiting(got) || got.WaitUntil != ex.WaitUntil {
		t.Fatalf("after a restart the run is %s waiting %q, want it still waiting until %q", got.Status, got.WaitUntil, ex.WaitUntil)
	}
	time.Sleep(300 * time.Millisecond) // the dispatcher has had its chance: the run must not start early
	if got, _ := r.h.engine.Get(context.Background(), ex.ID); len(got.Attempts) != 2 {
		t.Fatalf("the run started before the reset: %+v", got.Attempts)
	}

	// The resets pass; alpha is still out of credit, beta has some again.
	apiB.SetMode(fakeapi.ModeText)
	r.clock.Advance(11 * time.Minute)
	ex = r.waitStatus(ex.ID, 2*contractRunTimeout, ended)
	if ex.Status != StatusSuccess {
		t.Fatalf("run %s (%s: %s)\n%s", ex.Status, ex.FailureKind, ex.ErrorMessage, r.log(ex.ID))
	}
	checkAttempts(t, ex, "alpha:failed:quota", "beta:failed:quota", "alpha:failed:quota", "beta:success:")
	checkSeq(t, r.h.allLines(ex.ID))
}

func TestRouterGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	r := newRouterEnv(t)
	r.h.mu.Lock()
	r.h.limits.MaxAttempts = 2
	r.h.mu.Unlock()
	rec := r.h.rec
	apiA, apiB := fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeQuota}), fakeapi.New(fakeapi.Config{Mode: fakeapi.ModeQuota})
	t.Cleanup(apiA.Close)
	t.Cleanup(apiB.Close)
	a, b := r.claudeAccount("alpha", apiA), r.claudeAccount("beta", apiB)
	tr := r.trigger(agent.Claude, "sonnet", a, trigger.ChainEntry{Backend: agent.Claude, AccountID: b.ID, Model: "sonnet"})
	ex := r.waitStatus(r.h.submit(tr, "").ID, 2*contractRunTimeout, ended)
	if ex.Status != StatusFailed || ex.FailureKind != agent.FailureQuota {
		t.Fatalf("run %s/%s, want failed/quota", ex.Status, ex.FailureKind)
	}
	for _, w := range []string{"gave up after 2 attempts", "claude account alpha resets at", "claude account beta resets at"} {
		if !strings.Contains(ex.ErrorMessage, w) {
			t.Fatalf("reason %q lacks %q", ex.ErrorMessage, w)
		}
	}
	// The notification follows the run's end (the ended state is stored first), so wait for it.
	testutil.Eventually(t, 10*time.Second, func() bool {
		for _, ev := range rec.Events() {
			if n, ok := ev.Payload.(events.Notification); ok && n.Kind == events.KindRetriesExhausted && n.ExecutionID == ex.ID {
				return true
			}
		}
		return false
	}, "no retries_exhausted notification for %s", ex.ID)
}

package restapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/audit"
	"github.com/agented/agented/backend/budget"
	"github.com/agented/agented/backend/clidetect"
	"github.com/agented/agented/backend/config"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/notify"
	"github.com/agented/agented/backend/planning"
	"github.com/agented/agented/backend/project"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/telemetry"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/update"
	"github.com/agented/agented/backend/usage"
	"github.com/agented/agented/backend/webhook"
)

// fakeDir holds the fake agent CLI, built once for the package and linked under the four CLI
// names (the same fake the engine's tests use, from /testdata/fakeagent).
var fakeDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "agented-restapi-fake-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		bin := filepath.Join(dir, "fakeagent")
		if out, err := exec.Command("go", "build", "-o", bin, "../../testdata/fakeagent").CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build fakeagent: %v\n%s", err, out)
			return 1
		}
		for _, n := range []string{"claude", "codex", "gemini", "opencode"} {
			if err := os.Symlink(bin, filepath.Join(dir, n)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
		fakeDir = dir
		return m.Run()
	}()
	os.Exit(code)
}

type fakeResolver struct{}

func (fakeResolver) Resolve(_ context.Context, name string) (string, error) {
	p := filepath.Join(fakeDir, name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s: command not found", name)
	}
	return p, nil
}

// fakeEnv runs the fake in auto mode: each prompt's [fake:MODE] marker picks its behaviour.
type fakeEnv struct{}

func (fakeEnv) Build(context.Context, string) ([]string, []string) {
	return append(os.Environ(), "FAKEAGENT_MODE=auto"), nil
}

// env is one test's server: real trigger service, engine and bus on a fresh SQLite file.
type env struct {
	t        *testing.T
	api      *API
	triggers *trigger.Service
	engine   *execution.Engine
	bus      *events.Bus
	srv      *httptest.Server
	logs     *syncBuffer // the API's log lines (debug and up)
	settings *settings.Service

	// Set by envOpts.listener: the real listener in front, named keys and the audit log.
	keys     *apikey.Service
	accounts *account.Service
	audit    *audit.Service
	adminKey string // AGENTED_API_KEY's value; do sends it
}

// syncBuffer is a bytes.Buffer safe for the handlers' concurrent log writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type envOpts struct {
	heartbeat time.Duration
	queue     int // SSE bus queue size; 0 keeps the default
	// listener serves the API through httpserver.New (API key, scopes, request ids) with named
	// keys, accounts on a memory keyring and the audit log, instead of a bare Echo.
	listener bool
}

func newEnv(t *testing.T, o envOpts) *env {
	t.Helper()
	d := testutil.OpenDB(t)
	bus := events.NewBus()
	log := logging.Discard()
	trs := trigger.New(trigger.Deps{DB: d, Emitter: bus, Log: log})
	if err := trs.Seed(context.Background()); err != nil {
		t.Fatal(err)
	}
	set, err := settings.New(context.Background(), d, bus, log)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	runs := execution.NewStore(d)
	projects := project.New(project.Deps{DB: d, Secrets: secret.New(secret.OSKeyring{}, func(string) string { return "" }, nil, log),
		Settings: set, Emitter: trs.InvalidateOn(bus), Log: log, DefaultWorkspace: work, Runs: runs})
	eng := execution.NewEngine(execution.Deps{
		Store: runs, Triggers: trs, Projects: projects, Resolver: fakeResolver{}, Env: fakeEnv{},
		Limits:  func() execution.Limits { return execution.Limits{MaxConcurrent: 8, OutputCapBytes: 64 << 20} },
		Emitter: trs.InvalidateOn(bus), Log: log, Go: func(f func()) { go f() }, DefaultDir: filepath.Join(work, "default"),
	})
	if err := eng.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The scheduler's clock stands still at a known moment, so fire times are predictable.
	sched := schedule.New(schedule.Options{Store: schedule.NewSQLStore(d), Jobs: trs, Firer: eng,
		Clock: schedule.NewFakeClock(scheduleNow), Log: log})
	if err := sched.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	ntf := notify.New(notify.Deps{Store: notify.NewStore(d), Emitter: bus, Prefs: set, Log: log})
	ntfCtx, stopNotify := context.WithCancel(context.Background())
	ntf.Run(ntfCtx, bus)
	prices, err := usage.NewPricing(context.Background(), set)
	if err != nil {
		t.Fatal(err)
	}
	planCmds, err := planning.NewCommandList(context.Background(), set, bus, log)
	if err != nil {
		t.Fatal(err)
	}
	var (
		keys     *apikey.Service
		auditLog *audit.Service
		accounts *account.Service
	)
	var (
		secrets  *secret.Store
		webhooks *webhook.Service
	)
	if o.listener {
		keys, auditLog = apikey.New(d, log, nil), audit.New(d, nil, log, nil)
		secrets = secret.New(secret.NewMemoryKeyring(), func(string) string { return "" }, nil, log)
		accounts = account.New(d, secrets, bus, log, nil)
	}
	deps := Deps{
		Triggers: trs, Engine: eng, Bus: bus, Settings: set, Schedules: sched, Notifications: ntf, Usage: usage.NewReports(d), Budgets: budget.New(d, bus, log),
		Prices: prices, Projects: projects, PlanningCommands: planCmds,
		Updates: update.New("v1.2.3", func() update.Config {
			s := set.Get()
			return update.Config{Enabled: s.UpdateCheck, FeedURL: s.UpdateFeedURL}
		}, nil, log),
		Log:       slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		App:       config.AppInfo{Version: "1.2.3-test", Mode: "serve", DataDir: "/secret/place"},
		Heartbeat: o.heartbeat,
	}
	if o.listener {
		webhooks = webhook.New(webhook.Deps{DB: d, Triggers: trs, Dispatcher: eng, Secrets: secrets, Emitter: bus, Log: log,
			MessageCap: func() int { return 256 << 10 }})
		deps.Keys, deps.Audit, deps.Accounts = keys, auditLog, accounts
		deps.SettingsWriter, deps.Sentry, deps.ProviderKeys = set, settings.NewSentry(secrets, telemetry.New(log, "test", "serve")), secret.NewKeys(secrets, set, bus)
		deps.CLIs = clidetect.New(set, fakeDir, func(context.Context) string { return "" }, bus, log)
		deps.Webhooks = webhooks
		deps.Planning, _ = planningService(t, eng)
		deps.Listener = &testListener{set: set, mgr: httpserver.NewManager(httpserver.ManagerDeps{Secrets: secrets, Log: log})}
	}
	api := New(deps)
	if o.queue > 0 {
		api.queue = o.queue
	}
	var handler http.Handler
	if o.listener {
		handler = httpserver.New(httpserver.DefaultConfig(), httpserver.Deps{
			APIKey: func() (string, bool) { return testAdminKey, true }, Keys: keys, Log: log,
			Routes: httpserver.Routes{Admin: api.RegisterAdmin, API: api.RegisterAPI, Scope: api.Scope, GenericWebhook: webhooks.GenericHandler},
		})
	} else {
		e := echo.New()
		api.RegisterAdmin(e.Group("/admin"))
		api.RegisterAPI(e.Group("/api"))
		handler = e
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = sched.Stop(ctx)
		_ = eng.Shutdown(ctx)
		projects.Shutdown()
		stopNotify()
		bus.Close()
	})
	out := &env{t: t, api: api, triggers: trs, engine: eng, bus: bus, srv: srv, logs: logs, settings: set, keys: keys, audit: auditLog, accounts: accounts}
	if o.listener {
		out.adminKey = testAdminKey
	}
	return out
}

// do sends a request with an optional JSON body (a string is sent verbatim) and decodes the
// answer into out when out is not nil. It returns the status code.
func (e *env) do(method, path string, body any, out any) int {
	e.t.Helper()
	return e.doAs(e.adminKey, "", method, path, body, out)
}

// doAs is do with the given X-API-Key and X-Request-ID ("" sends none).
func (e *env) doAs(key, requestID, method, path string, body any, out any) int {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set(httpserver.HeaderAPIKey, key)
	}
	if requestID != "" {
		req.Header.Set(httpserver.HeaderRequestID, requestID)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return res.StatusCode
}

// newTrigger creates a trigger through the service whose template is just the message, so a
// run's message carries the fake's [fake:MODE] marker.
func (e *env) newTrigger(name string, mutate ...func(*trigger.Trigger)) trigger.Trigger {
	e.t.Helper()
	tr := trigger.Trigger{Name: name, PromptTemplate: "{message}"}
	for _, m := range mutate {
		m(&tr)
	}
	created, err := e.triggers.Create(context.Background(), tr)
	if err != nil {
		e.t.Fatal(err)
	}
	return created
}

// run starts a manual run over HTTP and returns its id.
func (e *env) run(triggerID, message string) string {
	e.t.Helper()
	var acc RunAccepted
	if code := e.do("POST", "/admin/triggers/"+triggerID+"/run", RunRequest{Message: message}, &acc); code != http.StatusAccepted {
		e.t.Fatalf("run: status %d", code)
	}
	return acc.ExecutionID
}

// wait polls the execution over HTTP until it reaches one of statuses.
func (e *env) wait(id string, timeout time.Duration, statuses ...string) execution.Execution {
	e.t.Helper()
	var ex execution.Execution
	if !testutil.WaitFor(timeout, func() bool {
		ex = execution.Execution{}
		if code := e.do("GET", "/admin/executions/"+id, nil, &ex); code != http.StatusOK {
			e.t.Fatalf("get execution: status %d", code)
		}
		return slices.Contains(statuses, ex.Status)
	}) {
		e.t.Fatalf("execution %s is %s after %s, want %v", id, ex.Status, timeout, statuses)
	}
	return ex
}

// storedLines pages the whole stored log over HTTP.
func (e *env) storedLines(id string) []execution.Line {
	e.t.Helper()
	var out []execution.Line
	var after int64
	for {
		var page execution.LinesPage
		if code := e.do("GET", fmt.Sprintf("/admin/executions/%s/lines?after=%d&limit=500", id, after), nil, &page); code != http.StatusOK {
			e.t.Fatalf("lines: status %d", code)
		}
		out = append(out, page.Lines...)
		if page.Next == 0 {
			return out
		}
		after = page.Next
	}
}

// testAdminKey plays AGENTED_API_KEY in listener tests.
const testAdminKey = "test-admin-key-0123456789"

// testListener is the listener control of listener tests: it saves settings but, with no server
// of its own to re-bind, applies nothing.
type testListener struct {
	set *settings.Service
	mgr *httpserver.Manager
}

func (l *testListener) Status() httpserver.Status   { return l.mgr.Status() }
func (l *testListener) Settings() settings.Listener { return l.set.Listener() }
func (l *testListener) Configure(ctx context.Context, in settings.Listener) (settings.Listener, error) {
	return l.set.UpdateListener(ctx, in)
}
func (l *testListener) SetGitHubSecret(v string) (httpserver.Status, error) {
	return l.mgr.SetGitHubSecret(v)
}
func (l *testListener) ClearGitHubSecret() (httpserver.Status, error) {
	return l.mgr.ClearGitHubSecret()
}

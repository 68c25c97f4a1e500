package webhook

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/secret"
	"github.com/agented/agented/backend/trigger"
)

// fakeDispatcher records submitted runs; fail maps trigger ids to the error Submit returns.
// Like the engine, it runs the request's Claim in a transaction of the real database and only
// records the run when the claim succeeds.
type fakeDispatcher struct {
	mu   sync.Mutex
	db   *db.DB
	reqs []execution.Request
	fail map[string]error
	// prepared numbers the runs Prepare hands out.
	prepared int
}

func (f *fakeDispatcher) Submit(ctx context.Context, req execution.Request) (execution.Execution, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[req.TriggerID]; err != nil {
		return execution.Execution{}, err
	}
	if req.Claim != nil {
		if err := f.db.Tx(ctx, func(tx *sql.Tx) error { return req.Claim(ctx, tx) }); err != nil {
			return execution.Execution{}, err
		}
	}
	f.reqs = append(f.reqs, req)
	return execution.Execution{ID: fmt.Sprintf("exec-%d", len(f.reqs)), TriggerID: req.TriggerID, Kind: req.Kind}, nil
}

// Prepare returns a run that, like the engine's, runs its Claim in the caller's transaction and
// is recorded once that transaction has committed.
func (f *fakeDispatcher) Prepare(_ context.Context, req execution.Request) (execution.Pending, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[req.TriggerID]; err != nil {
		return nil, err
	}
	f.prepared++
	return &fakePending{f: f, req: req, id: fmt.Sprintf("exec-p%d", f.prepared)}, nil
}

type fakePending struct {
	f   *fakeDispatcher
	req execution.Request
	id  string
}

func (p *fakePending) ID() string { return p.id }

func (p *fakePending) Store(ctx context.Context, tx *sql.Tx) error {
	if p.req.Claim == nil {
		return nil
	}
	return p.req.Claim(ctx, tx)
}

func (p *fakePending) Queued(context.Context) {
	p.f.mu.Lock()
	defer p.f.mu.Unlock()
	p.f.reqs = append(p.f.reqs, p.req)
}

func (f *fakeDispatcher) requests() []execution.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]execution.Request(nil), f.reqs...)
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is one service under test with everything it talks to.
type env struct {
	t        *testing.T
	db       *db.DB
	svc      *Service
	triggers *trigger.Service
	disp     *fakeDispatcher
	secrets  *secret.Store
	rec      *events.Recorder
	clock    *clock
	logs     *bytes.Buffer
	getenv   map[string]string
}

const ghSecret = "gh-webhook-secret"

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWithDB(t, testutil.OpenDB(t), &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)})
}

func newEnvWithDB(t *testing.T, d *db.DB, c *clock) *env {
	t.Helper()
	e := &env{t: t, db: d, disp: &fakeDispatcher{db: d, fail: map[string]error{}}, rec: &events.Recorder{}, clock: c,
		logs: &bytes.Buffer{}, getenv: map[string]string{}}
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: e.logs}, nil))
	e.secrets = secret.New(secret.NewMemoryKeyring(), func(k string) string { return e.getenv[k] }, nil, log)
	e.triggers = trigger.New(trigger.Deps{DB: d, Emitter: e.rec, Log: log, Secrets: e.secrets})
	e.svc = New(Deps{DB: d, Triggers: e.triggers, Dispatcher: e.disp, Secrets: e.secrets, Emitter: e.rec, Log: log, Now: c.Now})
	return e
}

// openFileDB opens (and migrates) a database file that outlives one env, for restart tests.
func openFileDB(t *testing.T, path string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := db.Embedded()
	if _, err := d.Migrate(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	return d
}

func tempDBPath(t *testing.T) string { return filepath.Join(t.TempDir(), "agented.db") }

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (e *env) trigger(in trigger.Trigger) trigger.Trigger {
	e.t.Helper()
	if in.Name == "" {
		in.Name = "t-" + db.NewID("")
	}
	if in.PromptTemplate == "" {
		in.PromptTemplate = "Handle {message}"
	}
	in.Enabled = true
	t, err := e.triggers.Create(context.Background(), in)
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

func webhookTrigger(match, value string) trigger.Trigger {
	return trigger.Trigger{TriggerSource: trigger.SourceWebhook, MatchFieldPath: match, MatchFieldValue: value}
}

func jsonHeader(extra ...string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	for i := 0; i+1 < len(extra); i += 2 {
		h.Set(extra[i], extra[i+1])
	}
	return h
}

func (e *env) generic(body string, header http.Header) Result {
	e.t.Helper()
	if header == nil {
		header = jsonHeader()
	}
	return e.svc.HandleGeneric(context.Background(), Inbound{Header: header, Body: []byte(body), RemoteIP: "192.0.2.1"})
}

// asJSON round-trips a response body through JSON, as a client would see it.
func asJSON(t *testing.T, body any) map[string]any {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func (e *env) delivery(id string) Delivery {
	e.t.Helper()
	d, err := e.svc.Get(context.Background(), id)
	if err != nil {
		e.t.Fatalf("get delivery %q: %v", id, err)
	}
	return d
}

func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.db.Reader.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

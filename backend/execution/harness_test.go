package execution

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/trigger"
)

// fakeBin is the fake CLI built once per test binary, linked under the four CLI names.
var (
	fakeOnce sync.Once
	fakeDir  string
	fakeErr  error
)

func fakeCLIs(t testing.TB) string {
	t.Helper()
	fakeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "agented-fakeagent-")
		if err != nil {
			fakeErr = err
			return
		}
		bin := filepath.Join(dir, "fakeagent")
		out, err := exec.Command("go", "build", "-o", bin, "../../testdata/fakeagent").CombinedOutput()
		if err != nil {
			fakeErr = fmt.Errorf("build fakeagent: %v\n%s", err, out)
			return
		}
		for _, n := range []string{"claude", "codex", "gemini", "opencode"} {
			if err := os.Symlink(bin, filepath.Join(dir, n)); err != nil {
				fakeErr = err
				return
			}
		}
		fakeDir = dir
	})
	if fakeErr != nil {
		t.Fatal(fakeErr)
	}
	return fakeDir
}

type dirResolver struct{ dir string }

func (r dirResolver) Resolve(_ context.Context, name string) (string, error) {
	p := filepath.Join(r.dir, name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s: command not found", name)
	}
	return p, nil
}

// staticEnv gives every run this process's environment plus extra variables.
type staticEnv struct{ extra []string }

func (s staticEnv) Build(context.Context, string) ([]string, []string) {
	return append(os.Environ(), s.extra...), []string{"FAKE-secret-for-redaction"}
}

// tWriter sends log lines to t.Log, which prints them only for a failing test (or -v).
type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

type harness struct {
	t        *testing.T
	db       *db.DB
	triggers *trigger.Service
	engine   *Engine
	rec      *events.Recorder
	limits   *Limits
	mu       sync.Mutex
	workdir  string
}

type harnessOpts struct {
	env      []string
	maxRuns  int
	capBytes int64
	resolver Resolver
	noStart  bool
	db       *db.DB
	isRoot   bool
	logDir   string // where the runs' log files go; "" is next to the database
	secrets  func(*harness) SecretSource
	envb     EnvBuilder  // "nil" is staticEnv{env}
	deps     func(*Deps) // last changes to the engine's deps (guards, pricing, budgets)
	// The router: accounts (nil = none), a clock, and the attempts a run may make.
	accounts    Accounts
	now         func() time.Time
	after       func(time.Duration) <-chan time.Time
	maxAttempts int
	cooldown    time.Duration
}

func newHarness(t *testing.T, o harnessOpts) *harness {
	t.Helper()
	d := o.db
	if d == nil {
		d = testutil.OpenDB(t)
	}
	rec := &events.Recorder{}
	h := &harness{t: t, db: d, rec: rec, workdir: t.TempDir()}
	h.triggers = trigger.New(trigger.Deps{DB: d, Emitter: rec, Log: logging.Discard()})
	h.limits = &Limits{MaxConcurrent: max(o.maxRuns, 1), OutputCapBytes: 256 << 20, MaxAttempts: o.maxAttempts, DefaultCooldown: o.cooldown}
	if o.capBytes > 0 {
		h.limits.OutputCapBytes = o.capBytes
	}
	res := o.resolver
	if res == nil {
		res = dirResolver{fakeCLIs(t)}
	}
	var envb EnvBuilder = staticEnv{o.env}
	if o.envb != nil {
		envb = o.envb
	}
	var secrets SecretSource
	if o.secrets != nil {
		secrets = o.secrets(h)
	}
	deps := Deps{
		Store: NewStore(d), Triggers: h.triggers, Resolver: res, Env: envb, Secrets: secrets,
		Limits:  func() Limits { h.mu.Lock(); defer h.mu.Unlock(); return *h.limits },
		Emitter: rec, Log: slog.New(slog.NewTextHandler(tWriter{t}, nil)), Go: func(f func()) { go f() },
		DefaultDir: filepath.Join(h.workdir, "default"), IsRoot: o.isRoot, LogDir: o.logDir,
		Accounts: o.accounts, Now: o.now, After: o.after,
	}
	if o.deps != nil {
		o.deps(&deps)
	}
	h.engine = NewEngine(deps)
	if !o.noStart {
		if err := h.engine.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = h.engine.Shutdown(ctx)
	})
	return h
}

// newTrigger creates a trigger whose run works in its own directory.
func (h *harness) newTrigger(name, backend string, mutate ...func(*trigger.Trigger)) trigger.Trigger {
	h.t.Helper()
	tr := trigger.Trigger{Name: name, PromptTemplate: "do {message} in {paths}", BackendType: backend, ConcurrencyPolicy: trigger.PolicyParallel}
	for _, m := range mutate {
		m(&tr)
	}
	created, err := h.triggers.Create(context.Background(), tr)
	if err != nil {
		h.t.Fatal(err)
	}
	dir := filepath.Join(h.workdir, created.ID)
	_ = os.MkdirAll(dir, 0o755)
	created, err = h.triggers.AddPath(context.Background(), created.ID, dir)
	if err != nil {
		h.t.Fatal(err)
	}
	return created
}

// setTiming shortens timeout and grace below the UI's minimums, for tests only.
func (h *harness) setTiming(id string, timeoutS, graceS int) {
	h.t.Helper()
	if _, err := h.db.Writer.Exec(`UPDATE triggers SET timeout_seconds = ?, grace_seconds = ? WHERE id = ?`, timeoutS, graceS, id); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) submit(tr trigger.Trigger, msg string) Execution {
	h.t.Helper()
	ex, err := h.engine.Submit(context.Background(), Request{TriggerID: tr.ID, Kind: KindManual, Message: msg})
	if err != nil {
		h.t.Fatal(err)
	}
	return ex
}

func (h *harness) wait(id string, timeout time.Duration, statuses ...string) Execution {
	h.t.Helper()
	var ex Execution
	if !testutil.WaitFor(timeout, func() bool {
		var err error
		if ex, err = h.engine.Get(context.Background(), id); err != nil {
			h.t.Fatal(err)
		}
		return slices.Contains(statuses, ex.Status)
	}) {
		h.t.Fatalf("execution %s is %s after %s, want %v", id, ex.Status, timeout, statuses)
	}
	return ex
}

func (h *harness) allLines(id string) []Line {
	h.t.Helper()
	var out []Line
	var after int64
	for {
		p, err := h.engine.Lines(context.Background(), id, after, 5000)
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, p.Lines...)
		if p.Next == 0 {
			return out
		}
		after = p.Next
	}
}

// checkSeq asserts that seqs are 1..n without gaps or duplicates.
func checkSeq(t *testing.T, lines []Line) {
	t.Helper()
	for i, l := range lines {
		if l.Seq != int64(i+1) {
			t.Fatalf("line %d has seq %d", i, l.Seq)
		}
	}
}

// processesIn lists live processes whose working directory is dir: what a run left behind.
func processesIn(dir string) []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		cwd, err := os.Readlink("/proc/" + e.Name() + "/cwd")
		if err != nil || cwd != dir {
			continue
		}
		stat, _ := os.ReadFile("/proc/" + e.Name() + "/stat")
		if _, rest, ok := strings.Cut(string(stat), ") "); ok && strings.HasPrefix(rest, "Z") {
			continue
		}
		out = append(out, e.Name())
	}
	return out
}

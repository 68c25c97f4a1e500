package execution

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/proc"
	"github.com/agented/agented/backend/trigger"
	"github.com/agented/agented/backend/worktree"
)

// TriggerReader is what the engine needs of the trigger service.
type TriggerReader interface {
	Get(ctx context.Context, id string) (trigger.Trigger, error)
}

// ProjectDirs gives a project's working copy (*project.Service): its local path or finished
// clone, else an error saying why there is none.
type ProjectDirs interface {
	WorkDir(ctx context.Context, id string) (string, error)
}

// Resolver finds a CLI's binary (custom path, PATH, login-shell PATH).
type Resolver interface {
	Resolve(ctx context.Context, name string) (string, error)
}

// EnvBuilder builds a child's environment for a backend. secrets lists the secret values it put
// in, so they can be redacted wherever they might echo.
type EnvBuilder interface {
	Build(ctx context.Context, backend string) (env []string, secrets []string)
}

// SecretSource returns the value of every secret Agented holds (listener key, webhook secrets,
// provider and custom keys, the Sentry DSN). A CLI can print secrets it was never given (read from
// a file or another process), so a run's output is redacted of all of them, not only of the keys
// in its own environment.
type SecretSource interface {
	Values(ctx context.Context) []string
}

// Limits are the settings the engine reads at every dispatch, so a change applies at once.
type Limits struct {
	MaxConcurrent  int
	OutputCapBytes int64
	// MaxAttempts bounds the attempts of one run across its fallback chain and waits for resets;
	// 0 means a single attempt (no routing). DefaultCooldown is how long an account rests after
	// a limit whose reset the CLI did not say; 0 means DefaultCooldown.
	MaxAttempts     int
	DefaultCooldown time.Duration
}

// Deps are the engine's collaborators.
type Deps struct {
	Store      *Store
	Triggers   TriggerReader
	Resolver   Resolver
	Env        EnvBuilder
	Secrets    SecretSource // may be nil: only the run's own keys are redacted
	Limits     func() Limits
	Emitter    events.Emitter
	Log        *slog.Logger
	Go         func(func()) // panic-safe goroutine starter (telemetry.Reporter.Go)
	DefaultDir string       // working directory of a run with no linked directory
	// Projects resolves the working copies of the projects a trigger links; nil fails the runs
	// of such triggers (they never run elsewhere).
	Projects ProjectDirs
	// LogDir holds one log file per execution. Empty means "runs" next to the database file,
	// which is where app.go should put it too (<data dir>/runs): the files belong with the
	// database that indexes them.
	LogDir string
	IsRoot bool
	// CheckDir, when set, judges each linked directory again as a run starts (the trigger
	// service's directory policy): a directory accepted when it was linked may since have been
	// replaced by a symlink to /etc, or fallen outside the allowed roots.
	CheckDir func(dir string) error
	// Reserve, when set, is released when a run meets a full disk, so its outcome can still be
	// recorded (see db.Reserve).
	Reserve *db.Reserve
	// Pricer prices runs whose CLI reports no cost; nil keeps the CLIs' own figures only.
	Pricer Pricer
	// Budgets refuses runs over a used-up hard budget and stops those that use one up; nil: none.
	Budgets BudgetGate
	// GuardTick is how often a run's guard looks at its processes (0: 5 s); StallUnit is how long
	// one of a trigger's stallMinutes lasts (0: a minute). Tests shorten both.
	GuardTick time.Duration
	StallUnit time.Duration
	// CPU returns the CPU time of a run's process tree (nil: proc.TreeCPU).
	CPU func(pid int) (time.Duration, error)
	// Accounts picks each attempt's account and keeps cooldowns; nil runs every attempt on the
	// global provider keys and keeps no cooldown between runs.
	Accounts Accounts
	// Now and After are the clock of cooldowns and waits (time.Now and time.After when nil); a
	// test passes a fake clock to move through hours of resets at once.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
	// Worktrees makes and removes the worktrees of isolated runs (nil: one of the engine's own);
	// WorktreeRoot says where they go (nil or "": "worktrees" beside DefaultDir).
	Worktrees    *worktree.Manager
	WorktreeRoot func(context.Context) string
}

// Engine owns every run: the queue, the concurrency limit, the processes.
type Engine struct {
	d   Deps
	log *slog.Logger

	mu        sync.Mutex
	active    map[string]*activeRun // running executions by id
	byTrigger map[string]int        // running count per trigger id
	policies  map[string]string     // concurrency policy of queued runs, read once per run
	// queuedTriggers holds the trigger of runs this process queued, up to rememberQueued of them,
	// so that starting one reads nothing back from the store; other runs (left queued by an
	// earlier process, or past the bound) read their stored snapshot.
	queuedTriggers map[string]trigger.Trigger
	closed         bool
	// cliDir holds the settings files that cap the CLIs' own retries (agent.WriteRetryCapFiles);
	// "" when they could not be written.
	cliDir    string
	spending  spending // hard budgets: what the runs in flight spend
	kick      chan struct{}
	indexKick chan struct{} // a run finished: index it (and the others of its burst)
	waitKick  chan struct{} // a run started waiting for a reset: re-plan the wake-up
	done      chan struct{}
	runs      sync.WaitGroup
}

type activeRun struct {
	triggerID string
	stop      chan stopReason // buffered 1: the first reason wins
	pid       atomic.Int64    // process group leader, 0 until started
	// ended is set once the process is gone and the outcome is being recorded: a cancel then has
	// nothing left to stop, though the run is still in Engine.active for a moment.
	ended atomic.Bool
}

// NewEngine returns a stopped engine; call Start.
func NewEngine(d Deps) *Engine {
	switch {
	case d.LogDir != "":
		d.Store.logDir = d.LogDir
	case d.Store.db.Path == "" && d.DefaultDir != "":
		d.Store.logDir = filepath.Join(filepath.Dir(d.DefaultDir), "runs")
	}
	if d.Worktrees == nil {
		d.Worktrees = worktree.New()
	}
	return &Engine{d: d, log: d.Log.With("component", "execution"), active: map[string]*activeRun{},
		byTrigger: map[string]int{}, policies: map[string]string{}, queuedTriggers: map[string]trigger.Trigger{}, kick: make(chan struct{}, 1), indexKick: make(chan struct{}, 1), waitKick: make(chan struct{}, 1), done: make(chan struct{})}
}

// Start recovers from a previous process (runs left "running" become interrupted; queued runs
// stay queued) and starts dispatching.
func (e *Engine) Start(ctx context.Context) error {
	n, err := e.d.Store.InterruptRunning(ctx, "Agented stopped while this run was active")
	if err != nil {
		return fmt.Errorf("recover runs: %w", err)
	}
	if n > 0 {
		e.log.Warn("runs interrupted by the previous shutdown", "count", n)
	}
	e.cliDir = e.writeRetryCaps()
	e.d.Go(e.dispatchLoop)
	e.d.Go(e.waitLoop)
	e.runs.Add(1) // Shutdown waits for the backlog pass, which stops between runs
	e.d.Go(func() { defer e.runs.Done(); e.indexLoop() })
	e.wake()
	return nil
}

// replace stops every other run of a trigger, running or queued, for the run newest. The new
// run waits in the queue until the running one has ended (SIGTERM, grace, SIGKILL), so the two
// never overlap.
func (e *Engine) replace(ctx context.Context, triggerID, newest string) {
	e.mu.Lock()
	for id, r := range e.active {
		if r.triggerID != triggerID || r.ended.Load() {
			continue
		}
		select {
		case r.stop <- stopReplace:
			e.log.InfoContext(ctx, "run replaced", "execution_id", id, "by", newest)
		default: // already stopping
		}
	}
	e.mu.Unlock()
	ids, err := e.d.Store.QueuedOf(ctx, triggerID)
	if err != nil {
		e.log.WarnContext(ctx, "list queued runs to replace", "trigger_id", triggerID, "err", err)
		return
	}
	for _, id := range ids {
		if id == newest {
			continue
		}
		if err := e.dropQueued(ctx, id, replacedMessage, stopReplace); err != nil && !errors.Is(err, ErrNotActive) {
			e.log.WarnContext(ctx, "replace a queued run", "execution_id", id, "err", err)
		}
	}
}

// Rerun queues the same trigger again with the same message.
func (e *Engine) Rerun(ctx context.Context, id string) (Execution, error) {
	prev, err := e.d.Store.Get(ctx, id)
	if err != nil {
		return Execution{}, err
	}
	if prev.TriggerID == "" {
		return Execution{}, fmt.Errorf("%w: the trigger of %s was deleted", trigger.ErrNotFound, id)
	}
	req := Request{TriggerID: prev.TriggerID, Kind: KindRerun, Message: prev.Message, RerunOf: id}
	if prev.PlanProjectID != "" { // a plan's run is run again for the same plan, in the same place
		req.Plan, req.Dir = PlanTag{ProjectID: prev.PlanProjectID, PlanID: prev.PlanID}, prev.WorkingDir
	}
	return e.Submit(ctx, req)
}

// Cancel stops a running run (SIGTERM, grace, SIGKILL) or removes a queued one.
func (e *Engine) Cancel(ctx context.Context, id string) error {
	e.mu.Lock()
	r, running := e.active[id]
	e.mu.Unlock()
	if running && r.ended.Load() {
		return fmt.Errorf("%w: the run has ended", ErrNotActive)
	}
	if running {
		select {
		case r.stop <- stopCancel:
		default: // already stopping
		}
		e.log.InfoContext(ctx, "cancel requested", "execution_id", id)
		return nil
	}
	return e.dropQueued(ctx, id, "Cancelled before it started", stopCancel)
}

// dropQueued cancels a queued run with msg, or stops it for reason when the dispatcher has
// started it meanwhile.
func (e *Engine) dropQueued(ctx context.Context, id, msg string, reason stopReason) error {
	ex, err := e.d.Store.Get(ctx, id)
	if err != nil {
		return err
	}
	if e.stopActive(id, reason) {
		return nil
	}
	if ex.Status != StatusQueued {
		return fmt.Errorf("%w: status is %s", ErrNotActive, ex.Status)
	}
	now := db.Now()
	dropped, err := e.d.Store.CancelQueued(ctx, id, msg, now)
	if err != nil {
		return err
	}
	if !dropped { // started (or ended) between the read and the update
		if e.stopActive(id, reason) {
			return nil
		}
		return fmt.Errorf("%w: the run is no longer queued", ErrNotActive)
	}
	// A dispatcher that picked it meanwhile finds it no longer queued (MarkRunning) and drops it.
	e.forget(id)
	ex.Status, ex.FinishedAt, ex.FailureKind, ex.ErrorMessage = StatusCancelled, now, agent.FailureCancelled, msg
	e.publish(ex)
	return nil
}

// stopActive asks an active run to stop for reason; false when the run is not active.
func (e *Engine) stopActive(id string, reason stopReason) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, ok := e.active[id]
	if !ok || r.ended.Load() {
		return false
	}
	select {
	case r.stop <- reason:
	default: // already stopping
	}
	return true
}

// Shutdown stops accepting work, stops running processes (they end "interrupted") and waits for
// them until ctx ends. Queued runs stay queued for the next start.
func (e *Engine) Shutdown(ctx context.Context) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	for _, r := range e.active {
		select {
		case r.stop <- stopShutdown:
		default:
		}
	}
	e.mu.Unlock()
	close(e.done)
	finished := make(chan struct{})
	go func() { e.runs.Wait(); close(finished) }()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
	}
	// Out of time (a long grace period): kill what is left so no CLI outlives Agented.
	e.mu.Lock()
	for _, r := range e.active {
		if pid := r.pid.Load(); pid > 0 {
			_ = proc.SignalGroup(int(pid), proc.Kill)
		}
	}
	e.mu.Unlock()
	select {
	case <-finished:
		return nil
	case <-time.After(5 * time.Second):
		return fmt.Errorf("runs still stopping at shutdown: %w", ctx.Err())
	}
}

func (e *Engine) wake() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// publish announces a status change with a summary: every window and SSE client gets each event,
// so a whole multi-megabyte prompt must not ride along; they fetch the detail when they need it.
func (e *Engine) publish(ex Execution) {
	e.d.Emitter.Emit(events.ExecutionStatus, ex.Summary())
}

// dispatchLoop starts queued runs while slots are free.
func (e *Engine) dispatchLoop() {
	for {
		select {
		case <-e.done:
			return
		case <-e.kick:
		}
		if err := e.dispatch(); err != nil {
			e.log.Error("dispatch queued runs", "err", err)
			time.Sleep(time.Second) // a failing store must not spin the loop
			e.wake()
		}
	}
}

func (e *Engine) dispatch() error {
	limit := max(e.d.Limits().MaxConcurrent, 1)
	for after := ""; ; {
		e.mu.Lock()
		free := limit - len(e.active)
		if e.closed {
			free = 0
		}
		e.mu.Unlock()
		if free <= 0 {
			return nil // no query at all while every slot is taken: the common case under a burst
		}
		// A run ending frees one slot; reading a few rows more than that covers runs that wait
		// for their trigger, and only a queue full of those needs the next pages.
		size := min(dispatchPage, 2*free+2)
		page, err := e.d.Store.QueuedPage(context.Background(), after, size, e.now().UTC().Format(time.RFC3339))
		if err != nil {
			return err
		}
		for _, ex := range page {
			if !e.startIfFree(ex, limit) {
				return nil
			}
		}
		if len(page) < size {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

// dispatchPage is how many queued runs one query of a dispatch pass reads.
const dispatchPage = 32

// startIfFree starts ex unless it is already active or its trigger's policy makes it wait. It
// returns false once no slot is left, which ends the pass.
func (e *Engine) startIfFree(ex Execution, limit int) bool {
	e.mu.Lock()
	if e.closed || len(e.active) >= limit {
		e.mu.Unlock()
		return false
	}
	if _, started := e.active[ex.ID]; started {
		// Started by an earlier pass and not marked running yet: the page was read before.
		e.mu.Unlock()
		return true
	}
	policy, ok := e.policies[ex.ID]
	if !ok {
		policy = e.policyOf(ex)
		e.policies[ex.ID] = policy
	}
	if policy != trigger.PolicyParallel && e.byTrigger[ex.TriggerID] > 0 {
		e.mu.Unlock()
		return true // waits for the run of the same trigger (queue policy)
	}
	delete(e.policies, ex.ID)
	r := &activeRun{triggerID: ex.TriggerID, stop: make(chan stopReason, 1)}
	e.active[ex.ID] = r
	e.byTrigger[ex.TriggerID]++
	e.runs.Add(1)
	e.mu.Unlock()
	e.d.Go(func() {
		defer e.runs.Done()
		e.execute(ex, r)
		e.mu.Lock()
		delete(e.active, ex.ID)
		if e.byTrigger[ex.TriggerID]--; e.byTrigger[ex.TriggerID] <= 0 {
			delete(e.byTrigger, ex.TriggerID)
		}
		e.mu.Unlock()
		e.wake()
	})
	return true
}

// policyOf reads the concurrency policy from the run's trigger snapshot.
func (e *Engine) policyOf(ex Execution) string {
	snap, err := e.d.Store.Snapshot(context.Background(), ex.ID)
	if err != nil {
		return trigger.PolicyQueue
	}
	var t trigger.Trigger
	if json.Unmarshal([]byte(snap), &t) != nil {
		return trigger.PolicyQueue
	}
	return policyName(t)
}

// policyName is a trigger's concurrency policy; none set means queue.
func policyName(t trigger.Trigger) string {
	if t.ConcurrencyPolicy == "" {
		return trigger.PolicyQueue
	}
	return t.ConcurrencyPolicy
}

// indexDelay lets the runs of a burst finish before they are indexed together.
const indexDelay = 300 * time.Millisecond

// indexLoop indexes finished runs for the history search: whatever a crash left unindexed at
// start, then, after each nudge from a finishing run and a short pause, every run finished since.
// Until then the history search finds a run's lines by scanning them instead.
func (e *Engine) indexLoop() {
	for {
		ids, err := e.d.Store.Unindexed(context.Background())
		if err != nil {
			e.log.Warn("list unindexed runs", "err", err)
		} else if err := e.d.Store.IndexMany(context.Background(), ids, e.done); err != nil {
			e.log.Warn("index runs", "runs", len(ids), "err", err)
		}
		select {
		case <-e.done:
			return // what is left is indexed at the next start
		case <-e.indexKick:
		}
		select {
		case <-e.done:
			return
		case <-time.After(indexDelay):
		}
	}
}

// writeRetryCaps writes the CLIs' retry-cap settings next to the run logs (<data dir>/cli) and
// returns that directory, or "" (the CLIs then keep their own retry loops) when it cannot.
func (e *Engine) writeRetryCaps() string {
	if !filepath.IsAbs(e.d.Store.logDir) {
		return ""
	}
	dir := filepath.Join(filepath.Dir(e.d.Store.logDir), "cli")
	if err := agent.WriteRetryCapFiles(dir); err != nil {
		e.log.Warn("write retry caps: the CLIs keep their own retry loops", "err", err)
		return ""
	}
	return dir
}

package execution

// Submitting a run: checks, rendering and storing it as queued, alone (Submit) or inside a caller's
// transaction (Prepare), and the engine's memory of the triggers of runs it queued itself.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/trigger"
)

// Request asks for a run of a trigger.
type Request struct {
	TriggerID string
	Kind      string
	Message   string
	Values    trigger.Values // extra placeholder values (PR fields)
	RerunOf   string
	// Claim, when set, runs inside the transaction that stores the queued run, before the insert;
	// an error aborts the submit and is returned as is. A webhook claims its dedup key this way,
	// so a key exists exactly when its run does, whatever crashes in between.
	Claim func(ctx context.Context, tx *sql.Tx) error
	// Trigger, when set, is TriggerID's trigger as the caller has just read it with everything
	// Get reads (a webhook's list of matching triggers): the run is prepared from it instead of
	// reading the trigger once more per run.
	Trigger *trigger.Trigger
	// Plan tags a run started from a planning board's plan; it then works in Dir (the project's
	// directory, absolute) before the trigger's own linked directories.
	Plan PlanTag
	Dir  string
}

// PlanTag names the plan a run was started for.
type PlanTag struct {
	ProjectID string
	PlanID    string
}

// MaxPromptBytes bounds a rendered prompt. It is above the largest webhook message cap (10 MiB)
// so one {message} always fits, and far below what would strain memory or the database.
const MaxPromptBytes = 16 << 20

// Submit queues a run and returns at once; the dispatcher starts it when a slot is free.
func (e *Engine) Submit(ctx context.Context, req Request) (Execution, error) {
	p, err := e.prepare(ctx, req)
	if err != nil {
		return Execution{}, err
	}
	p.ex.QueuedAt = db.Now()
	if err := e.d.Store.Insert(ctx, p.ex, p.snapshot, req.Claim); err != nil {
		return Execution{}, err
	}
	e.queued(ctx, p)
	return p.ex, nil
}

// Pending is a run that passed Submit's checks and is rendered, to be stored in a transaction its
// caller owns along with its own writes (a webhook stores the delivery record with the runs it
// starts: one commit instead of two, and never a run without its delivery or the reverse).
type Pending interface {
	// ID is the execution id the run will have.
	ID() string
	// Store runs the request's Claim and inserts the queued run in tx.
	Store(ctx context.Context, tx *sql.Tx) error
	// Queued announces the run and wakes the dispatcher; call it once tx has committed.
	Queued(ctx context.Context)
}

// Prepare does what Submit does short of storing the run; see Pending.
func (e *Engine) Prepare(ctx context.Context, req Request) (Pending, error) {
	p, err := e.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	return &pending{e: e, p: p, claim: req.Claim}, nil
}

// pending is Engine's Pending.
type pending struct {
	e     *Engine
	p     prepared
	claim func(context.Context, *sql.Tx) error
}

func (p *pending) ID() string { return p.p.ex.ID }

func (p *pending) Store(ctx context.Context, tx *sql.Tx) error {
	p.p.ex.QueuedAt = db.Now()
	return insertTx(ctx, tx, p.p.ex, p.p.snapshot, p.claim)
}

func (p *pending) Queued(ctx context.Context) { p.e.queued(ctx, p.p) }

// prepared is a run ready to be stored: its trigger read, its prompt rendered.
type prepared struct {
	ex       Execution
	snapshot string
	t        trigger.Trigger
}

// prepare reads the request's trigger, applies the checks that refuse a run (disabled, skip
// policy, prompt size) and renders the prompt.
func (e *Engine) prepare(ctx context.Context, req Request) (prepared, error) {
	if t := req.Trigger; t != nil && t.ID == req.TriggerID {
		return e.prepareFor(ctx, req, *t)
	}
	t, err := e.d.Triggers.Get(ctx, req.TriggerID)
	if err != nil {
		return prepared{}, err
	}
	return e.prepareFor(ctx, req, t)
}

// prepareFor is prepare with the trigger already read.
func (e *Engine) prepareFor(ctx context.Context, req Request, t trigger.Trigger) (prepared, error) {
	if !t.Enabled && req.Kind != KindManual && req.Kind != KindRerun {
		return prepared{}, fmt.Errorf("%w: %s", ErrDisabled, t.Name)
	}
	// A paused trigger failed too often in a row: it fires again once resumed. A manual run (or
	// re-run) is how the user tries a fix first.
	if t.Paused && req.Kind != KindManual && req.Kind != KindRerun {
		return prepared{}, fmt.Errorf("%w: %s (%s); resume it to let it fire again", ErrPaused, t.Name, t.PausedReason)
	}
	e.mu.Lock()
	closed := e.closed
	busy := e.byTrigger[t.ID] > 0
	e.mu.Unlock()
	if closed {
		return prepared{}, ErrShuttingDown
	}
	if t.ConcurrencyPolicy == trigger.PolicySkip {
		queued, err := e.d.Store.HasQueued(ctx, t.ID)
		if err != nil {
			return prepared{}, err
		}
		if busy || queued {
			e.log.InfoContext(ctx, "firing skipped", "trigger_id", t.ID, "kind", req.Kind)
			return prepared{}, fmt.Errorf("%w (%s)", ErrSkipped, t.Name)
		}
	}
	paths := e.pathValues(ctx, t)
	values := trigger.Values{"trigger_id": t.ID, "bot_id": t.ID, "paths": strings.Join(paths, ", "), "message": req.Message}
	if len(paths) == 0 {
		values["paths"] = "no paths configured"
	}
	for k, v := range req.Values {
		values[k] = v
	}
	// Measured before rendering: a template that repeats {message} thousands of times would
	// otherwise turn one capped webhook text into gigabytes of prompt in memory and on disk.
	if n := trigger.RenderedLen(t.PromptTemplate, t.SkillCommand, values); n > MaxPromptBytes {
		return prepared{}, fmt.Errorf("%w: %s would be %s, over the %s limit; shorten the message or the template",
			ErrPromptTooLarge, t.Name, agent.FormatBytes(int64(n)), agent.FormatBytes(MaxPromptBytes))
	}
	prompt, unknown := trigger.Render(t.PromptTemplate, t.SkillCommand, values)
	ex := Execution{
		ID: db.NewID("exec-"), TriggerID: t.ID, TriggerName: t.Name, Kind: req.Kind, BackendType: t.BackendType,
		Status: StatusQueued, Prompt: prompt, Message: req.Message, Argv: []string{},
		Warnings: []string{}, RerunOf: req.RerunOf, PlanProjectID: req.Plan.ProjectID, PlanID: req.Plan.PlanID,
	}
	if req.Plan.ProjectID != "" {
		ex.WorkingDir = req.Dir
	}
	if len(unknown) > 0 {
		ex.Warnings = append(ex.Warnings, "unknown placeholders left in the prompt: "+strings.Join(unknown, ", "))
	}
	snap, _ := json.Marshal(t)
	return prepared{ex: ex, snapshot: string(snap), t: t}, nil
}

// pathValues are the directories {paths} lists: the linked projects' working copies, then the
// linked directories. A project without a working copy is left out here; the run fails on it
// as it starts, saying why.
func (e *Engine) pathValues(ctx context.Context, t trigger.Trigger) []string {
	var paths []string
	for _, id := range t.ProjectIDs {
		if e.d.Projects == nil {
			break
		}
		if dir, err := e.d.Projects.WorkDir(ctx, id); err == nil {
			paths = appendDir(paths, dir)
		}
	}
	for _, p := range t.Paths {
		paths = appendDir(paths, p.Path)
	}
	return paths
}

// queued announces a stored run and lets the dispatcher see it.
func (e *Engine) queued(ctx context.Context, p prepared) {
	e.remember(p.ex.ID, p.t)
	e.log.InfoContext(ctx, "run queued", "execution_id", p.ex.ID, "trigger_id", p.ex.TriggerID, "kind", p.ex.Kind)
	e.publish(p.ex)
	if p.t.ConcurrencyPolicy == trigger.PolicyReplace {
		e.replace(ctx, p.ex.TriggerID, p.ex.ID)
	}
	e.wake()
}

// rememberQueued bounds queuedTriggers: a backlog of thousands of runs must not hold thousands
// of prompt templates in memory.
const rememberQueued = 1024

// remember keeps a queued run's trigger and policy for its start.
func (e *Engine) remember(id string, t trigger.Trigger) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.policies[id] = policyName(t)
	if len(e.queuedTriggers) < rememberQueued {
		e.queuedTriggers[id] = t
	}
}

// forget drops what remember kept for a run that will not start.
func (e *Engine) forget(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.policies, id)
	delete(e.queuedTriggers, id)
}

// triggerOf returns the trigger a run was queued with: the one remember kept, else the stored
// snapshot.
func (e *Engine) triggerOf(ctx context.Context, id string) trigger.Trigger {
	e.mu.Lock()
	t, ok := e.queuedTriggers[id]
	delete(e.queuedTriggers, id)
	e.mu.Unlock()
	if ok {
		return t
	}
	if snap, err := e.d.Store.Snapshot(ctx, id); err == nil {
		_ = json.Unmarshal([]byte(snap), &t)
	}
	return t
}

// replacedMessage is the error message of a run that a newer one replaced.
const replacedMessage = "Replaced by a newer run of this trigger"

package execution

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/proc"
	"github.com/agented/agented/backend/trigger"
)

// Pricer prices a run's usage: the CLI's own cost when it reported one, else its tokens from a
// price table, estimated (*usage.Pricing).
type Pricer interface {
	Cost(backend, model string, u agent.Usage) (usd float64, estimated bool)
}

// BudgetScope is what a run spends against: every global budget, its trigger's and its account's.
type BudgetScope struct {
	TriggerID string
	AccountID string
}

// Headroom is how much runs may still spend before one hard budget is used up.
type Headroom struct {
	Limited      bool    // some hard budget applies
	RemainingUSD float64 // may be <= 0: used up; finished runs only (running ones: see spending)
	Budget       string  // names the budget, e.g. `global daily budget "team" ($5.00)`
	SpentUSD     float64 // what that budget's period has spent so far
	// Scope and ScopeID say which runs the budget covers: global (all), trigger or account.
	Scope   string
	ScopeID string
}

// Covers says whether the budget counts a run in scope.
func (h Headroom) Covers(s BudgetScope) bool {
	switch h.Scope {
	case "trigger":
		return h.ScopeID == s.TriggerID
	case "account":
		return h.ScopeID != "" && h.ScopeID == s.AccountID
	}
	return true
}

// BudgetGate answers for budgets (*budget.Service).
type BudgetGate interface {
	// Headrooms lists every hard budget over a run in scope.
	Headrooms(ctx context.Context, scope BudgetScope) ([]Headroom, error)
}

// Defaults of the guard's clock.
const (
	defaultGuardTick = 5 * time.Second
	// budgetEvery is how many ticks pass between two reads of the budgets: other runs' spending
	// moves the headroom slowly.
	budgetEvery = 6
	// busyShare is the CPU share of one tick above which a process tree counts as busy. An idle
	// Go or Node runtime wakes up now and then, which must not count as work.
	busyShare = 0.01
)

// guard watches one run: a stall (no output and an idle process tree), its cost, its turns and
// its hard budget. It stops the run through the run's stop channel, saying why.
type guard struct {
	e       *Engine
	r       *activeRun
	ex      Execution // ID, TriggerName, BackendType only
	t       trigger.Trigger
	model   string
	stallIn time.Duration

	mu         sync.Mutex
	lastOutput time.Time
	lastBusy   time.Time
	lastCPU    time.Duration
	haveCPU    bool
	stalledAt  string
	headrooms  []Headroom
	budgetGen  uint64 // the spending release count headrooms were read at
	cost       float64
	turns      int
	// prior is what the run's earlier attempts used: the limits count the whole run, and
	// backend is the CLI of the attempt now running (its price table).
	prior   agent.Usage
	backend string
	reason  string // why it was stopped, for the run's error message
	stopped bool
}

func (e *Engine) newGuard(ex Execution, r *activeRun, t trigger.Trigger) *guard {
	unit := e.d.StallUnit
	if unit <= 0 {
		unit = time.Minute
	}
	model := t.Model
	now := time.Now()
	return &guard{e: e, r: r, ex: ex, t: t, model: model, stallIn: time.Duration(t.StallMinutes) * unit,
		lastOutput: now, lastBusy: now, backend: ex.BackendType}
}

// nextAttempt tells the guard an attempt on backend starts after earlier ones that used prior.
func (g *guard) nextAttempt(backend, model string, prior agent.Usage) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.backend, g.prior = backend, prior
	if model != "" {
		g.model = model
	}
}

// admit reads the budgets before the run starts; a used-up hard budget refuses it with the reason.
func (g *guard) admit(ctx context.Context) (string, bool) {
	if g.e.d.Budgets == nil {
		return "", true
	}
	gen := g.e.spending.generation()
	hs, msg, err := g.e.spending.admit(ctx, g.e.d.Budgets, g.ex.ID, g.scope(), g.t.MaxCostUSD)
	if err != nil {
		g.e.log.Warn("read budgets", "execution_id", g.ex.ID, "err", err)
		return "", true
	}
	g.headrooms, g.budgetGen = hs, gen
	return msg, msg == ""
}

// done forgets the run's spending in flight: its cost is stored by now.
func (g *guard) done() { g.e.spending.release(g.ex.ID) }

func (g *guard) scope() BudgetScope {
	return BudgetScope{TriggerID: g.ex.TriggerID, AccountID: g.t.AccountID}
}

// fed is called by the sink after each read of output: it is output, and it may carry usage.
func (g *guard) fed(u agent.Usage) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.lastOutput = time.Now()
	if u.Model != "" {
		g.model = u.Model
	}
	cost := u.CostUSD
	if g.e.d.Pricer != nil {
		cost, _ = g.e.d.Pricer.Cost(g.backend, g.model, u)
	}
	// The limits hold for the run, whichever accounts its attempts ran on.
	cost += g.prior.CostUSD
	g.cost, g.turns = cost, u.Turns+g.prior.Turns
	u.Turns = g.turns
	switch {
	case g.t.MaxTurns > 0 && u.Turns > g.t.MaxTurns:
		g.stop(stopMaxTurns, fmt.Sprintf("Stopped: the run started turn %d, over its limit of %d turns (maxTurns)", u.Turns, g.t.MaxTurns))
	case g.t.MaxCostUSD > 0 && cost >= g.t.MaxCostUSD:
		g.stop(stopMaxCost, fmt.Sprintf("Stopped: the run cost $%.4f, reaching its limit of $%.2f (maxCostUsd)", cost, g.t.MaxCostUSD))
	case len(g.headrooms) > 0:
		others, gen := g.e.spending.spent(g.ex.ID, cost, g.headrooms)
		if gen != g.budgetGen {
			// Another run ended: its cost left the runs in flight for the budgets' figures.
			if hs, err := g.e.d.Budgets.Headrooms(context.Background(), g.scope()); err == nil {
				g.headrooms, g.budgetGen = hs, gen
				others, _ = g.e.spending.spent(g.ex.ID, cost, hs)
			}
		}
		for i, h := range g.headrooms {
			if cost+others[i] >= h.RemainingUSD {
				g.stop(stopBudget, fmt.Sprintf("Stopped: the run's $%.4f used up what was left of the %s ($%.2f already spent, $%.4f by other running runs)",
					cost, h.Budget, h.SpentUSD, others[i]))
				break
			}
		}
	}
}

// stop sends reason once; the caller holds g.mu.
func (g *guard) stop(reason stopReason, msg string) {
	if g.stopped {
		return
	}
	g.stopped, g.reason = true, msg
	select {
	case g.r.stop <- reason:
	default: // already stopping for another reason; that one is recorded
		g.reason = ""
	}
}

// why returns the message of the guard's stop, "" when the guard did not stop the run.
func (g *guard) why() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.reason
}

// stalled returns when the run began to look stalled ("" when it does not).
func (g *guard) stalled() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stalledAt
}

// watch looks at the process tree every tick until done is closed.
func (g *guard) watch(done <-chan struct{}) {
	tick := g.e.d.GuardTick
	if tick <= 0 {
		tick = defaultGuardTick
	}
	cpu := g.e.d.CPU
	if cpu == nil {
		cpu = proc.TreeCPU
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-done:
			return
		case <-t.C:
		}
		if pid := int(g.r.pid.Load()); pid > 0 {
			used, err := cpu(pid)
			g.sampleCPU(used, err == nil, tick)
		}
		if n%budgetEvery == 0 && g.e.d.Budgets != nil {
			if hs, err := g.e.d.Budgets.Headrooms(context.Background(), g.scope()); err == nil {
				g.mu.Lock()
				g.headrooms = hs
				g.mu.Unlock()
			}
		}
		g.checkStall()
	}
}

func (g *guard) sampleCPU(used time.Duration, ok bool, tick time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !ok {
		return // no CPU figures (another OS, the leader gone): the output alone decides
	}
	if g.haveCPU && float64(used-g.lastCPU) > busyShare*float64(tick) {
		g.lastBusy = time.Now()
	}
	g.lastCPU, g.haveCPU = used, true
}

// checkStall warns about or stops a run quiet and idle for the trigger's stall time, and clears
// the warning when it comes back to life.
func (g *guard) checkStall() {
	if g.stallIn <= 0 {
		return
	}
	g.mu.Lock()
	active := g.lastOutput
	if g.lastBusy.After(active) {
		active = g.lastBusy
	}
	quiet := time.Since(active)
	var publish string
	var changed bool
	switch {
	case quiet >= g.stallIn && g.t.StallAction == trigger.StallCancel:
		g.stop(stopStalled, fmt.Sprintf("Stopped: no output for %s while its processes used no CPU (stall after %d min)",
			quiet.Round(time.Second), g.t.StallMinutes))
	case quiet >= g.stallIn && g.stalledAt == "":
		g.stalledAt = active.UTC().Format(db.TimeFormat)
		publish, changed = g.stalledAt, true
	case quiet < g.stallIn && g.stalledAt != "":
		g.stalledAt = ""
		changed = true
	}
	g.mu.Unlock()
	if changed {
		g.announceStall(publish)
	}
}

// announceStall records and announces a stall warning (at != "") or its end.
func (g *guard) announceStall(at string) {
	if err := g.e.d.Store.SetStalled(context.Background(), g.ex.ID, at); err != nil {
		g.e.log.Warn("record stall", "execution_id", g.ex.ID, "err", err)
	}
	if cur, err := g.e.d.Store.Summary(context.Background(), g.ex.ID); err == nil {
		g.e.publish(cur) // the Execution view shows or hides its stall banner
	}
	if at == "" {
		return
	}
	events.Notify(g.e.d.Emitter, events.Notification{
		Kind:  events.KindGuardStop,
		Level: events.LevelWarning,
		Title: "Run looks stalled: " + g.ex.TriggerName,
		Message: fmt.Sprintf("No output for %d min and its processes use no CPU. It keeps running; set the trigger's stall action to cancel to stop such runs.",
			g.t.StallMinutes),
		ExecutionID: g.ex.ID,
	})
}

// guardStops maps the guard's stop reasons to the execution's.
var guardStops = map[stopReason]string{
	stopStalled: StopStalled, stopMaxCost: StopMaxCost, stopMaxTurns: StopMaxTurns, stopBudget: StopBudget,
}

// price fills one attempt's cost: the CLI's own figure, else its tokens priced from the table.
func (e *Engine) price(u *agent.Usage, backend, model string) {
	if e.d.Pricer == nil {
		return
	}
	if u.Model != "" {
		model = u.Model
	}
	u.CostUSD, u.CostEstimated = e.d.Pricer.Cost(backend, model, *u)
}

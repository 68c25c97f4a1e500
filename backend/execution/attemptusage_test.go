package execution

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/trigger"
)

// fakeAccount is a claude account whose fake CLI behaves as env says (FAKEAGENT_MODE …).
func (r *routerEnv) fakeAccount(name string, env map[string]string) account.Account {
	r.t.Helper()
	keyVar := "KEY_" + strings.ToUpper(name)
	r.keys[keyVar] = "sk-fake-" + name
	a, err := r.accounts.Create(context.Background(), account.Input{Backend: agent.Claude, Name: name, APIKeyEnv: keyVar,
		ConfigDir: mkdir(r.t, r.home, "claude-"+name), Env: env})
	if err != nil {
		r.t.Fatal(err)
	}
	return a
}

// A run the router moved to a second account reports what both attempts spent: each attempt
// keeps its own figures, the run their sum.
func TestUsageSumsEveryAttempt(t *testing.T) {
	t.Parallel()
	r := newRouterEnvWith(t, fakeCLIs(t))
	a := r.fakeAccount("spent", map[string]string{"FAKEAGENT_MODE": "ratelimit", "FAKEAGENT_LIMIT_COST": "0.5"})
	b := r.fakeAccount("fresh", map[string]string{"FAKEAGENT_MODE": "success"})
	tr := r.trigger(agent.Claude, "sonnet", a, trigger.ChainEntry{Backend: agent.Claude, AccountID: b.ID, Model: "sonnet"})

	ex := r.waitStatus(r.h.submit(tr, "").ID, contractRunTimeout, ended)
	if ex.Status != StatusSuccess {
		t.Fatalf("run %s (%s: %s), want success\n%s", ex.Status, ex.FailureKind, ex.ErrorMessage, r.log(ex.ID))
	}
	checkAttempts(t, ex, "spent:failed:quota", "fresh:success:")
	first, second := ex.Attempts[0].Usage, ex.Attempts[1].Usage
	if first.CostUSD != 0.5 || first.InputTokens != 1000 || first.OutputTokens != 100 {
		t.Fatalf("first attempt's usage %+v, want the $0.50 and 1000/100 tokens it reported", first)
	}
	if second.CostUSD != 0.012345 || second.InputTokens != 2310 || second.OutputTokens != 145 {
		t.Fatalf("second attempt's usage %+v, want the success result's figures", second)
	}
	u := ex.Usage
	if math.Abs(u.CostUSD-0.512345) > 1e-9 || u.InputTokens != 3310 || u.OutputTokens != 245 || u.Turns != 4 {
		t.Fatalf("run usage %+v, want the sum of both attempts ($0.512345, 3310/245 tokens, 4 turns)", u)
	}
	if u.ResultText == "" || ex.Attempts[1].Usage.ResultText != "" {
		t.Fatalf("the answer belongs to the run (%q), not to its attempts (%q)", u.ResultText, ex.Attempts[1].Usage.ResultText)
	}
	// The stored row says the same after a read from the database.
	got, err := r.h.engine.Get(context.Background(), ex.ID)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.Usage.CostUSD-0.512345) > 1e-9 || got.Attempts[0].Usage.CostUSD != 0.5 {
		t.Fatalf("stored usage %+v, attempts %+v", got.Usage, got.Attempts)
	}
}

// The maxCostUsd guard counts the earlier attempts: with $0.50 spent on a limited account, the
// next attempt is stopped once its own cost brings the run to the limit, not its own limit.
func TestMaxCostCountsEarlierAttempts(t *testing.T) {
	t.Parallel()
	e := &Engine{log: logging.Discard()}
	r := &activeRun{stop: make(chan stopReason, 1)}
	g := e.newGuard(Execution{ID: "exec-1", BackendType: agent.Claude}, r, trigger.Trigger{MaxCostUSD: 0.6, MaxTurns: 5})
	g.nextAttempt(agent.Codex, "gpt-5", agent.Usage{CostUSD: 0.5, Turns: 2})
	g.fed(agent.Usage{CostUSD: 0.05, Turns: 1})
	select {
	case why := <-r.stop:
		t.Fatalf("stopped (%v) at $0.55 of $0.60", why)
	default:
	}
	g.fed(agent.Usage{CostUSD: 0.1, Turns: 2})
	select {
	case why := <-r.stop:
		if why != stopMaxCost || !strings.Contains(g.why(), "$0.6000") {
			t.Fatalf("stopped for %v (%q), want max cost at the run's $0.60", why, g.why())
		}
	default:
		t.Fatal("not stopped at $0.60 of $0.60: the earlier attempt's $0.50 was not counted")
	}
	// Turns add up too: 2 earlier + 4 now passes maxTurns 5.
	g2 := e.newGuard(Execution{ID: "exec-2", BackendType: agent.Claude}, &activeRun{stop: make(chan stopReason, 1)}, trigger.Trigger{MaxTurns: 5})
	g2.nextAttempt(agent.Claude, "", agent.Usage{Turns: 2})
	g2.fed(agent.Usage{Turns: 4})
	if why := <-g2.r.stop; why != stopMaxTurns || !strings.Contains(g2.why(), "turn 6") {
		t.Fatalf("stopped for %v (%q), want max turns at the run's 6th turn", why, g2.why())
	}
}

package execution

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/agented/agented/backend/account"
	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/trigger"
)

// The router: a run is one logical execution made of attempts. The first runs on the trigger's
// own backend and account; when an attempt hits a rate limit or an exhausted quota, its account
// cools down until the reset the CLI reported (else Limits.DefaultCooldown) and the next attempt
// goes to the first entry of the chain whose account is not cooling down. An attempt that changed
// the working directory is not handed to another CLI on top of its half-done work: the run waits
// for that account's reset and resumes the same session. When every entry is cooling down the
// run waits, queued, for the earliest reset (wait_until survives a restart). Limits.MaxAttempts
// bounds the attempts of one run.

// Accounts is what the router needs of the account service (*account.Service).
type Accounts interface {
	Pick(ctx context.Context, backend, accountID string) (account.Account, bool, error)
	Resolve(ctx context.Context, backend, accountID, model string) (account.Resolved, error)
	Cooldowns(ctx context.Context) (map[string]account.Cooldown, error)
	SetCooldown(ctx context.Context, key string, until time.Time, failure, reason string) error
}

// noAccounts routes without accounts: the global keys, and no cooldown kept between runs.
type noAccounts struct{}

func (noAccounts) Pick(context.Context, string, string) (account.Account, bool, error) {
	return account.Account{}, false, nil
}

func (noAccounts) Resolve(_ context.Context, backend, _, _ string) (account.Resolved, error) {
	return account.Resolved{Backend: backend}, nil
}

func (noAccounts) Cooldowns(context.Context) (map[string]account.Cooldown, error) {
	return map[string]account.Cooldown{}, nil
}

func (noAccounts) SetCooldown(context.Context, string, time.Time, string, string) error { return nil }

// Router defaults.
const (
	DefaultMaxAttempts = 5
	DefaultCooldown    = 5 * time.Minute
)

// chainOf is the trigger's route: its own backend/account/model first, then its fallbacks.
func chainOf(t trigger.Trigger) []trigger.ChainEntry {
	return append([]trigger.ChainEntry{{Backend: t.BackendType, AccountID: t.AccountID, Model: t.Model}}, t.FallbackChain...)
}

// step is what the router decided.
type step struct {
	entry  int       // chain entry to run
	resume string    // session to continue ("" = a new one)
	wait   time.Time // non-zero: park the run until then
	why    string    // for a wait or a give-up: what the accounts are doing
	giveUp bool      // no attempt left
}

// slot is a chain entry with its account picked.
type slot struct {
	key   string // cooldown key
	label string // "claude account Work", "codex (no account)"
}

func (e *Engine) slotOf(ctx context.Context, en trigger.ChainEntry) (slot, error) {
	a, ok, err := e.accounts().Pick(ctx, en.Backend, en.AccountID)
	if err != nil {
		return slot{}, err
	}
	if !ok {
		return slot{key: account.CooldownKey(en.Backend, ""), label: en.Backend + " (no account)"}, nil
	}
	return slot{key: account.CooldownKey(en.Backend, a.ID), label: en.Backend + " account " + a.Name}, nil
}

func (e *Engine) accounts() Accounts {
	if e.d.Accounts == nil {
		return noAccounts{}
	}
	return e.d.Accounts
}

// limited says whether an attempt's failure is one the router acts on.
func limited(kind string) bool { return kind == agent.FailureRateLimited || kind == agent.FailureQuota }

// plan decides the next attempt of a run whose earlier attempts are atts.
func (e *Engine) plan(ctx context.Context, chain []trigger.ChainEntry, atts []Attempt, lim Limits) (step, error) {
	now := e.now()
	cds, err := e.accounts().Cooldowns(ctx)
	if err != nil {
		return step{}, err
	}
	slots := make([]slot, len(chain))
	for i, en := range chain {
		if slots[i], err = e.slotOf(ctx, en); err != nil {
			return step{}, fmt.Errorf("fallback entry %d (%s): %w", i, en.Backend, err)
		}
	}
	cooling := func(i int) (account.Cooldown, bool) {
		c, ok := cds[slots[i].key]
		if !ok {
			return c, false
		}
		until, err := time.Parse(time.RFC3339, c.Until)
		return c, err == nil && until.After(now)
	}
	max := lim.MaxAttempts
	if max <= 0 {
		max = 1
	}
	if len(atts) >= max {
		return step{giveUp: true, why: fmt.Sprintf("gave up after %d attempt%s (the limit in Settings): %s",
			len(atts), plural(len(atts)), describe(chain, slots, cds, cooling))}, nil
	}
	if n := len(atts); n > 0 && limited(atts[n-1].FailureKind) && atts[n-1].ChangedFiles {
		last := atts[n-1]
		if !agent.CanResume(last.Backend) || last.SessionID == "" {
			return step{giveUp: true, why: fmt.Sprintf("attempt %d on %s changed files in the working directory before it hit a limit, "+
				"and its session cannot be resumed (%s); the run was not handed to another CLI on top of half-done work",
				last.Attempt, slots[last.Entry].label, resumeProblem(last))}, nil
		}
		if c, ok := cooling(last.Entry); ok {
			until, _ := time.Parse(time.RFC3339, c.Until)
			return step{wait: until, why: fmt.Sprintf("attempt %d on %s changed files before it hit a limit; waiting for its reset at %s to resume the same session",
				last.Attempt, slots[last.Entry].label, c.Until)}, nil
		}
		return step{entry: last.Entry, resume: last.SessionID}, nil
	}
	var earliest time.Time
	for i := range chain {
		c, ok := cooling(i)
		if !ok {
			return step{entry: i}, nil
		}
		until, _ := time.Parse(time.RFC3339, c.Until)
		if earliest.IsZero() || until.Before(earliest) {
			earliest = until
		}
	}
	return step{wait: earliest, why: "every account of the chain is cooling down: " + describe(chain, slots, cds, cooling)}, nil
}

func resumeProblem(a Attempt) string {
	if a.SessionID == "" {
		return a.Backend + " reported no session id"
	}
	return a.Backend + " cannot resume a session non-interactively"
}

// describe names each entry's account and its reset time.
func describe(chain []trigger.ChainEntry, slots []slot, cds map[string]account.Cooldown, cooling func(int) (account.Cooldown, bool)) string {
	parts := make([]string, 0, len(chain))
	for i := range chain {
		if c, ok := cooling(i); ok {
			parts = append(parts, fmt.Sprintf("%s resets at %s (%s)", slots[i].label, c.Until, c.Failure))
			continue
		}
		parts = append(parts, slots[i].label+" is not cooling down")
	}
	_ = cds
	return strings.Join(parts, "; ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// cooldownUntil is when a limited attempt's account may be used again: the reset the CLI
// reported when it is in the future, else now + the default cooldown.
func (e *Engine) cooldownUntil(resetAt string, lim Limits) time.Time {
	now := e.now()
	if t, err := time.Parse(time.RFC3339, resetAt); err == nil && t.After(now) {
		return t
	}
	d := lim.DefaultCooldown
	if d <= 0 {
		d = DefaultCooldown
	}
	return now.Add(d)
}

func (e *Engine) now() time.Time {
	if e.d.Now != nil {
		return e.d.Now()
	}
	return time.Now()
}

// overlayEnv lays the retry caps, then the account's variables over a run's environment, and
// removes what the account unsets (the global key of a subscription account). Later entries win.
func overlayEnv(env, caps []string, acc account.Resolved) []string {
	drop := map[string]bool{}
	for _, k := range acc.Unset {
		drop[k] = true
	}
	add := append(append([]string{}, caps...), acc.Env...)
	for _, kv := range add {
		k, _, _ := strings.Cut(kv, "=")
		drop[k] = true
	}
	out := make([]string, 0, len(env)+len(add))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[k] {
			out = append(out, kv)
		}
	}
	return append(out, add...)
}

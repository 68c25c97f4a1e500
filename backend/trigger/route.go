package trigger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/validation"
)

// ChainEntry is one fallback of a trigger: another backend and/or account (and model) a run moves
// to when the previous one hits a rate limit or an exhausted quota.
type ChainEntry struct {
	Backend   string `json:"backend"`
	AccountID string `json:"accountId"` // "" = the backend's default account
	Model     string `json:"model"`     // "" = the CLI's default
}

// MaxChain bounds a fallback chain; a longer one would only repeat accounts.
const MaxChain = 8

// AccountChecker says whether an account exists and belongs to a backend (*account.Service).
type AccountChecker interface {
	Check(ctx context.Context, backend, accountID string) error
}

func normalizeRoute(t *Trigger) {
	t.AccountID = strings.TrimSpace(t.AccountID)
	if t.FallbackChain == nil {
		t.FallbackChain = []ChainEntry{}
	}
	for i := range t.FallbackChain {
		e := &t.FallbackChain[i]
		e.Backend, e.AccountID, e.Model = strings.TrimSpace(e.Backend), strings.TrimSpace(e.AccountID), strings.TrimSpace(e.Model)
	}
}

// validateRoute checks the chain on its own: known backends, models a CLI flag can take, and no
// entry that repeats the trigger's own backend/account or an earlier entry.
func validateRoute(t Trigger, errs *validation.Errors) {
	if len(t.FallbackChain) > MaxChain {
		errs.Add("fallbackChain", fmt.Sprintf("must have at most %d entries", MaxChain))
		return
	}
	seen := map[string]int{t.BackendType + "\x00" + t.AccountID: 0}
	for i, e := range t.FallbackChain {
		field := fmt.Sprintf("fallbackChain[%d]", i)
		if !slices.Contains(agent.Backends, e.Backend) {
			errs.Add(field+".backend", "must be one of "+strings.Join(agent.Backends, ", "))
			continue
		}
		if strings.ContainsAny(e.Model, " \t\r\n") || strings.HasPrefix(e.Model, "-") {
			errs.Add(field+".model", "must be a model name without spaces")
		}
		if e.Backend == agent.OpenCode && e.Model != "" && !strings.Contains(strings.Trim(e.Model, "/"), "/") {
			errs.Add(field+".model", "opencode needs provider/model, e.g. anthropic/claude-sonnet-4-5")
		}
		key := e.Backend + "\x00" + e.AccountID
		if j, dup := seen[key]; dup {
			what := "the trigger's own backend and account"
			if j > 0 {
				what = fmt.Sprintf("entry %d", j)
			}
			errs.Add(field, "repeats "+what+"; each entry must use another backend or account")
			continue
		}
		seen[key] = i + 1
	}
}

// checkAccounts asks the account service about every account the trigger names.
func (s *Service) checkAccounts(ctx context.Context, t Trigger) error {
	if s.accounts == nil {
		return nil
	}
	errs := validation.New("trigger")
	if err := s.accounts.Check(ctx, t.BackendType, t.AccountID); err != nil {
		errs.Add("accountId", accountProblem(err))
	}
	for i, e := range t.FallbackChain {
		if err := s.accounts.Check(ctx, e.Backend, e.AccountID); err != nil {
			errs.Add(fmt.Sprintf("fallbackChain[%d].accountId", i), accountProblem(err))
		}
	}
	return errs.Err()
}

func accountProblem(err error) string {
	msg := err.Error()
	if strings.Contains(msg, "not found") {
		return "no such account (" + msg + ")"
	}
	return msg
}

func saveRoute(ctx context.Context, h db.Handler, t Trigger) error {
	_, err := h.ExecContext(ctx, `INSERT INTO trigger_routes(trigger_id, account_id, fallback_chain) VALUES(?, ?, ?)
		ON CONFLICT(trigger_id) DO UPDATE SET account_id = excluded.account_id, fallback_chain = excluded.fallback_chain`,
		t.ID, t.AccountID, chainJSON(t.FallbackChain))
	if err != nil {
		return fmt.Errorf("save route: %w", err)
	}
	return nil
}

func chainJSON(c []ChainEntry) string {
	if c == nil {
		c = []ChainEntry{}
	}
	b, _ := json.Marshal(c)
	return string(b)
}

func loadRoute(ctx context.Context, h db.Handler, t *Trigger) error {
	var chain string
	err := h.QueryRowContext(ctx, `SELECT account_id, fallback_chain FROM trigger_routes WHERE trigger_id = ?`, t.ID).Scan(&t.AccountID, &chain)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read route: %w", err)
	}
	t.FallbackChain = parseChain(chain)
	return nil
}

func parseChain(s string) []ChainEntry {
	out := []ChainEntry{}
	if s != "" {
		_ = json.Unmarshal([]byte(s), &out)
	}
	if out == nil {
		out = []ChainEntry{}
	}
	return out
}

// loadRoutes fills the routes of a list in one query.
func loadRoutes(ctx context.Context, h db.Handler, list []Summary) error {
	rows, err := h.QueryContext(ctx, `SELECT trigger_id, account_id, fallback_chain FROM trigger_routes`)
	if err != nil {
		return fmt.Errorf("read routes: %w", err)
	}
	defer rows.Close()
	type route struct {
		account string
		chain   []ChainEntry
	}
	byID := map[string]route{}
	for rows.Next() {
		var id, acc, chain string
		if err := rows.Scan(&id, &acc, &chain); err != nil {
			return err
		}
		byID[id] = route{acc, parseChain(chain)}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range list {
		r := byID[list[i].ID]
		list[i].AccountID, list[i].FallbackChain = r.account, r.chain
		if list[i].FallbackChain == nil {
			list[i].FallbackChain = []ChainEntry{}
		}
	}
	return nil
}

// Package budget keeps spending limits: global, per trigger or per account, per day, week or
// month. A soft limit warns once per period (a notification and the Dashboard); a hard limit
// refuses new runs and stops a running one that uses it up (the execution engine asks Headroom).
package budget

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/validation"
)

// Scopes and periods.
const (
	ScopeGlobal  = "global"
	ScopeTrigger = "trigger"
	ScopeAccount = "account"
	PeriodDay    = "day"
	PeriodWeek   = "week"
	PeriodMonth  = "month"
)

// ErrNotFound is returned for an unknown budget id.
var ErrNotFound = errors.New("budget not found")

// Budget is one spending limit. SoftUSD and HardUSD are each optional (0 = none), not both.
type Budget struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Scope     string  `json:"scope"`   // global | trigger | account
	ScopeID   string  `json:"scopeId"` // the trigger or account id; "" for global
	Period    string  `json:"period"`  // day | week | month
	SoftUSD   float64 `json:"softUsd"`
	HardUSD   float64 `json:"hardUsd"`
	CreatedAt string  `json:"createdAt"`
	UpdatedAt string  `json:"updatedAt"`
}

// Status is a budget with what its current period has spent.
type Status struct {
	Budget
	Label       string  `json:"label"`       // e.g. `global daily budget "team" ($5.00)`
	PeriodStart string  `json:"periodStart"` // RFC 3339
	SpentUSD    float64 `json:"spentUsd"`
	SoftReached bool    `json:"softReached"`
	HardReached bool    `json:"hardReached"`
}

// Service manages budgets.
type Service struct {
	db  *db.DB
	em  events.Emitter
	log *slog.Logger
	now func() time.Time
}

// New returns the service.
func New(d *db.DB, em events.Emitter, log *slog.Logger) *Service {
	return &Service{db: d, em: em, log: log.With("component", "budget"), now: time.Now}
}

var _ execution.BudgetGate = (*Service)(nil)

const cols = `id, name, scope, scope_id, period, soft_usd, hard_usd, created_at, updated_at`

func scan(row interface{ Scan(...any) error }) (Budget, error) {
	var b Budget
	err := row.Scan(&b.ID, &b.Name, &b.Scope, &b.ScopeID, &b.Period, &b.SoftUSD, &b.HardUSD, &b.CreatedAt, &b.UpdatedAt)
	return b, err
}

// List returns every budget.
func (s *Service) List(ctx context.Context) ([]Budget, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT `+cols+` FROM budgets ORDER BY scope, period, created_at`)
	if err != nil {
		return nil, fmt.Errorf("list budgets: %w", err)
	}
	defer rows.Close()
	out := []Budget{}
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Get returns one budget.
func (s *Service) Get(ctx context.Context, id string) (Budget, error) {
	b, err := scan(s.db.Reader.QueryRowContext(ctx, `SELECT `+cols+` FROM budgets WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return b, err
}

// Create validates and stores a new budget.
func (s *Service) Create(ctx context.Context, in Budget) (Budget, error) {
	in = normalize(in)
	if err := validate(in); err != nil {
		return Budget{}, err
	}
	in.ID = db.NewID("bdg-")
	in.CreatedAt, in.UpdatedAt = db.Now(), db.Now()
	_, err := s.db.Exec(ctx, `INSERT INTO budgets(`+cols+`) VALUES(?,?,?,?,?,?,?,?,?)`,
		in.ID, in.Name, in.Scope, in.ScopeID, in.Period, in.SoftUSD, in.HardUSD, in.CreatedAt, in.UpdatedAt)
	if err != nil {
		return Budget{}, fmt.Errorf("create budget: %w", db.WrapError(err))
	}
	s.log.InfoContext(ctx, "budget created", "budget_id", in.ID, "scope", in.Scope, "period", in.Period)
	return in, nil
}

// Update replaces a budget's fields; a changed limit may warn again in the current period.
func (s *Service) Update(ctx context.Context, in Budget) (Budget, error) {
	in = normalize(in)
	if err := validate(in); err != nil {
		return Budget{}, err
	}
	cur, err := s.Get(ctx, in.ID)
	if err != nil {
		return Budget{}, err
	}
	in.CreatedAt, in.UpdatedAt = cur.CreatedAt, db.Now()
	_, err = s.db.Exec(ctx, `UPDATE budgets SET name = ?, scope = ?, scope_id = ?, period = ?, soft_usd = ?, hard_usd = ?,
		warned_for = '', updated_at = ? WHERE id = ?`, in.Name, in.Scope, in.ScopeID, in.Period, in.SoftUSD, in.HardUSD, in.UpdatedAt, in.ID)
	if err != nil {
		return Budget{}, fmt.Errorf("update budget: %w", db.WrapError(err))
	}
	return in, nil
}

// Delete removes a budget.
func (s *Service) Delete(ctx context.Context, id string) error {
	res, err := s.db.Exec(ctx, `DELETE FROM budgets WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete budget: %w", db.WrapError(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return nil
}

func normalize(b Budget) Budget {
	b.Name, b.Scope, b.ScopeID, b.Period = strings.TrimSpace(b.Name), strings.TrimSpace(b.Scope), strings.TrimSpace(b.ScopeID), strings.TrimSpace(b.Period)
	if b.Scope == ScopeGlobal {
		b.ScopeID = ""
	}
	return b
}

func validate(b Budget) error {
	errs := validation.New("budget")
	if len(b.Name) > 200 {
		errs.Add("name", "must be at most 200 characters")
	}
	if !slices.Contains([]string{ScopeGlobal, ScopeTrigger, ScopeAccount}, b.Scope) {
		errs.Add("scope", "must be global, trigger or account")
	} else if b.Scope != ScopeGlobal && b.ScopeID == "" {
		errs.Add("scopeId", "must name the "+b.Scope)
	}
	if len(b.ScopeID) > 200 {
		errs.Add("scopeId", "must be at most 200 characters")
	}
	if !slices.Contains([]string{PeriodDay, PeriodWeek, PeriodMonth}, b.Period) {
		errs.Add("period", "must be day, week or month")
	}
	for field, v := range map[string]float64{"softUsd": b.SoftUSD, "hardUsd": b.HardUSD} {
		if v < 0 || v > 1_000_000 || math.IsNaN(v) {
			errs.Add(field, "must be between 0 (none) and 1000000")
		}
	}
	if b.SoftUSD == 0 && b.HardUSD == 0 {
		errs.Add("hardUsd", "set a soft or a hard limit (or both)")
	}
	if b.HardUSD > 0 && b.SoftUSD > b.HardUSD {
		errs.Add("softUsd", "must not be above the hard limit")
	}
	return errs.Err()
}

// periodStart is the start of the period holding now, in now's time zone.
func periodStart(period string, now time.Time) time.Time {
	y, m, d := now.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	switch period {
	case PeriodWeek:
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)) // Monday
	case PeriodMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, now.Location())
	}
	return day
}

var periodWords = map[string]string{PeriodDay: "daily", PeriodWeek: "weekly", PeriodMonth: "monthly"}

// label names a budget for messages.
func label(b Budget) string {
	s := b.Scope + " " + periodWords[b.Period] + " budget"
	if b.Scope != ScopeGlobal {
		s = fmt.Sprintf("%s %s budget for %s", b.Scope, periodWords[b.Period], b.ScopeID)
	}
	if b.Name != "" {
		s += fmt.Sprintf(" %q", b.Name)
	}
	limit := b.HardUSD
	if limit == 0 {
		limit = b.SoftUSD
	}
	return fmt.Sprintf("%s ($%.2f)", s, limit)
}

// spent sums the cost of the finished runs under b started since start.
func (s *Service) spent(ctx context.Context, b Budget, start time.Time) (float64, error) {
	q := `SELECT COALESCE(SUM(cost_usd), 0) FROM executions WHERE started_at >= ? AND status NOT IN ('queued', 'running')`
	args := []any{start.UTC().Format(db.TimeFormat)}
	switch b.Scope {
	case ScopeTrigger:
		q += ` AND trigger_id = ?`
		args = append(args, b.ScopeID)
	case ScopeAccount:
		// What each attempt spent on the account (a run the router moved counts where it
		// spent), and runs refused before any attempt by the account their trigger names.
		q = `SELECT COALESCE((SELECT SUM(a.cost_usd) FROM execution_attempts a JOIN executions e ON e.id = a.execution_id
				WHERE e.started_at >= ? AND e.status NOT IN ('queued', 'running') AND a.account_id = ?), 0)
			+ COALESCE((SELECT SUM(e.cost_usd) FROM executions e WHERE e.started_at >= ? AND e.status NOT IN ('queued', 'running')
				AND json_extract(e.trigger_snapshot, '$.accountId') = ?
				AND NOT EXISTS (SELECT 1 FROM execution_attempts a WHERE a.execution_id = e.id)), 0)`
		args = append(args, b.ScopeID, args[0], b.ScopeID)
	}
	var v float64
	if err := s.db.Reader.QueryRowContext(ctx, q, args...).Scan(&v); err != nil {
		return 0, fmt.Errorf("sum spending: %w", err)
	}
	return v, nil
}

// Statuses returns every budget with its current period's spending.
func (s *Service) Statuses(ctx context.Context) ([]Status, error) {
	list, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := []Status{}
	for _, b := range list {
		start := periodStart(b.Period, now)
		spent, err := s.spent(ctx, b, start)
		if err != nil {
			return nil, err
		}
		out = append(out, Status{Budget: b, Label: label(b), PeriodStart: start.UTC().Format(time.RFC3339), SpentUSD: spent,
			SoftReached: b.SoftUSD > 0 && spent >= b.SoftUSD, HardReached: b.HardUSD > 0 && spent >= b.HardUSD})
	}
	return out, nil
}

// applies says whether b covers a run in scope.
func applies(b Budget, scope execution.BudgetScope) bool {
	switch b.Scope {
	case ScopeTrigger:
		return b.ScopeID == scope.TriggerID
	case ScopeAccount:
		return b.ScopeID != "" && b.ScopeID == scope.AccountID
	}
	return true
}

// Headroom is what a run in scope may still spend before the tightest hard budget over it.
func (s *Service) Headroom(ctx context.Context, scope execution.BudgetScope) (execution.Headroom, error) {
	hs, err := s.Headrooms(ctx, scope)
	if err != nil {
		return execution.Headroom{}, err
	}
	var h execution.Headroom
	for _, x := range hs {
		if !h.Limited || x.RemainingUSD < h.RemainingUSD {
			h = x
		}
	}
	return h, nil
}

// Headrooms lists every hard budget over a run in scope with what its period has left after
// the finished runs (the engine adds the runs in flight).
func (s *Service) Headrooms(ctx context.Context, scope execution.BudgetScope) ([]execution.Headroom, error) {
	statuses, err := s.Statuses(ctx)
	if err != nil {
		return nil, err
	}
	var out []execution.Headroom
	for _, st := range statuses {
		if st.HardUSD <= 0 || !applies(st.Budget, scope) {
			continue
		}
		out = append(out, execution.Headroom{Limited: true, RemainingUSD: st.HardUSD - st.SpentUSD, Budget: st.Label,
			SpentUSD: st.SpentUSD, Scope: st.Scope, ScopeID: st.ScopeID})
	}
	return out, nil
}

// CheckSoft warns once per period about each soft limit that is reached. The app calls it after
// every finished run.
func (s *Service) CheckSoft(ctx context.Context) {
	statuses, err := s.Statuses(ctx)
	if err != nil {
		s.log.Warn("check soft budgets", "err", err)
		return
	}
	for _, st := range statuses {
		if !st.SoftReached {
			continue
		}
		res, err := s.db.Exec(ctx, `UPDATE budgets SET warned_for = ? WHERE id = ? AND warned_for != ?`, st.PeriodStart, st.ID, st.PeriodStart)
		if err != nil {
			s.log.Warn("record budget warning", "budget_id", st.ID, "err", err)
			continue
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // already warned this period
		}
		events.Notify(s.em, events.Notification{
			Kind: events.KindBudget, Level: events.LevelWarning,
			Title:   "Budget warning: " + st.Label,
			Message: fmt.Sprintf("$%.2f spent this %s, past the soft limit of $%.2f.", st.SpentUSD, st.Period, st.SoftUSD),
		})
	}
}

// Watch checks the soft limits after every run that ends, until ctx ends.
func (s *Service) Watch(ctx context.Context, bus interface {
	Subscribe(size int, match func(string) bool) *events.Subscription
},
) {
	sub := bus.Subscribe(64, func(n string) bool { return n == events.ExecutionStatus })
	defer sub.Close()
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			return
		}
		if ex, ok := ev.Payload.(execution.Execution); ok && ex.FinishedAt != "" {
			s.CheckSoft(ctx)
		}
	}
}

package budget

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/logging"
	"github.com/agented/agented/backend/validation"
)

func newService(t *testing.T) (*Service, *db.DB, *events.Recorder) {
	t.Helper()
	d := testutil.OpenDB(t)
	rec := &events.Recorder{}
	return New(d, rec, logging.Discard()), d, rec
}

func spend(t *testing.T, d *db.DB, id, trigger string, at time.Time, usd float64) {
	t.Helper()
	_, err := d.Writer.Exec(`INSERT INTO executions(id, trigger_id, trigger_name, kind, backend_type, status, queued_at, started_at, cost_usd, trigger_snapshot)
		VALUES(?, NULL, ?, 'manual', 'claude', 'success', ?, ?, ?, '{"accountId":"acc-1"}')`, id, trigger, at.UTC().Format(db.TimeFormat),
		at.UTC().Format(db.TimeFormat), usd)
	if err != nil {
		t.Fatal(err)
	}
}

func TestBadBudgets(t *testing.T) {
	t.Parallel()
	s, _, _ := newService(t)
	tests := []struct {
		name  string
		in    Budget
		field string
	}{
		{"unknown scope", Budget{Scope: "planet", Period: PeriodDay, HardUSD: 1}, "scope"},
		{"trigger without id", Budget{Scope: ScopeTrigger, Period: PeriodDay, HardUSD: 1}, "scopeId"},
		{"unknown period", Budget{Scope: ScopeGlobal, Period: "year", HardUSD: 1}, "period"},
		{"no limit", Budget{Scope: ScopeGlobal, Period: PeriodDay}, "hardUsd"},
		{"negative", Budget{Scope: ScopeGlobal, Period: PeriodDay, HardUSD: -1}, "hardUsd"},
		{"soft above hard", Budget{Scope: ScopeGlobal, Period: PeriodDay, SoftUSD: 5, HardUSD: 1}, "softUsd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Create(context.Background(), tt.in)
			var ve *validation.Errors
			if !errors.As(err, &ve) || ve.Fields[tt.field] == "" {
				t.Fatalf("err = %v, want a message on %s", err, tt.field)
			}
		})
	}
	if _, err := s.Get(context.Background(), "bdg-nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get unknown: %v", err)
	}
	if err := s.Delete(context.Background(), "bdg-nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete unknown: %v", err)
	}
}

// The tightest hard budget over a run decides its headroom; runs outside a budget's scope or
// period do not count against it.
func TestHeadroomAndSoftWarning(t *testing.T) {
	t.Parallel()
	s, d, rec := newService(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, time.Local) // a Wednesday
	s.now = func() time.Time { return now }
	spend(t, d, "e1", "nightly", now.Add(-time.Hour), 3)
	spend(t, d, "e2", "review", now.Add(-2*time.Hour), 1)
	spend(t, d, "e3", "nightly", now.AddDate(0, 0, -1), 10) // yesterday: this week, not today
	if _, err := s.Create(ctx, Budget{Name: "team", Scope: ScopeGlobal, Period: PeriodDay, SoftUSD: 3, HardUSD: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, Budget{Scope: ScopeGlobal, Period: PeriodWeek, HardUSD: 100}); err != nil {
		t.Fatal(err)
	}
	h, err := s.Headroom(ctx, execution.BudgetScope{TriggerID: "nightly"})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Limited || h.RemainingUSD != 1 || h.SpentUSD != 4 || !strings.Contains(h.Budget, `global daily budget "team" ($5.00)`) {
		t.Fatalf("headroom = %+v, want $1 left of the daily team budget", h)
	}
	if _, err := s.Create(ctx, Budget{Scope: ScopeAccount, ScopeID: "acc-1", Period: PeriodMonth, HardUSD: 12}); err != nil {
		t.Fatal(err)
	}
	h, _ = s.Headroom(ctx, execution.BudgetScope{TriggerID: "nightly", AccountID: "acc-1"})
	if h.RemainingUSD != -2 || !strings.Contains(h.Budget, "account monthly budget for acc-1") {
		t.Fatalf("account headroom = %+v, want used up by $2", h)
	}

	s.CheckSoft(ctx)
	s.CheckSoft(ctx) // once per period
	n := rec.Named(events.NotificationShow)
	if len(n) != 1 || n[0].Payload.(events.Notification).Kind != events.KindBudget {
		t.Fatalf("notifications = %+v, want one budget warning", n)
	}
	st, _ := s.Statuses(ctx)
	if len(st) != 3 || !st[0].SoftReached && !st[1].SoftReached && !st[2].SoftReached {
		t.Fatalf("statuses = %+v", st)
	}
}

func TestPeriodStart(t *testing.T) {
	t.Parallel()
	wed := time.Date(2026, 3, 11, 15, 4, 0, 0, time.UTC)
	for period, want := range map[string]time.Time{
		PeriodDay:   time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC),
		PeriodWeek:  time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC),
		PeriodMonth: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
	} {
		if got := periodStart(period, wed); !got.Equal(want) {
			t.Errorf("%s: %v, want %v", period, got, want)
		}
	}
	sun := time.Date(2026, 3, 15, 1, 0, 0, 0, time.UTC)
	if got := periodStart(PeriodWeek, sun); got.Day() != 9 {
		t.Errorf("a Sunday's week starts %v, want Monday the 9th", got)
	}
}

// An account budget counts what each attempt spent on the account, wherever the run ended.
func TestAccountBudgetCountsAttempts(t *testing.T) {
	t.Parallel()
	s, d, _ := newService(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, time.Local)
	s.now = func() time.Time { return now }
	spend(t, d, "moved", "nightly", now.Add(-time.Hour), 0.7) // its trigger names acc-1
	for n, a := range map[int]struct {
		acc  string
		cost float64
	}{1: {"acc-a", 0.5}, 2: {"acc-b", 0.2}} {
		if _, err := d.Writer.Exec(`INSERT INTO execution_attempts(execution_id, attempt, entry, backend, account_id, status, started_at, cost_usd)
			VALUES('moved', ?, 0, 'claude', ?, 'failed', '', ?)`, n, a.acc, a.cost); err != nil {
			t.Fatal(err)
		}
	}
	spend(t, d, "refused", "nightly", now.Add(-time.Hour), 0.05) // no attempt: counted on acc-1
	for _, acc := range []string{"acc-a", "acc-b", "acc-1"} {
		if _, err := s.Create(ctx, Budget{Scope: ScopeAccount, ScopeID: acc, Period: PeriodDay, HardUSD: 1}); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]float64{"acc-a": 0.5, "acc-b": 0.2, "acc-1": 0.05}
	for acc, spent := range want {
		h, err := s.Headroom(ctx, execution.BudgetScope{AccountID: acc})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(h.SpentUSD-spent) > 1e-9 {
			t.Errorf("%s spent %v, want %v", acc, h.SpentUSD, spent)
		}
	}
}

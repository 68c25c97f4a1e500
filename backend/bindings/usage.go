package bindings

import (
	"context"

	"github.com/agented/agented/backend/budget"
	"github.com/agented/agented/backend/usage"
)

// UsageAPI serves usage reports, budgets and the model price table.
type UsageAPI struct {
	ctx     context.Context
	reports *usage.Reports
	budgets *budget.Service
	prices  *usage.Pricing
	rec     Recorder
}

// NewUsageAPI returns the facade.
func NewUsageAPI(ctx context.Context, reports *usage.Reports, budgets *budget.Service, prices *usage.Pricing, rec Recorder) *UsageAPI {
	return &UsageAPI{ctx: ctx, reports: reports, budgets: budgets, prices: prices, rec: rec}
}

// Report aggregates the usage of runs in a time range by the given dimensions.
func (a *UsageAPI) Report(q usage.Query) (usage.Report, error) { return a.reports.Get(a.ctx, q) }

// Budgets returns every budget with what its current period has spent.
func (a *UsageAPI) Budgets() ([]budget.Status, error) { return a.budgets.Statuses(a.ctx) }

// CreateBudget stores a new budget.
func (a *UsageAPI) CreateBudget(b budget.Budget) (budget.Budget, error) {
	return record(a.ctx, a.rec, "budget.create", "", nil, func() (budget.Budget, error) { return a.budgets.Create(a.ctx, b) })
}

// UpdateBudget replaces a budget.
func (a *UsageAPI) UpdateBudget(b budget.Budget) (budget.Budget, error) {
	before := snapshot(func() (budget.Budget, error) { return a.budgets.Get(a.ctx, b.ID) })
	return record(a.ctx, a.rec, "budget.update", b.ID, before, func() (budget.Budget, error) { return a.budgets.Update(a.ctx, b) })
}

// DeleteBudget removes a budget.
func (a *UsageAPI) DeleteBudget(id string) error {
	before := snapshot(func() (budget.Budget, error) { return a.budgets.Get(a.ctx, id) })
	return recordErr(a.ctx, a.rec, "budget.delete", id, before, nil, func() error { return a.budgets.Delete(a.ctx, id) })
}

// Prices returns the model price table.
func (a *UsageAPI) Prices() []usage.Price { return a.prices.Table() }

// SetPrices stores a new price table (empty: the defaults) and returns it.
func (a *UsageAPI) SetPrices(table []usage.Price) ([]usage.Price, error) {
	before := map[string]any{"prices": a.prices.Table()}
	out, err := a.prices.SetTable(a.ctx, table)
	if err == nil && a.rec != nil {
		a.rec.Record(a.ctx, "prices.update", "", before, map[string]any{"prices": out})
	}
	return out, err
}

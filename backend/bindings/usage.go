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
}

// NewUsageAPI returns the facade.
func NewUsageAPI(ctx context.Context, reports *usage.Reports, budgets *budget.Service, prices *usage.Pricing) *UsageAPI {
	return &UsageAPI{ctx: ctx, reports: reports, budgets: budgets, prices: prices}
}

// Report aggregates the usage of runs in a time range by the given dimensions.
func (a *UsageAPI) Report(q usage.Query) (usage.Report, error) { return a.reports.Get(a.ctx, q) }

// Budgets returns every budget with what its current period has spent.
func (a *UsageAPI) Budgets() ([]budget.Status, error) { return a.budgets.Statuses(a.ctx) }

// CreateBudget stores a new budget.
func (a *UsageAPI) CreateBudget(b budget.Budget) (budget.Budget, error) {
	return a.budgets.Create(a.ctx, b)
}

// UpdateBudget replaces a budget.
func (a *UsageAPI) UpdateBudget(b budget.Budget) (budget.Budget, error) {
	return a.budgets.Update(a.ctx, b)
}

// DeleteBudget removes a budget.
func (a *UsageAPI) DeleteBudget(id string) error { return a.budgets.Delete(a.ctx, id) }

// Prices returns the model price table.
func (a *UsageAPI) Prices() []usage.Price { return a.prices.Table() }

// SetPrices stores a new price table (empty: the defaults) and returns it.
func (a *UsageAPI) SetPrices(table []usage.Price) ([]usage.Price, error) {
	return a.prices.SetTable(a.ctx, table)
}

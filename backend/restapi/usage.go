package restapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/budget"
	"github.com/agented/agented/backend/usage"
)

// Usage is what the API needs for usage reports (*usage.Reports).
type Usage interface {
	Get(ctx context.Context, q usage.Query) (usage.Report, error)
}

// Budgets is what the API needs of the budget service (*budget.Service).
type Budgets interface {
	Statuses(ctx context.Context) ([]budget.Status, error)
	Get(ctx context.Context, id string) (budget.Budget, error)
	Create(ctx context.Context, in budget.Budget) (budget.Budget, error)
	Update(ctx context.Context, in budget.Budget) (budget.Budget, error)
	Delete(ctx context.Context, id string) error
}

// Prices is what the API needs of the model price table (*usage.Pricing), the same service the
// Settings screen edits.
type Prices interface {
	Table() []usage.Price
	SetTable(ctx context.Context, table []usage.Price) ([]usage.Price, error)
}

// getUsage answers GET /admin/usage?from=&to=&groupBy=day,trigger.
func (a *API) getUsage(c echo.Context) error {
	q := usage.Query{From: c.QueryParam("from"), To: c.QueryParam("to")}
	if g := strings.TrimSpace(c.QueryParam("groupBy")); g != "" {
		q.GroupBy = strings.Split(g, ",")
	}
	rep, err := a.d.Usage.Get(c.Request().Context(), q)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, rep)
}

// listBudgets answers every budget with its current period's spending.
func (a *API) listBudgets(c echo.Context) error {
	list, err := a.d.Budgets.Statuses(c.Request().Context())
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, list)
}

func (a *API) getBudget(c echo.Context) error {
	b, err := a.d.Budgets.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, b)
}

func (a *API) createBudget(c echo.Context) error {
	var in budget.Budget
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	b, err := a.d.Budgets.Create(c.Request().Context(), in)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusCreated, b)
}

func (a *API) updateBudget(c echo.Context) error {
	var in budget.Budget
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	in.ID = c.Param("id")
	b, err := a.d.Budgets.Update(c.Request().Context(), in)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, b)
}

func (a *API) deleteBudget(c echo.Context) error {
	if err := a.d.Budgets.Delete(c.Request().Context(), c.Param("id")); err != nil {
		return a.fail(c, err)
	}
	return c.NoContent(http.StatusNoContent)
}

// listPrices answers the model price table (USD per million tokens).
func (a *API) listPrices(c echo.Context) error {
	return c.JSON(http.StatusOK, a.d.Prices.Table())
}

// setPrices replaces the whole table; an empty array restores the public list prices.
func (a *API) setPrices(c echo.Context) error {
	var in []usage.Price
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	table, err := a.d.Prices.SetTable(c.Request().Context(), in)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, table)
}

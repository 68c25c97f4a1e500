package restapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/account"
)

// Accounts is what the API needs of the account service (*account.Service).
type Accounts interface {
	List(ctx context.Context) ([]account.Account, error)
	Get(ctx context.Context, id string) (account.Account, error)
	Create(ctx context.Context, in account.Input) (account.Account, error)
	Update(ctx context.Context, id string, in account.Input) (account.Account, error)
	Delete(ctx context.Context, id string) error
	CooldownList(ctx context.Context) ([]account.Cooldown, error)
	ClearCooldown(ctx context.Context, key string) error
}

// AccountList is the answer of GET /admin/accounts: every account, and every cooldown in force
// (including those of backends run without an account, keyed by the backend name).
type AccountList struct {
	Accounts  []account.Account  `json:"accounts"`
	Cooldowns []account.Cooldown `json:"cooldowns"`
}

func (a *API) listAccounts(c echo.Context) error {
	ctx := c.Request().Context()
	list, err := a.d.Accounts.List(ctx)
	if err != nil {
		return a.fail(c, err)
	}
	cds, err := a.d.Accounts.CooldownList(ctx)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, AccountList{Accounts: list, Cooldowns: cds})
}

func (a *API) getAccount(c echo.Context) error {
	acc, err := a.d.Accounts.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, acc)
}

func (a *API) createAccount(c echo.Context) error {
	var in account.Input
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	ctx := c.Request().Context()
	acc, err := a.d.Accounts.Create(ctx, in)
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "account created over REST", "account_id", acc.ID)
	return c.JSON(http.StatusCreated, acc)
}

// updateAccount serves PUT and PATCH alike: the body is laid over the stored account, so a field
// left out keeps its value, and apiKey left out keeps the stored key.
func (a *API) updateAccount(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	cur, err := a.d.Accounts.Get(ctx, id)
	if err != nil {
		return a.fail(c, err)
	}
	in := account.Input{Backend: cur.Backend, Name: cur.Name, APIKeyEnv: cur.APIKeyEnv, ConfigDir: cur.ConfigDir, Env: cur.Env, IsDefault: cur.IsDefault}
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	acc, err := a.d.Accounts.Update(ctx, id, in)
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "account updated over REST", "account_id", id)
	return c.JSON(http.StatusOK, acc)
}

func (a *API) deleteAccount(c echo.Context) error {
	ctx := c.Request().Context()
	if err := a.d.Accounts.Delete(ctx, c.Param("id")); err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "account deleted over REST", "account_id", c.Param("id"))
	return c.NoContent(http.StatusNoContent)
}

// clearCooldown ends a cooldown now. :id is an account id, or a backend name for the runs of a
// backend that has no account.
func (a *API) clearCooldown(c echo.Context) error {
	ctx := c.Request().Context()
	if err := a.d.Accounts.ClearCooldown(ctx, c.Param("id")); err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "cooldown cleared over REST", "key", c.Param("id"))
	return c.NoContent(http.StatusNoContent)
}

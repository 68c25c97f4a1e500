package restapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/apikey"
	"github.com/agented/agented/backend/audit"
)

// APIKeys is what the API needs of the named keys (*apikey.Service).
type APIKeys interface {
	List(ctx context.Context) ([]apikey.Key, error)
	Get(ctx context.Context, id string) (apikey.Key, error)
	Create(ctx context.Context, in apikey.Input) (apikey.Created, error)
	Revoke(ctx context.Context, id string) error
}

// AuditLog is what the API needs of the audit log (*audit.Service).
type AuditLog interface {
	Recorder
	List(ctx context.Context, f audit.Filter) (audit.Page, error)
}

// KeyList is the answer of GET /admin/api-keys.
type KeyList struct {
	Keys []apikey.Key `json:"keys"`
}

func (a *API) registerKeys(r registrar) {
	if a.d.Keys == nil {
		return
	}
	key := func(c echo.Context) (any, error) { return a.d.Keys.Get(c.Request().Context(), c.Param("id")) }
	r.add(Route{Method: http.MethodGet, Path: "/api-keys", Scope: read, Summary: "List the named API keys (never their secrets)", Resp: KeyList{}}, a.listKeys)
	r.add(Route{Method: http.MethodPost, Path: "/api-keys", Scope: admin, Action: "apikey.create", Summary: "Create a key; its secret is in this answer only", Body: apikey.Input{}, Resp: apikey.Created{}, Status: http.StatusCreated}, a.createKey)
	r.add(Route{Method: http.MethodDelete, Path: "/api-keys/:id", Scope: admin, Action: "apikey.revoke", Summary: "Revoke a key; it fails at once", Status: http.StatusNoContent, Before: key}, a.revokeKey)
}

func (a *API) registerAudit(r registrar) {
	if a.d.Audit == nil {
		return
	}
	r.add(Route{Method: http.MethodGet, Path: "/audit", Scope: read, Summary: "Audit log entries, newest first", Query: []string{"actor", "action", "limit", "offset"}, Resp: audit.Page{}}, a.listAudit)
}

func (a *API) listKeys(c echo.Context) error {
	keys, err := a.d.Keys.List(c.Request().Context())
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, KeyList{Keys: keys})
}

func (a *API) createKey(c echo.Context) error {
	var in apikey.Input
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	created, err := a.d.Keys.Create(c.Request().Context(), in)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusCreated, created)
}

func (a *API) revokeKey(c echo.Context) error {
	if err := a.d.Keys.Revoke(c.Request().Context(), c.Param("id")); err != nil {
		return a.fail(c, err)
	}
	return c.NoContent(http.StatusNoContent)
}

// listAudit answers GET /admin/audit?actor=&action=&limit=&offset=.
func (a *API) listAudit(c echo.Context) error {
	q := newQuery(c)
	f := audit.Filter{
		Actor:  strings.TrimSpace(c.QueryParam("actor")),
		Action: strings.TrimSpace(c.QueryParam("action")),
		Limit:  q.number("limit", audit.DefaultLimit, 1, audit.MaxLimit),
		Offset: q.number("offset", 0, 0, 1<<31-1),
	}
	if err := q.err(); err != nil {
		return a.fail(c, err)
	}
	page, err := a.d.Audit.List(c.Request().Context(), f)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, page)
}

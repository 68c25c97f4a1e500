package restapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/notify"
)

// Notifications is what the API needs of the notification service (*notify.Service).
type Notifications interface {
	List(ctx context.Context, q notify.Query) (notify.Page, error)
	MarkRead(ctx context.Context, id string) error
	MarkAllRead(ctx context.Context) error
	OSSwitches(ctx context.Context) (map[string]bool, error)
	SetOSSwitches(ctx context.Context, in map[string]bool) (map[string]bool, error)
}

// listNotifications answers GET /admin/notifications?unread=true&limit=N, newest first.
func (a *API) listNotifications(c echo.Context) error {
	q := newQuery(c)
	nq := notify.Query{Limit: q.number("limit", notify.DefaultLimit, 1, notify.MaxLimit)}
	switch strings.TrimSpace(c.QueryParam("unread")) {
	case "", "false":
	case "true":
		nq.UnreadOnly = true
	default:
		q.errs.Add("unread", "must be true or false")
	}
	if err := q.err(); err != nil {
		return a.fail(c, err)
	}
	page, err := a.d.Notifications.List(c.Request().Context(), nq)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, page)
}

func (a *API) readNotification(c echo.Context) error {
	if err := a.d.Notifications.MarkRead(c.Request().Context(), c.Param("id")); err != nil {
		return a.fail(c, err)
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *API) readAllNotifications(c echo.Context) error {
	if err := a.d.Notifications.MarkAllRead(c.Request().Context()); err != nil {
		return a.fail(c, err)
	}
	return c.NoContent(http.StatusNoContent)
}

// getOSNotifications answers the per-kind OS-notification switches: {"run_failed": true, ...}.
func (a *API) getOSNotifications(c echo.Context) error {
	m, err := a.d.Notifications.OSSwitches(c.Request().Context())
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, m)
}

// putOSNotifications stores the switches named in the body; kinds not named keep theirs.
func (a *API) putOSNotifications(c echo.Context) error {
	in := map[string]bool{}
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	m, err := a.d.Notifications.SetOSSwitches(c.Request().Context(), in)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, m)
}

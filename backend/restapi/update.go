package restapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/update"
)

// Updates is what the API needs of the update checker (*update.Checker).
type Updates interface {
	Status() update.Status
	Check(ctx context.Context) (update.Status, error)
}

// updateStatus answers the last check's outcome without reading the feed.
func (a *API) updateStatus(c echo.Context) error {
	return c.JSON(http.StatusOK, a.d.Updates.Status())
}

// checkUpdate reads the feed now. A feed that cannot be read or understood is the outcome of the
// check (200, its reason in "error"); only a check while checking is off is refused.
func (a *API) checkUpdate(c echo.Context) error {
	st, err := a.d.Updates.Check(c.Request().Context())
	if err == update.ErrDisabled {
		return c.JSON(http.StatusConflict, errorBody{Error: err.Error()})
	}
	return c.JSON(http.StatusOK, st)
}

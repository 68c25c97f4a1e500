package restapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/trigger"
)

// TriggerList is the answer of GET /admin/triggers.
type TriggerList struct {
	Triggers []trigger.Summary `json:"triggers"`
}

// PathList is the answer of GET /admin/triggers/:id/paths.
type PathList struct {
	Paths []trigger.LinkedPath `json:"paths"`
}

// AddPathRequest is the body of POST /admin/triggers/:id/paths.
type AddPathRequest struct {
	Path string `json:"path"` // absolute local directory
}

// PreviewRequest is the body of POST /admin/triggers/:id/preview: sample values, and optionally
// an unsaved template or skill command (absent means the stored one).
type PreviewRequest struct {
	Template     *string `json:"template"`
	SkillCommand *string `json:"skillCommand"`
	trigger.Sample
}

// listTriggers answers the full list from the encoded copy kept while nothing changes, with an
// ETag; a filtered list (?q=) is built per request.
func (a *API) listTriggers(c echo.Context) error {
	ctx := c.Request().Context()
	if q := c.QueryParam("q"); q != "" {
		list, err := a.d.Triggers.List(ctx, q)
		if err != nil {
			return a.fail(c, err)
		}
		return c.JSON(http.StatusOK, TriggerList{Triggers: list})
	}
	l, err := a.d.Triggers.Listing(ctx)
	if err != nil {
		return a.fail(c, err)
	}
	body, etag, err := a.triggerList.get(l.Version, TriggerList{Triggers: l.Triggers})
	if err != nil {
		return a.fail(c, err)
	}
	return sendTagged(c, body, etag)
}

func (a *API) createTrigger(c echo.Context) error {
	// A script that leaves "enabled" out means a working trigger, as the editor creates them.
	in := trigger.Trigger{Enabled: true}
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	ctx := c.Request().Context()
	t, err := a.d.Triggers.Create(ctx, in)
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "trigger created over REST", "trigger_id", t.ID)
	return c.JSON(http.StatusCreated, t)
}

func (a *API) getTrigger(c echo.Context) error {
	t, err := a.d.Triggers.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, a.detail(t))
}

// updateTrigger decodes the body onto the stored trigger, so a field the body leaves out keeps
// its value and a client can send {"enabled": false} alone. Read-only fields (isPredefined,
// createdAt, hasWebhookSecret...) are accepted, so a GET result can be sent back as is, but the
// service ignores them. "paths", when present, only reorders the linked directories.
func (a *API) updateTrigger(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	t, err := a.d.Triggers.Get(ctx, id)
	if err != nil {
		return a.fail(c, err)
	}
	if err := decodeJSON(c, &t, false); err != nil {
		return a.fail(c, err)
	}
	if t.ID != id {
		return a.fail(c, badRequest("id in the body does not match the URL", map[string]string{"id": "must be " + id + " or left out"}))
	}
	t, err = a.d.Triggers.Update(ctx, t)
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "trigger updated over REST", "trigger_id", id)
	return c.JSON(http.StatusOK, t)
}

func (a *API) deleteTrigger(c echo.Context) error {
	ctx := c.Request().Context()
	if err := a.d.Triggers.Delete(ctx, c.Param("id")); err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "trigger deleted over REST", "trigger_id", c.Param("id"))
	return c.NoContent(http.StatusNoContent)
}

// resetTrigger restores a predefined trigger's shipped settings. A user trigger has no shipped
// settings; the service calls that "not found", but the trigger exists, so it is a conflict.
func (a *API) resetTrigger(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := a.d.Triggers.Get(ctx, c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	if !t.IsPredefined {
		return a.fail(c, &requestError{status: http.StatusConflict, body: errorBody{Error: "only predefined triggers can be reset to their defaults"}})
	}
	if t, err = a.d.Triggers.ResetToDefault(ctx, t.ID); err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, t)
}

// resumeTrigger lets a trigger that paused itself fire again; one that is not paused is a 409.
func (a *API) resumeTrigger(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := a.d.Triggers.Resume(ctx, c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	a.log.InfoContext(ctx, "trigger resumed over REST", "trigger_id", t.ID)
	return c.JSON(http.StatusOK, t)
}

func (a *API) previewTrigger(c echo.Context) error {
	t, err := a.d.Triggers.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	var req PreviewRequest
	if err := decodeJSON(c, &req, true); err != nil {
		return a.fail(c, err)
	}
	tmpl, skill := t.PromptTemplate, t.SkillCommand
	if req.Template != nil {
		tmpl = *req.Template
	}
	if req.SkillCommand != nil {
		skill = *req.SkillCommand
	}
	p, err := a.d.Triggers.Preview(t.ID, tmpl, skill, req.Sample)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, p)
}

func (a *API) listPaths(c echo.Context) error {
	t, err := a.d.Triggers.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, PathList{Paths: t.Paths})
}

func (a *API) addPath(c echo.Context) error {
	var req AddPathRequest
	if err := decodeJSON(c, &req, false); err != nil {
		return a.fail(c, err)
	}
	if strings.TrimSpace(req.Path) == "" {
		return a.fail(c, badRequest("path is required", map[string]string{"path": "is required"}))
	}
	t, err := a.d.Triggers.AddPath(c.Request().Context(), c.Param("id"), req.Path)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusCreated, t)
}

func (a *API) removePath(c echo.Context) error {
	pid, err := pathID(c)
	if err != nil {
		return a.fail(c, err)
	}
	t, err := a.d.Triggers.RemovePath(c.Request().Context(), c.Param("id"), pid)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, t)
}

package restapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/agented/agented/backend/audit"
	"github.com/agented/agented/backend/pullrequest"
)

// PullRequests is what the API needs of the pull request service (*pullrequest.Service).
type PullRequests interface {
	Page(ctx context.Context, f pullrequest.Filter) (pullrequest.Page, error)
	Get(ctx context.Context, id string) (pullrequest.PullRequest, error)
	Approve(ctx context.Context, id, by string) (pullrequest.PullRequest, error)
	Reject(ctx context.Context, id, by, reason string) (pullrequest.PullRequest, error)
	GitHubSettings(ctx context.Context) pullrequest.GitHubSettings
	SetAPIURL(ctx context.Context, raw string) (pullrequest.GitHubSettings, error)
	SetToken(ctx context.Context, token string) (pullrequest.GitHubSettings, error)
}

func (a *API) registerPullRequests(r registrar) {
	pr := func(c echo.Context) (any, error) { return a.d.PullRequests.Get(c.Request().Context(), c.Param("id")) }
	gh := func(c echo.Context) (any, error) { return a.d.PullRequests.GitHubSettings(c.Request().Context()), nil }
	r.add(Route{Method: http.MethodGet, Path: "/pull-requests", Scope: read, Summary: "Pull requests GitHub triggers saw, newest first",
		Query: []string{"repo", "status", "trigger", "limit", "offset"}, Resp: pullrequest.Page{}}, a.listPullRequests)
	r.add(Route{Method: http.MethodGet, Path: "/pull-requests/:id", Scope: read, Summary: "A pull request with its history per head SHA",
		Resp: pullrequest.PullRequest{}}, a.getPullRequest)
	r.add(Route{Method: http.MethodPost, Path: "/pull-requests/:id/approve", Scope: run, Action: "pullrequest.approve",
		Summary: "Run a pull request held by safe mode, with the read-only profile", Resp: pullrequest.PullRequest{}, Before: pr}, a.approvePullRequest)
	r.add(Route{Method: http.MethodPost, Path: "/pull-requests/:id/reject", Scope: run, Action: "pullrequest.reject",
		Summary: "Refuse a pull request held by safe mode", Body: RejectRequest{}, Resp: pullrequest.PullRequest{}, Before: pr}, a.rejectPullRequest)
	r.add(Route{Method: http.MethodGet, Path: "/github", Scope: read, Summary: "Settings → GitHub (never the token)",
		Resp: pullrequest.GitHubSettings{}}, a.getGitHubSettings)
	r.add(Route{Method: http.MethodPut, Path: "/github", Scope: admin, Action: "github.update",
		Summary: "Set the GitHub API URL and/or token (an empty token clears it)", Body: GitHubUpdate{}, Resp: pullrequest.GitHubSettings{}, Before: gh}, a.putGitHubSettings)
}

// RejectRequest is the body of POST /admin/pull-requests/:id/reject.
type RejectRequest struct {
	Reason string `json:"reason"`
}

// GitHubUpdate is the body of PUT /admin/github; a field left out keeps its value.
type GitHubUpdate struct {
	APIURL *string `json:"apiUrl"`
	Token  *string `json:"token"`
}

// prFail maps the pull request service's errors, then falls back to the shared mapping.
func (a *API) prFail(c echo.Context, err error) error {
	switch {
	case errors.Is(err, pullrequest.ErrNotFound):
		return a.fail(c, &requestError{status: http.StatusNotFound, body: errorBody{Error: err.Error()}})
	case errors.Is(err, pullrequest.ErrNotWaiting):
		return a.fail(c, &requestError{status: http.StatusConflict, body: errorBody{Error: err.Error()}})
	case errors.Is(err, pullrequest.ErrBadFilter), errors.Is(err, pullrequest.ErrBadInput):
		return a.fail(c, badRequest(err.Error(), nil))
	}
	return a.fail(c, err)
}

// listPullRequests answers GET /admin/pull-requests?repo=&status=&trigger=&limit=&offset=.
func (a *API) listPullRequests(c echo.Context) error {
	q := newQuery(c)
	f := pullrequest.Filter{
		Repo: c.QueryParam("repo"), Status: c.QueryParam("status"), TriggerID: c.QueryParam("trigger"),
		Limit:  q.number("limit", pullrequest.DefaultLimit, 1, pullrequest.MaxLimit),
		Offset: q.number("offset", 0, 0, 1<<30),
	}
	if f.TriggerID == "" {
		f.TriggerID = c.QueryParam("triggerId")
	}
	if err := q.err(); err != nil {
		return a.fail(c, err)
	}
	page, err := a.d.PullRequests.Page(c.Request().Context(), f)
	if err != nil {
		return a.prFail(c, err)
	}
	return c.JSON(http.StatusOK, page)
}

func (a *API) getPullRequest(c echo.Context) error {
	p, err := a.d.PullRequests.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return a.prFail(c, err)
	}
	return c.JSON(http.StatusOK, p)
}

func (a *API) approvePullRequest(c echo.Context) error {
	p, err := a.d.PullRequests.Approve(c.Request().Context(), c.Param("id"), actorOf(c))
	if err != nil {
		return a.prFail(c, err)
	}
	return c.JSON(http.StatusOK, p)
}

// rejectPullRequest answers POST /admin/pull-requests/:id/reject {"reason": "..."}.
func (a *API) rejectPullRequest(c echo.Context) error {
	var in RejectRequest
	if err := decodeJSON(c, &in, true); err != nil {
		return a.fail(c, err)
	}
	p, err := a.d.PullRequests.Reject(c.Request().Context(), c.Param("id"), actorOf(c), in.Reason)
	if err != nil {
		return a.prFail(c, err)
	}
	return c.JSON(http.StatusOK, p)
}

func (a *API) getGitHubSettings(c echo.Context) error {
	return c.JSON(http.StatusOK, a.d.PullRequests.GitHubSettings(c.Request().Context()))
}

// putGitHubSettings answers PUT /admin/github {"apiUrl": "...", "token": "..."}: each field
// present is applied; an empty token clears the stored one.
func (a *API) putGitHubSettings(c echo.Context) error {
	var in GitHubUpdate
	if err := decodeJSON(c, &in, false); err != nil {
		return a.fail(c, err)
	}
	ctx := c.Request().Context()
	out := a.d.PullRequests.GitHubSettings(ctx)
	var err error
	if in.APIURL != nil {
		if out, err = a.d.PullRequests.SetAPIURL(ctx, *in.APIURL); err != nil {
			return a.prFail(c, err)
		}
	}
	if in.Token != nil {
		if out, err = a.d.PullRequests.SetToken(ctx, *in.Token); err != nil {
			return a.prFail(c, err)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// actorOf names who approved or rejected: the API key's name.
func actorOf(c echo.Context) string {
	name, _ := audit.ActorFrom(c.Request().Context())
	return name
}

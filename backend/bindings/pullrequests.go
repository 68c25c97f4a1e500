package bindings

import (
	"context"

	"github.com/agented/agented/backend/pullrequest"
)

// desktopActor names who approved or rejected from the window.
const desktopActor = "desktop"

// PullRequestsAPI is the Pull requests screen and Settings → GitHub.
type PullRequestsAPI struct {
	ctx context.Context
	svc *pullrequest.Service
	rec Recorder
}

// NewPullRequestsAPI returns the facade.
func NewPullRequestsAPI(ctx context.Context, svc *pullrequest.Service, rec Recorder) *PullRequestsAPI {
	return &PullRequestsAPI{ctx: ctx, svc: svc, rec: rec}
}

// List returns a page of pull requests, newest first, with their history.
func (a *PullRequestsAPI) List(f pullrequest.Filter) (pullrequest.List, error) {
	return a.svc.List(a.ctx, f)
}

// Get returns one pull request with its history.
func (a *PullRequestsAPI) Get(id string) (pullrequest.PullRequest, error) {
	return a.svc.Get(a.ctx, id)
}

// Approve runs a held pull request with the read-only permission profile.
func (a *PullRequestsAPI) Approve(id string) (pullrequest.PullRequest, error) {
	return record(a.ctx, a.rec, "pullrequest.approve", id, nil, func() (pullrequest.PullRequest, error) { return a.svc.Approve(a.ctx, id, desktopActor) })
}

// Reject records that a held pull request will not run, and why.
func (a *PullRequestsAPI) Reject(id, reason string) (pullrequest.PullRequest, error) {
	return record(a.ctx, a.rec, "pullrequest.reject", id, nil, func() (pullrequest.PullRequest, error) {
		return a.svc.Reject(a.ctx, id, desktopActor, reason)
	})
}

// Polls returns the poller's state per poll-mode trigger and repository.
func (a *PullRequestsAPI) Polls() ([]pullrequest.PollState, error) { return a.svc.Polls(a.ctx) }

// GitHubSettings returns Settings → GitHub (never the token).
func (a *PullRequestsAPI) GitHubSettings() pullrequest.GitHubSettings {
	return a.svc.GitHubSettings(a.ctx)
}

// SetAPIURL stores the GitHub API URL ("" = https://api.github.com).
func (a *PullRequestsAPI) SetAPIURL(url string) (pullrequest.GitHubSettings, error) {
	before := a.svc.GitHubSettings(a.ctx)
	return record(a.ctx, a.rec, "github.update", "", before, func() (pullrequest.GitHubSettings, error) { return a.svc.SetAPIURL(a.ctx, url) })
}

// SetToken stores the GitHub token in the keyring; "" clears it.
func (a *PullRequestsAPI) SetToken(token string) (pullrequest.GitHubSettings, error) {
	return record(a.ctx, a.rec, "secret.set", "github-token", nil, func() (pullrequest.GitHubSettings, error) { return a.svc.SetToken(a.ctx, token) })
}

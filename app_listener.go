package main

import (
	"context"
	"fmt"

	"github.com/agented/agented/backend/health"
	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/restapi"
	"github.com/agented/agented/backend/settings"
	"github.com/agented/agented/backend/webhook"
)

// startWebhooks builds the webhook service, before the REST API, which lists and replays its
// deliveries.
func (a *App) startWebhooks() {
	log := a.log.Logger
	a.webhooks = webhook.New(webhook.Deps{
		DB: a.db, Triggers: a.triggers, Dispatcher: a.engine, Secrets: a.secrets, Emitter: a.triggers.InvalidateOn(a.bus), Log: log,
		MessageCap:   func() int { return a.settings.Get().WebhookMessageCapKiB << 10 },
		PullRequests: a.prs,
	})
	a.background(func() { a.webhooks.RunRetention(a.ctx, func() int { return a.settings.Get().RetentionDays }) })
}

// startListener builds the HTTP listener. In serve mode the listener is always on; in the
// desktop app it follows Settings → Listener. A bind failure only shows in the listener's
// status: the app keeps running.
func (a *App) startListener(ctx context.Context) error {
	log := a.log.Logger
	ov, err := httpserver.EnvConfig(a.opts.Getenv)
	if err != nil {
		if a.opts.Mode == modeServe {
			return err
		}
		log.Warn("listener environment ignored", "component", "listener", "err", err)
	}
	if a.opts.Mode == modeServe {
		ov.ForceEnabled = true
		if a.opts.Listen != "" {
			ov.Listen = a.opts.Listen
		}
	}
	a.listener = httpserver.NewManager(httpserver.ManagerDeps{
		Log: log, Reporter: a.reporter, Secrets: a.secrets, Keys: a.apiKeys, Overrides: ov, Readiness: health.New(a.db, a.engine, a.sched, a.secrets, a.paths.DataDir).Readiness, Routes: a.routes(),
	})
	st := a.listener.Apply(ctx, a.settings.Listener())
	if st.Error != "" && a.opts.Mode == modeServe {
		return fmt.Errorf("listener: %s", st.Error)
	}
	return nil
}

// routes are the handlers the listener serves.
func (a *App) routes() httpserver.Routes {
	return httpserver.Routes{
		GenericWebhook: a.webhooks.GenericHandler,
		GitHubWebhook:  a.webhooks.GitHubHandler,
		Admin:          a.rest.RegisterAdmin,
		API:            a.rest.RegisterAPI,
		Scope:          a.rest.Scope,
	}
}

// listenerControl is the listener as the REST API reads and changes it.
type listenerControl struct{ a *App }

var _ restapi.ListenerControl = listenerControl{}

func (l listenerControl) Status() httpserver.Status   { return l.a.listener.Status() }
func (l listenerControl) Settings() settings.Listener { return l.a.settings.Listener() }

// Configure saves at once and applies in the background: applying shuts down the server that
// answers this very request, and that shutdown waits for the request to finish.
func (l listenerControl) Configure(ctx context.Context, in settings.Listener) (settings.Listener, error) {
	saved, err := l.a.settings.UpdateListener(ctx, in)
	if err != nil {
		return saved, err
	}
	l.a.background(func() { l.a.listener.Apply(l.a.ctx, saved) })
	return saved, nil
}

func (l listenerControl) SetGitHubSecret(v string) (httpserver.Status, error) {
	return l.a.listener.SetGitHubSecret(v)
}

func (l listenerControl) ClearGitHubSecret() (httpserver.Status, error) {
	return l.a.listener.ClearGitHubSecret()
}

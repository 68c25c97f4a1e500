package main

import (
	"context"
	"fmt"

	"github.com/agented/agented/backend/health"
	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/webhook"
)

// startListener builds the webhook service and the HTTP listener. In serve mode the listener is
// always on; in the desktop app it follows Settings → Listener. A bind failure only
// shows in the listener's status: the app keeps running.
func (a *App) startListener(ctx context.Context) error {
	log := a.log.Logger
	a.webhooks = webhook.New(webhook.Deps{
		DB: a.db, Triggers: a.triggers, Dispatcher: a.engine, Secrets: a.secrets, Emitter: a.triggers.InvalidateOn(a.bus), Log: log,
		MessageCap:   func() int { return a.settings.Get().WebhookMessageCapKiB << 10 },
		PullRequests: a.prs,
	})
	a.background(func() { a.webhooks.RunRetention(a.ctx, func() int { return a.settings.Get().RetentionDays }) })

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

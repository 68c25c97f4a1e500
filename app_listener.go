package main

import (
	"context"
	"fmt"

	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/webhook"
)

// minFreeDisk is the free space below which readiness reports the disk as degraded: runs store
// their whole output, and SQLite needs room for its WAL.
const minFreeDisk = 256 << 20

// startListener builds the webhook service and the HTTP listener. In serve mode the listener is
// always on; in the desktop app it follows Settings → Listener. A bind failure only
// shows in the listener's status: the app keeps running.
func (a *App) startListener(ctx context.Context) error {
	log := a.log.Logger
	a.webhooks = webhook.New(webhook.Deps{
		DB: a.db, Triggers: a.triggers, Dispatcher: a.engine, Secrets: a.secrets, Emitter: a.bus, Log: log,
		MessageCap: func() int { return a.settings.Get().WebhookMessageCapKiB << 10 },
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
		Log: log, Reporter: a.reporter, Secrets: a.secrets, Overrides: ov, Readiness: a.readiness, Routes: a.routes(),
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
	}
}

// readiness reports the components an authenticated /health/readiness shows.
func (a *App) readiness(ctx context.Context) map[string]httpserver.Check {
	checks := map[string]httpserver.Check{}

	// A read is not enough: a database whose files cannot be written still answers reads, and
	// then every webhook is refused with 503, so readiness must say so too.
	var mode string
	if err := a.db.Reader.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		checks["database"] = httpserver.Check{Status: httpserver.CheckError, Error: err.Error()}
	} else if err := a.db.CheckWrite(ctx); err != nil {
		checks["database"] = httpserver.Check{Status: httpserver.CheckError, Error: "the database cannot be written: " + err.Error(),
			Details: map[string]any{"journalMode": mode, "writable": false}}
	} else {
		checks["database"] = httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{"journalMode": mode, "writable": true}}
	}

	if dash, err := a.engine.Dashboard(ctx); err != nil {
		checks["engine"] = httpserver.Check{Status: httpserver.CheckError, Error: err.Error()}
	} else {
		checks["engine"] = httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{
			"running": len(dash.Running), "queued": len(dash.Queued)}}
	}

	// Scheduling is not built yet: say so instead of pretending a scheduler is healthy.
	checks["scheduler"] = httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{"note": "scheduled triggers are not built yet"}}

	// A missing keyring is expected on a headless server (secrets come from the environment), so
	// it is reported but does not make the app unready.
	ks := a.secrets.Status()
	checks["keyring"] = httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{
		"available": ks.Available, "reason": ks.Reason}}

	if free, err := freeDiskBytes(a.paths.DataDir); err != nil {
		checks["disk"] = httpserver.Check{Status: httpserver.CheckError, Error: err.Error()}
	} else {
		c := httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{"freeBytes": free}}
		if free < minFreeDisk {
			c.Status = httpserver.CheckDegraded
			c.Error = fmt.Sprintf("only %d MiB free in %s", free>>20, a.paths.DataDir)
		}
		checks["disk"] = c
	}
	return checks
}

// Package health answers "can this instance do its work": the per-component checks an
// authenticated GET /health/readiness shows (database, engine, scheduler, keyring, disk).
package health

import (
	"context"
	"fmt"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/httpserver"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/secret"
)

// MinFreeDisk is the free space below which the disk is reported degraded: runs store their whole
// output, and SQLite needs room for its WAL.
const MinFreeDisk = 256 << 20

// Engine is the part of *execution.Engine the checks read.
type Engine interface {
	Dashboard(ctx context.Context) (execution.Dashboard, error)
}

// Scheduler is the part of *schedule.Scheduler the checks read.
type Scheduler interface {
	Health() schedule.Health
}

// Keyring is the part of *secret.Store the checks read.
type Keyring interface {
	Status() secret.Status
}

var (
	_ Engine    = (*execution.Engine)(nil)
	_ Keyring   = (*secret.Store)(nil)
	_ Scheduler = (*schedule.Scheduler)(nil)
)

// Checker runs the readiness checks of one instance.
type Checker struct {
	store   *db.DB
	engine  Engine
	sched   Scheduler
	keyring Keyring
	dataDir string
}

// New returns a Checker over the store, the engine, the scheduler, the keyring and the data
// directory whose free space it watches.
func New(store *db.DB, engine Engine, sched Scheduler, keyring Keyring, dataDir string) *Checker {
	return &Checker{store: store, engine: engine, sched: sched, keyring: keyring, dataDir: dataDir}
}

// Readiness reports every component; anything but ok makes the instance unready.
func (c *Checker) Readiness(ctx context.Context) map[string]httpserver.Check {
	return map[string]httpserver.Check{
		"database":  c.database(ctx),
		"engine":    c.engineCheck(ctx),
		"scheduler": c.schedulerCheck(),
		"keyring":   c.keyringCheck(),
		"disk":      c.disk(),
	}
}

// database needs a committed write: a database whose files cannot be written still answers
// reads, and then every webhook is refused with 503, so readiness must say so too.
func (c *Checker) database(ctx context.Context) httpserver.Check {
	var mode string
	if err := c.store.Reader.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return httpserver.Check{Status: httpserver.CheckError, Error: err.Error()}
	}
	if err := c.store.CheckWrite(ctx); err != nil {
		return httpserver.Check{Status: httpserver.CheckError, Error: "the database cannot be written: " + err.Error(),
			Details: map[string]any{"journalMode": mode, "writable": false}}
	}
	return httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{"journalMode": mode, "writable": true}}
}

func (c *Checker) engineCheck(ctx context.Context) httpserver.Check {
	dash, err := c.engine.Dashboard(ctx)
	if err != nil {
		return httpserver.Check{Status: httpserver.CheckError, Error: err.Error()}
	}
	return httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{
		"running": len(dash.Running), "queued": len(dash.Queued)}}
}

// schedulerCheck is an error when the loop is not running and degraded when fire times are
// overdue: scheduled triggers would silently not fire.
func (c *Checker) schedulerCheck() httpserver.Check {
	h := c.sched.Health()
	ch := httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{
		"running": h.Running, "plans": h.Plans, "overdue": h.Overdue, "nextFireAt": h.NextFireAt}}
	switch {
	case !h.Running:
		ch.Status, ch.Error = httpserver.CheckError, "the scheduler is not running: scheduled triggers do not fire"
	case h.Overdue > 0:
		ch.Status, ch.Error = httpserver.CheckDegraded, fmt.Sprintf("%d fire times are overdue", h.Overdue)
	}
	return ch
}

// keyringCheck is ok even without a keyring: that is expected on a headless server, where
// secrets come from the environment, so it is reported but does not make the app unready.
func (c *Checker) keyringCheck() httpserver.Check {
	ks := c.keyring.Status()
	return httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{"available": ks.Available, "reason": ks.Reason}}
}

func (c *Checker) disk() httpserver.Check {
	free, err := freeDiskBytes(c.dataDir)
	if err != nil {
		return httpserver.Check{Status: httpserver.CheckError, Error: err.Error()}
	}
	ch := httpserver.Check{Status: httpserver.CheckOK, Details: map[string]any{"freeBytes": free}}
	if free < MinFreeDisk {
		ch.Status = httpserver.CheckDegraded
		ch.Error = fmt.Sprintf("only %d MiB free in %s", free>>20, c.dataDir)
	}
	return ch
}

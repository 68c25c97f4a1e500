package health_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agented/agented/backend/execution"
	"github.com/agented/agented/backend/health"
	"github.com/agented/agented/backend/internal/testutil"
	"github.com/agented/agented/backend/schedule"
	"github.com/agented/agented/backend/secret"
)

type fakeEngine struct {
	dash execution.Dashboard
	err  error
}

func (f fakeEngine) Dashboard(context.Context) (execution.Dashboard, error) { return f.dash, f.err }

type fakeScheduler schedule.Health

func (f fakeScheduler) Health() schedule.Health { return schedule.Health(f) }

type fakeKeyring secret.Status

func (f fakeKeyring) Status() secret.Status { return secret.Status(f) }

func TestReadiness(t *testing.T) {
	t.Parallel()
	busy := fakeEngine{dash: execution.Dashboard{Running: make([]execution.Execution, 2), Queued: make([]execution.Execution, 3)}}
	tests := []struct {
		name    string
		engine  fakeEngine
		sched   *fakeScheduler // nil: running, one plan, nothing overdue
		keyring fakeKeyring
		dataDir func(t *testing.T) string
		closeDB bool
		want    map[string]string // component → status
		detail  map[string]any    // component.detail → value
		errHas  map[string]string // component → part of its error
	}{
		{
			name: "healthy", engine: busy, keyring: fakeKeyring{Available: true},
			want: map[string]string{"database": "ok", "engine": "ok", "scheduler": "ok", "keyring": "ok", "disk": "ok"},
			detail: map[string]any{"database.writable": true, "database.journalMode": "wal", "engine.running": 2, "engine.queued": 3, "keyring.available": true,
				"scheduler.running": true, "scheduler.plans": 1},
		},
		{
			name: "scheduler stopped", sched: &fakeScheduler{},
			want: map[string]string{"scheduler": "error"}, errHas: map[string]string{"scheduler": "not running"},
		},
		{
			name: "fire times overdue", sched: &fakeScheduler{Running: true, Plans: 3, Overdue: 2},
			want: map[string]string{"scheduler": "degraded"}, errHas: map[string]string{"scheduler": "2 fire times are overdue"},
		},
		{
			// A missing keyring is expected on a server: reported, and still ok.
			name: "no keyring", keyring: fakeKeyring{Reason: "no session bus"},
			want:   map[string]string{"keyring": "ok"},
			detail: map[string]any{"keyring.available": false, "keyring.reason": "no session bus"},
		},
		{
			name: "engine fails", engine: fakeEngine{err: errors.New("database is locked")},
			want: map[string]string{"engine": "error"}, errHas: map[string]string{"engine": "database is locked"},
		},
		{
			name:    "data directory gone",
			dataDir: func(t *testing.T) string { return filepath.Join(t.TempDir(), "missing") },
			want:    map[string]string{"disk": "error"}, errHas: map[string]string{"disk": "no such file"},
		},
		{
			name: "database closed", closeDB: true,
			want: map[string]string{"database": "error"}, errHas: map[string]string{"database": "closed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store := testutil.OpenDB(t)
			dir := t.TempDir()
			if tt.dataDir != nil {
				dir = tt.dataDir(t)
			}
			if tt.closeDB {
				if err := store.Close(); err != nil {
					t.Fatal(err)
				}
			}
			sched := fakeScheduler{Running: true, Plans: 1}
			if tt.sched != nil {
				sched = *tt.sched
			}
			got := health.New(store, tt.engine, sched, tt.keyring, dir).Readiness(context.Background())
			if len(got) != 5 {
				t.Fatalf("components = %v, want database, engine, scheduler, keyring and disk", got)
			}
			for comp, status := range tt.want {
				if got[comp].Status != status {
					t.Errorf("%s = %+v, want status %s", comp, got[comp], status)
				}
			}
			for key, want := range tt.detail {
				comp, field, _ := strings.Cut(key, ".")
				if v := got[comp].Details[field]; v != want {
					t.Errorf("%s details %s = %v (%T), want %v", comp, field, v, v, want)
				}
			}
			for comp, part := range tt.errHas {
				if !strings.Contains(got[comp].Error, part) {
					t.Errorf("%s error = %q, want it to contain %q", comp, got[comp].Error, part)
				}
			}
			if tt.name == "healthy" {
				if free, _ := got["disk"].Details["freeBytes"].(int64); free <= 0 {
					t.Errorf("disk freeBytes = %v, want > 0", got["disk"].Details["freeBytes"])
				}
			}
		})
	}
}

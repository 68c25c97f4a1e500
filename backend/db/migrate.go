package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var embedded embed.FS

// Migration is one numbered, forward-only schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// MigrationError names the migration that failed, so start-up can say which one.
type MigrationError struct {
	Version int
	Name    string
	Err     error
}

func (e *MigrationError) Error() string {
	return fmt.Sprintf("migration %04d_%s failed: %v", e.Version, e.Name, e.Err)
}

func (e *MigrationError) Unwrap() error { return e.Err }

// Embedded returns the migrations shipped in the binary, ordered by version.
func Embedded() ([]Migration, error) {
	return Load(embedded, "migrations")
}

// Load reads NNNN_name.sql files from dir in fsys. Gaps and duplicate numbers are refused so a
// merge mistake cannot silently skip or double-apply a step.
func Load(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		base := strings.TrimSuffix(e.Name(), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %q: want NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations: expected version %d, found %04d_%s", i+1, m.Version, m.Name)
		}
	}
	return out, nil
}

// Migrate applies every migration newer than the recorded version, all in one transaction: either
// the store reaches the binary's schema or it is left exactly as it was.
func (d *DB) Migrate(ctx context.Context, ms []Migration) (applied int, err error) {
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at TEXT NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		var current int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if len(ms) > 0 && current > ms[len(ms)-1].Version {
			return fmt.Errorf("database schema version %d is newer than this build (%d): use a newer Agented", current, ms[len(ms)-1].Version)
		}
		now := time.Now().UTC().Format(TimeFormat)
		for _, m := range ms {
			if m.Version <= current {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return &MigrationError{Version: m.Version, Name: m.Name, Err: err}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES(?, ?, ?)`, m.Version, m.Name, now); err != nil {
				return &MigrationError{Version: m.Version, Name: m.Name, Err: err}
			}
			applied++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return applied, nil
}

// TimeFormat is how every timestamp is stored: UTC, RFC 3339 with milliseconds, so that string
// order is time order.
const TimeFormat = "2006-01-02T15:04:05.000Z07:00"

// Now returns the current time formatted for storage.
func Now() string { return time.Now().UTC().Format(TimeFormat) }

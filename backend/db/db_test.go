package db

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func openTemp(t *testing.T) *DB {
	t.Helper()
	d, err := Open(context.Background(), filepath.Join(t.TempDir(), "agented.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func TestOpenAppliesPragmasOnEveryConnection(t *testing.T) {
	t.Parallel()
	d := openTemp(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		pool   *sql.DB
		pragma string
		want   string
	}{
		{"writer journal", d.Writer, "journal_mode", "wal"},
		{"writer fk", d.Writer, "foreign_keys", "1"},
		{"writer busy", d.Writer, "busy_timeout", "10000"},
		{"writer sync", d.Writer, "synchronous", "1"},
		{"writer sub-journal in memory", d.Writer, "temp_store", "2"},
		{"reader journal", d.Reader, "journal_mode", "wal"},
		{"reader fk", d.Reader, "foreign_keys", "1"},
		{"reader query_only", d.Reader, "query_only", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			if err := tt.pool.QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("PRAGMA %s = %q, want %q", tt.pragma, got, tt.want)
			}
		})
	}
}

func TestReaderCannotWrite(t *testing.T) {
	t.Parallel()
	d := openTemp(t)
	if _, err := d.Reader.Exec("CREATE TABLE x(a)"); err == nil {
		t.Fatal("reader pool accepted a write")
	}
}

func TestMigrateFreshThenNoop(t *testing.T) {
	t.Parallel()
	d := openTemp(t)
	ctx := context.Background()
	ms, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	n, err := d.Migrate(ctx, ms)
	if err != nil {
		t.Fatalf("first migrate: %v", err)
	}
	if n != len(ms) {
		t.Fatalf("applied %d, want %d", n, len(ms))
	}
	n, err = d.Migrate(ctx, ms)
	if err != nil || n != 0 {
		t.Fatalf("second migrate applied %d (err %v), want 0", n, err)
	}
	var count int
	if err := d.Reader.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&count); err != nil {
		t.Fatal(err)
	}
	if count != len(ms) {
		t.Fatalf("schema_migrations has %d rows, want %d", count, len(ms))
	}
}

func TestMigrateBrokenIsNamedAndRolledBack(t *testing.T) {
	t.Parallel()
	d := openTemp(t)
	fsys := fstest.MapFS{
		"m/0001_good.sql":   {Data: []byte("CREATE TABLE a(id INTEGER);")},
		"m/0002_broken.sql": {Data: []byte("CREATE TABLE b(id INTEGER); INSERT INTO nowhere VALUES(1);")},
	}
	ms, err := Load(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Migrate(context.Background(), ms)
	var me *MigrationError
	if !errors.As(err, &me) || me.Version != 2 || me.Name != "broken" {
		t.Fatalf("err = %v, want MigrationError for 0002_broken", err)
	}
	if !strings.Contains(err.Error(), "0002_broken") {
		t.Fatalf("message %q does not name the migration", err)
	}
	// One transaction: the good migration before it must not have stuck either.
	var n int
	err = d.Reader.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('a','b','schema_migrations')").Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d objects left behind after a failed migration", n)
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fs   fstest.MapFS
		want string
	}{
		{"gap", fstest.MapFS{"m/0001_a.sql": {}, "m/0003_c.sql": {}}, "expected version 2"},
		{"bad name", fstest.MapFS{"m/first.sql": {}}, "want NNNN_name.sql"},
		{"duplicate", fstest.MapFS{"m/0001_a.sql": {}, "m/0001_b.sql": {}}, "expected version 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.fs, "m")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	d := openTemp(t)
	ctx := context.Background()
	two, _ := Load(fstest.MapFS{"m/0001_a.sql": {Data: []byte("SELECT 1;")}, "m/0002_b.sql": {Data: []byte("SELECT 1;")}}, "m")
	if _, err := d.Migrate(ctx, two); err != nil {
		t.Fatal(err)
	}
	_, err := d.Migrate(ctx, two[:1])
	if err == nil || !strings.Contains(err.Error(), "newer than this build") {
		t.Fatalf("err = %v", err)
	}
}

func TestTxRollsBackOnError(t *testing.T) {
	t.Parallel()
	d := openTemp(t)
	ctx := context.Background()
	if _, err := d.Writer.Exec("CREATE TABLE t(v TEXT UNIQUE)"); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT INTO t VALUES('x')"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	var n int
	_ = d.Reader.QueryRow("SELECT COUNT(*) FROM t").Scan(&n)
	if n != 0 {
		t.Fatal("rolled back row is visible")
	}
	_, _ = d.Writer.Exec("INSERT INTO t VALUES('y')")
	_, err = d.Writer.Exec("INSERT INTO t VALUES('y')")
	if !errors.Is(WrapError(err), ErrDuplicate) {
		t.Fatalf("duplicate not mapped: %v", err)
	}
	if !errors.Is(WrapError(sql.ErrNoRows), ErrNotFound) {
		t.Fatal("ErrNoRows not mapped")
	}
}

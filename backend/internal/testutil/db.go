// Package testutil holds helpers shared by tests of several packages.
package testutil

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/agented/agented/backend/db"
)

// OpenDB opens a migrated SQLite file in a temp dir, closed when the test ends.
func OpenDB(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "agented.db"))
	if err != nil {
		t.Fatalf("open db: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	ms, err := db.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(context.Background(), ms); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d
}

package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/agented/agented/backend/internal/testutil"
)

// TestCheckWriteSeesAnUnwritableStore: with the database files immutable a read and the journal
// mode pragma still answer (what readiness used to check), but the write check fails; once the
// files are writable again it passes.
func TestCheckWriteSeesAnUnwritableStore(t *testing.T) {
	t.Parallel()
	d := testutil.OpenDB(t)
	ctx := context.Background()
	if err := d.CheckWrite(ctx); err != nil {
		t.Fatalf("healthy store: %v", err)
	}
	thaw := testutil.FreezeDB(t, d)
	var mode string
	if err := d.Reader.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("read on the frozen store = %q, %v; the test needs reads to keep working", mode, err)
	}
	err := d.CheckWrite(ctx)
	if err == nil || !strings.Contains(err.Error(), "write check") {
		t.Fatalf("write check on an unwritable store = %v", err)
	}
	thaw()
	if err := d.CheckWrite(ctx); err != nil {
		t.Fatalf("after the files are writable again: %v", err)
	}
}

package db

import (
	"context"
	"database/sql"
	"fmt"
)

// CheckWrite proves that the store accepts writes by rewriting the heartbeat row through the
// group commit, the path every real write takes, and committing. Reads and pings keep working
// when the files cannot be written, so only a committed write says the store can keep what it
// is given.
func (d *DB) CheckWrite(ctx context.Context) error {
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO health_heartbeat(id, beat_at) VALUES(1, ?)
			ON CONFLICT(id) DO UPDATE SET beat_at = excluded.beat_at`, Now())
		return err
	})
	if err != nil {
		return fmt.Errorf("write check: %w", WrapError(err))
	}
	return nil
}

package webhook

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/agented/agented/backend/db"
)

// errDuplicatePayload aborts the submit of a run whose payload the trigger already ran within
// DedupWindow.
var errDuplicatePayload = errors.New("duplicate payload within the dedup window")

// claimKeyFunc returns the claim a generic delivery's Submit runs in the transaction that queues
// the run: it records that trigger ran for the payload hash, unless it already did within
// DedupWindow. Key and run are committed together or not at all, so a crash or a refused submit
// never leaves a key that would swallow the sender's retry.
func claimKeyFunc(triggerID, hash string, now time.Time) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_dedup_keys
			WHERE trigger_id = ? AND payload_hash = ? AND created_at <= ?`, triggerID, hash, stamp(now.Add(-DedupWindow))); err != nil {
			return fmt.Errorf("expire dedup key: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO webhook_dedup_keys(trigger_id, payload_hash, created_at)
			VALUES(?, ?, ?) ON CONFLICT DO NOTHING`, triggerID, hash, stamp(now))
		if err != nil {
			return fmt.Errorf("insert dedup key: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errDuplicatePayload
		}
		return nil
	}
}

// GitHub redeliveries are recognised by X-GitHub-Delivery in webhook_github_deliveries, at two
// levels. A row keyed by the id alone says the delivery was fully handled; it is written with
// the delivery's log row, so a delivery that failed to store (answered 503) is processed again
// when GitHub redelivers it. A row per trigger ("run:<trigger>:<id>") is written in the
// transaction that queues that trigger's run, so the second attempt runs only the triggers whose
// run was not stored the first time, never one twice.

// processedBefore reports whether a GitHub delivery id was fully handled already.
func (s *Service) processedBefore(ctx context.Context, guid string) (bool, error) {
	var n int
	err := s.db.Reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_github_deliveries WHERE delivery_guid = ?`, guid).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read github delivery ids: %w", db.WrapError(err))
	}
	return n > 0, nil
}

// markProcessed records a GitHub delivery id as fully handled.
func markProcessed(ctx context.Context, tx *sql.Tx, guid, at string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_github_deliveries(delivery_guid, received_at)
		VALUES(?, ?) ON CONFLICT DO NOTHING`, guid, at); err != nil {
		return fmt.Errorf("record github delivery id: %w", err)
	}
	return nil
}

// claimRunFunc is the claim a GitHub delivery's Submit runs with the run: the trigger has run for
// this delivery id, unless it already had (errDuplicatePayload).
func claimRunFunc(triggerID, guid string, now time.Time) func(context.Context, *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO webhook_github_deliveries(delivery_guid, received_at)
			VALUES(?, ?) ON CONFLICT DO NOTHING`, "run:"+triggerID+":"+guid, stamp(now))
		if err != nil {
			return fmt.Errorf("claim github delivery for trigger: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errDuplicatePayload
		}
		return nil
	}
}

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

// claimGUID records a GitHub delivery id; false means it was processed before (a redelivery).
func (s *Service) claimGUID(ctx context.Context, guid string, now time.Time) (bool, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO webhook_github_deliveries(delivery_guid, received_at)
		VALUES(?, ?) ON CONFLICT DO NOTHING`, guid, stamp(now))
	if err != nil {
		return false, fmt.Errorf("claim github delivery: %w", db.WrapError(err))
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// releaseGUID forgets a delivery id whose processing failed on our side, so GitHub's "Redeliver"
// button can retry it.
func (s *Service) releaseGUID(ctx context.Context, guid string) {
	if _, err := s.db.Exec(ctx, `DELETE FROM webhook_github_deliveries WHERE delivery_guid = ?`, guid); err != nil {
		s.log.WarnContext(ctx, "release github delivery id", "err", err)
	}
}

// securedTriggers returns the ids of webhook triggers that have a secret (see
// webhook_trigger_secrets in migration 0004).
func (s *Service) securedTriggers(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT trigger_id FROM webhook_trigger_secrets`)
	if err != nil {
		return nil, fmt.Errorf("read trigger secret flags: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

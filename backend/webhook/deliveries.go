package webhook

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

const deliveryColumns = `id, received_at, source, event, action, repo, delivery_guid, remote_ip, signature, status_code,
	outcome, detail, runs, duplicates, skipped, signed_triggers, payload_size, payload_truncated, replay_of`

// List returns deliveries newest first, without headers, payload or response.
func (s *Service) List(ctx context.Context, f DeliveryFilter) (DeliveryPage, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 500)
	f.Offset = max(f.Offset, 0)
	var where []string
	var args []any
	if f.Source != "" {
		where, args = append(where, "source = ?"), append(args, f.Source)
	}
	if f.Outcome != "" {
		where, args = append(where, "outcome = ?"), append(args, f.Outcome)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	page := DeliveryPage{Deliveries: []Delivery{}}
	if err := s.db.Reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_deliveries`+cond, args...).Scan(&page.Total); err != nil {
		return DeliveryPage{}, fmt.Errorf("count deliveries: %w", err)
	}
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries`+cond+
		` ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return DeliveryPage{}, fmt.Errorf("list deliveries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return DeliveryPage{}, err
		}
		page.Deliveries = append(page.Deliveries, d)
	}
	return page, rows.Err()
}

// Get returns one delivery with its (redacted) headers, stored payload and our response.
func (s *Service) Get(ctx context.Context, id string) (Delivery, error) {
	var headers string
	d, err := scanDelivery(s.db.Reader.QueryRowContext(ctx, `SELECT `+deliveryColumns+`, headers, payload, response
		FROM webhook_deliveries WHERE id = ?`, id), &headers)
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, fmt.Errorf("%w: %s", ErrDeliveryNotFound, id)
	}
	if err != nil {
		return Delivery{}, err
	}
	if err := json.Unmarshal([]byte(headers), &d.Headers); err != nil {
		return Delivery{}, fmt.Errorf("read delivery headers: %w", err)
	}
	return d, nil
}

type scanner interface{ Scan(dest ...any) error }

// scanDelivery reads deliveryColumns; with headers non-nil it also reads headers, payload and
// response (in that order) after them.
func scanDelivery(row scanner, headers ...*string) (Delivery, error) {
	var d Delivery
	var runs, dups, skipped, signed string
	dest := []any{&d.ID, &d.ReceivedAt, &d.Source, &d.Event, &d.Action, &d.Repo, &d.DeliveryGUID, &d.RemoteIP,
		&d.Signature, &d.StatusCode, &d.Outcome, &d.Detail, &runs, &dups, &skipped, &signed, &d.PayloadSize,
		&d.PayloadTruncated, &d.ReplayOf}
	if len(headers) > 0 {
		dest = append(dest, headers[0], &d.Payload, &d.Response)
	}
	if err := row.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Delivery{}, err
		}
		return Delivery{}, fmt.Errorf("scan delivery: %w", err)
	}
	for _, f := range []struct {
		text string
		into any
	}{{runs, &d.Runs}, {dups, &d.Duplicates}, {skipped, &d.Skipped}, {signed, &d.SignedTriggers}} {
		if err := json.Unmarshal([]byte(f.text), f.into); err != nil {
			return Delivery{}, fmt.Errorf("read delivery %s: %w", d.ID, err)
		}
	}
	d.Headers = map[string]string{}
	normalizeLists(&d)
	return d, nil
}

// normalizeLists turns nil lists into empty ones so the JSON (and the TS types) never see null.
func normalizeLists(d *Delivery) {
	if d.Runs == nil {
		d.Runs = []Run{}
	}
	if d.Duplicates == nil {
		d.Duplicates = []string{}
	}
	if d.Skipped == nil {
		d.Skipped = []Skip{}
	}
	if d.SignedTriggers == nil {
		d.SignedTriggers = []string{}
	}
	if d.Headers == nil {
		d.Headers = map[string]string{}
	}
}

// insertDelivery stores a delivery; d.Headers, d.Payload and d.Response are stored as they are,
// so the caller has already redacted and capped them. With claimGUID it also records
// d.DeliveryGUID as processed, in the same transaction.
func (s *Service) insertDelivery(ctx context.Context, d Delivery, claimGUID bool) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error { return insertDeliveryTx(ctx, tx, d, claimGUID) })
	if err != nil {
		return fmt.Errorf("record delivery: %w", err)
	}
	return nil
}

// insertDeliveryTx is insertDelivery inside the caller's transaction.
func insertDeliveryTx(ctx context.Context, tx *sql.Tx, d Delivery, claimGUID bool) error {
	normalizeLists(&d)
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	_, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries(`+deliveryColumns+`, headers, payload, response)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		d.ID, d.ReceivedAt, d.Source, d.Event, d.Action, d.Repo, d.DeliveryGUID, d.RemoteIP, d.Signature, d.StatusCode,
		d.Outcome, d.Detail, enc(d.Runs), enc(d.Duplicates), enc(d.Skipped), enc(d.SignedTriggers), d.PayloadSize,
		d.PayloadTruncated, d.ReplayOf, enc(d.Headers), d.Payload, d.Response)
	if err != nil || !claimGUID {
		return err
	}
	return markProcessed(ctx, tx, d.DeliveryGUID, d.ReceivedAt)
}

// Prune deletes deliveries received more than days before now (days <= 0 keeps them), GitHub
// delivery ids older than guidRetention and expired dedup keys. It returns the deliveries deleted.
func (s *Service) Prune(ctx context.Context, days int, now time.Time) (int64, error) {
	if _, err := s.db.Exec(ctx, `DELETE FROM webhook_dedup_keys WHERE created_at <= ?`, stamp(now.Add(-DedupWindow))); err != nil {
		return 0, fmt.Errorf("prune dedup keys: %w", err)
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM webhook_github_deliveries WHERE received_at < ?`, stamp(now.Add(-guidRetention))); err != nil {
		return 0, fmt.Errorf("prune github delivery ids: %w", err)
	}
	if days <= 0 {
		return 0, nil
	}
	res, err := s.db.Exec(ctx, `DELETE FROM webhook_deliveries WHERE received_at < ?`, stamp(now.AddDate(0, 0, -days)))
	if err != nil {
		return 0, fmt.Errorf("prune deliveries: %w", err)
	}
	return res.RowsAffected()
}

// retentionEvery is how often RunRetention prunes; dedup keys only matter for 10 s, but expired
// ones are ignored by claimKey anyway, so an hourly sweep just bounds the table.
const retentionEvery = time.Hour

// RunRetention prunes every hour until ctx ends, with days() read at each pass so a settings
// change applies without a restart. Run it on the app's panic-safe goroutine helper.
func (s *Service) RunRetention(ctx context.Context, days func() int) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := s.Prune(ctx, days(), s.now())
		switch {
		case err != nil:
			s.log.ErrorContext(ctx, "prune webhook deliveries", "err", err)
		case n > 0:
			s.log.InfoContext(ctx, "old webhook deliveries deleted", "count", n)
		}
		t.Reset(retentionEvery)
	}
}

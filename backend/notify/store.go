package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/agented/agented/backend/db"
)

// Store is the SQL side of notifications.
type Store struct{ db *db.DB }

// NewStore returns the store.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Insert stores a new entry.
func (s *Store) Insert(ctx context.Context, e Entry) error {
	_, err := s.db.Exec(ctx, `INSERT INTO notifications(id, kind, level, title, message, execution_id, created_at)
		VALUES(?, ?, ?, ?, ?, ?, ?)`, e.ID, e.Kind, e.Level, e.Title, e.Message, e.ExecutionID, e.CreatedAt)
	if err != nil {
		return fmt.Errorf("store notification: %w", db.WrapError(err))
	}
	return nil
}

// List returns the newest entries matching q (q.Limit already checked).
func (s *Store) List(ctx context.Context, q Query) ([]Entry, error) {
	where := ""
	if q.UnreadOnly {
		where = `WHERE read_at = ''`
	}
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, kind, level, title, message, execution_id, created_at, read_at != ''
		FROM notifications `+where+` ORDER BY created_at DESC, id DESC LIMIT ?`, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", db.WrapError(err))
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.Kind, &e.Level, &e.Title, &e.Message, &e.ExecutionID, &e.CreatedAt, &e.Read); err != nil {
			return nil, fmt.Errorf("read notification: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Unread counts the unread entries.
func (s *Store) Unread(ctx context.Context) (int, error) {
	var n int
	err := s.db.Reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE read_at = ''`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count unread notifications: %w", db.WrapError(err))
	}
	return n, nil
}

// MarkRead marks one entry read; an entry already read keeps its first read time.
func (s *Store) MarkRead(ctx context.Context, id string, at string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var readAt string
		err := tx.QueryRowContext(ctx, `SELECT read_at FROM notifications WHERE id = ?`, id).Scan(&readAt)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%w: %s", ErrNotFound, id)
			}
			return fmt.Errorf("read notification: %w", db.WrapError(err))
		}
		if readAt != "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE id = ?`, at, id)
		return db.WrapError(err)
	})
}

// MarkAllRead marks every unread entry read and returns how many it marked.
func (s *Store) MarkAllRead(ctx context.Context, at string) (int64, error) {
	res, err := s.db.Exec(ctx, `UPDATE notifications SET read_at = ? WHERE read_at = ''`, at)
	if err != nil {
		return 0, fmt.Errorf("mark notifications read: %w", db.WrapError(err))
	}
	return res.RowsAffected()
}

// DeleteBefore deletes entries created before t.
func (s *Store) DeleteBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM notifications WHERE created_at < ?`, t.UTC().Format(db.TimeFormat))
	if err != nil {
		return 0, fmt.Errorf("delete old notifications: %w", db.WrapError(err))
	}
	return res.RowsAffected()
}

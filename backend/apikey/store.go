package apikey

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/agented/agented/backend/db"
)

type storedKey struct {
	Key
	hash []byte
}

func insertKey(ctx context.Context, h db.Handler, k Key, hash []byte) error {
	_, err := h.ExecContext(ctx, `INSERT INTO api_keys(id, name, scope, hash, created_at) VALUES(?, ?, ?, ?, ?)`,
		k.ID, k.Name, string(k.Scope), hash, k.CreatedAt)
	return db.WrapError(err)
}

func listKeys(ctx context.Context, h db.Handler) ([]Key, error) {
	rows, err := h.QueryContext(ctx, `SELECT id, name, scope, created_at, last_used_at FROM api_keys ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", db.WrapError(err))
	}
	defer rows.Close()
	out := []Key{}
	for rows.Next() {
		var k Key
		if err := rows.Scan(&k.ID, &k.Name, &k.Scope, &k.CreatedAt, &k.LastUsedAt); err != nil {
			return nil, fmt.Errorf("read api key: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

func getKey(ctx context.Context, h db.Handler, id string) (Key, error) {
	var k Key
	err := h.QueryRowContext(ctx, `SELECT id, name, scope, created_at, last_used_at FROM api_keys WHERE id = ?`, id).
		Scan(&k.ID, &k.Name, &k.Scope, &k.CreatedAt, &k.LastUsedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Key{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return Key{}, fmt.Errorf("read api key: %w", db.WrapError(err))
	}
	return k, nil
}

func keyByHash(ctx context.Context, h db.Handler, hash []byte) (storedKey, error) {
	var k storedKey
	err := h.QueryRowContext(ctx, `SELECT id, name, scope, created_at, last_used_at, hash FROM api_keys WHERE hash = ?`, hash).
		Scan(&k.ID, &k.Name, &k.Scope, &k.CreatedAt, &k.LastUsedAt, &k.hash)
	if errors.Is(err, sql.ErrNoRows) {
		return storedKey{}, ErrUnknownKey
	}
	if err != nil {
		return storedKey{}, fmt.Errorf("look up api key: %w", db.WrapError(err))
	}
	return k, nil
}

func countKeys(ctx context.Context, h db.Handler) (int, error) {
	var n int
	if err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_keys`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count api keys: %w", db.WrapError(err))
	}
	return n, nil
}

func deleteKey(ctx context.Context, h db.Handler, id string) error {
	res, err := h.ExecContext(ctx, `DELETE FROM api_keys WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("revoke api key: %w", db.WrapError(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return nil
}

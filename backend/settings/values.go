package settings

import (
	"context"
	"database/sql"
)

// Value reads a preference that another domain keeps in the settings table as JSON (the model
// price table). found is false when it was never stored.
func (s *Service) Value(ctx context.Context, key string, dst any) (found bool, err error) {
	return s.getJSON(ctx, key, dst)
}

// SetValue stores such a preference; the caller has validated it.
func (s *Service) SetValue(ctx context.Context, key string, v any) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return putJSON(ctx, tx, key, v) })
}

package trigger

import (
	"context"
	"fmt"
)

// IDs returns the id of every trigger: what it takes to name each one's keyring entries without
// reading whole triggers.
func (s *Service) IDs(ctx context.Context) ([]string, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id FROM triggers`)
	if err != nil {
		return nil, fmt.Errorf("list trigger ids: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan trigger id: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

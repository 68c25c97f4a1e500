package project

import (
	"context"
	"fmt"

	"github.com/agented/agented/backend/secret"
)

// SecretNames names every project's access token, so runs redact a token a CLI prints (a remote
// URL with the token in it, a credential helper's output). Listing every project rather than
// asking the keyring which have one keeps this a single query; the secret store remembers each
// answer, so only the first run after a start pays a keyring read per project.
func (s *Service) SecretNames(ctx context.Context) ([]secret.Name, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id FROM projects`)
	if err != nil {
		return nil, fmt.Errorf("list project ids: %w", err)
	}
	defer rows.Close()
	var out []secret.Name
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan project id: %w", err)
		}
		out = append(out, secret.ProjectTokenName(id))
	}
	return out, rows.Err()
}

package trigger

import (
	"context"
	"fmt"

	"github.com/agented/agented/backend/secret"
)

// SecretNames names the webhook secret of every trigger, for the run-output redactor. Every
// trigger is named, not only webhook ones: one whose source changed may still hold its secret.
func (s *Service) SecretNames(ctx context.Context) ([]secret.Name, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id FROM triggers`)
	if err != nil {
		return nil, fmt.Errorf("list trigger ids: %w", err)
	}
	defer rows.Close()
	var out []secret.Name
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan trigger id: %w", err)
		}
		out = append(out, secret.TriggerWebhookSecretName(id))
	}
	return out, rows.Err()
}

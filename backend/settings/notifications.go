package settings

import (
	"context"
	"database/sql"
	"encoding/json"
	"maps"
)

// keyOSNotifications holds, per notification kind, whether an OS notification is raised too.
const keyOSNotifications = "os_notifications"

// OSNotifications returns, per notification kind, whether Agented raises an OS notification as
// well as listing it in the app. A kind never switched is on: a user who did not choose should
// still learn at 2 a.m. that a run failed.
func (s *Service) OSNotifications(ctx context.Context, kinds []string) (map[string]bool, error) {
	stored := map[string]bool{}
	if _, err := s.getJSON(ctx, keyOSNotifications, &stored); err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(kinds))
	for _, k := range kinds {
		on, ok := stored[k]
		out[k] = on || !ok
	}
	return out, nil
}

// SetOSNotifications stores the switches given; kinds not named keep their value. The caller
// checks the kind names.
func (s *Service) SetOSNotifications(ctx context.Context, in map[string]bool) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		stored := map[string]bool{}
		var raw string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, keyOSNotifications).Scan(&raw); err == nil {
			_ = json.Unmarshal([]byte(raw), &stored) // an undecodable value is replaced
		}
		maps.Copy(stored, in)
		return putJSON(ctx, tx, keyOSNotifications, stored)
	})
}

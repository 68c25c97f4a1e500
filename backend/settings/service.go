// Package settings stores the user's non-secret preferences as typed values in the settings table.
package settings

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/agented/agented/backend/db"
	"github.com/agented/agented/backend/events"
)

// Keys in the settings table. Each holds a JSON value.
const (
	keyMaxConcurrentRuns = "max_concurrent_runs"
	keyRetentionDays     = "retention_days"
	keyTheme             = "theme"
	keyOutputCapMiB      = "output_cap_mib"
	keyWebhookMsgCapKiB  = "webhook_message_cap_kib"
	keyAutoPause         = "auto_pause_after_failures"
	keyBackground        = "keep_running_in_background"
	keyStartAtLogin      = "start_at_login"
	keyRouterMaxAttempts = "router_max_attempts"
	keyDefaultCooldown   = "default_cooldown_seconds"
	keyUpdateCheck       = "update_check"
	keyUpdateFeedURL     = "update_feed_url"
	keyCLIPaths          = "agentcli_paths"
	keyCustomKeyNames    = "custom_key_names"
)

// Defaults returns the settings of a fresh install.
func Defaults() Settings {
	return Settings{MaxConcurrentRuns: 4, RetentionDays: 30, Theme: ThemeSystem, OutputCapMiB: 256, WebhookMessageCapKiB: 256,
		AutoPauseAfterFailures: 5, RouterMaxAttempts: 5, DefaultCooldownSeconds: 300}
}

// Service reads and writes settings. Reads are served from a cache filled at construction, so hot
// paths (the engine checking the concurrency limit) never touch SQLite.
type Service struct {
	db  *db.DB
	em  events.Emitter
	log *slog.Logger

	login LoginItem // optional, see WithLoginItem

	mu    sync.RWMutex
	cur   Settings
	roots []string // see AllowedRoots
}

// New loads the stored settings over the defaults.
func New(ctx context.Context, d *db.DB, em events.Emitter, log *slog.Logger) (*Service, error) {
	s := &Service{db: d, em: em, log: log.With("component", "settings")}
	cur := Defaults()
	fields := map[string]any{
		keyMaxConcurrentRuns: &cur.MaxConcurrentRuns,
		keyRetentionDays:     &cur.RetentionDays,
		keyTheme:             &cur.Theme,
		keyOutputCapMiB:      &cur.OutputCapMiB,
		keyWebhookMsgCapKiB:  &cur.WebhookMessageCapKiB,
		keyAutoPause:         &cur.AutoPauseAfterFailures,
		keyBackground:        &cur.KeepRunningInBackground,
		keyStartAtLogin:      &cur.StartAtLogin,
		keyRouterMaxAttempts: &cur.RouterMaxAttempts,
		keyDefaultCooldown:   &cur.DefaultCooldownSeconds,
		keyUpdateCheck:       &cur.UpdateCheck,
		keyUpdateFeedURL:     &cur.UpdateFeedURL,
	}
	for k, dst := range fields {
		if _, err := s.getJSON(ctx, k, dst); err != nil {
			return nil, err
		}
	}
	// A value edited by hand into something invalid falls back to the default instead of
	// breaking start-up; the user sees the default in Settings and can save again.
	if errs := Validate(cur); errs != nil {
		s.log.Warn("stored settings invalid, using defaults for bad fields", "errors", errs.Error())
		cur = repair(cur, errs)
	}
	s.cur = cur
	if err := s.loadRoots(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Get returns the current settings.
func (s *Service) Get() Settings {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur
}

// Update validates and stores all fields in one transaction, then announces the change.
func (s *Service) Update(ctx context.Context, in Settings) (Settings, error) {
	// Fields a client does not know yet (0) keep their current value rather than fail.
	cur := s.Get()
	if in.RouterMaxAttempts == 0 {
		in.RouterMaxAttempts = cur.RouterMaxAttempts
	}
	if in.DefaultCooldownSeconds == 0 {
		in.DefaultCooldownSeconds = cur.DefaultCooldownSeconds
	}
	if errs := Validate(in); errs != nil {
		return s.Get(), errs
	}
	// The login entry is written first: a setting saved as on while no entry exists would claim
	// something that does not happen.
	if in.StartAtLogin != s.Get().StartAtLogin {
		if err := s.applyLogin(in.StartAtLogin); err != nil {
			return s.Get(), err
		}
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for k, v := range map[string]any{
			keyMaxConcurrentRuns: in.MaxConcurrentRuns,
			keyRetentionDays:     in.RetentionDays,
			keyTheme:             in.Theme,
			keyOutputCapMiB:      in.OutputCapMiB,
			keyWebhookMsgCapKiB:  in.WebhookMessageCapKiB,
			keyAutoPause:         in.AutoPauseAfterFailures,
			keyBackground:        in.KeepRunningInBackground,
			keyStartAtLogin:      in.StartAtLogin,
			keyRouterMaxAttempts: in.RouterMaxAttempts,
			keyDefaultCooldown:   in.DefaultCooldownSeconds,
			keyUpdateCheck:       in.UpdateCheck,
			keyUpdateFeedURL:     in.UpdateFeedURL,
		} {
			if err := putJSON(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return s.Get(), fmt.Errorf("save settings: %w", err)
	}
	s.mu.Lock()
	s.cur = in
	s.mu.Unlock()
	s.log.InfoContext(ctx, "settings updated", "max_concurrent_runs", in.MaxConcurrentRuns, "retention_days", in.RetentionDays, "theme", in.Theme,
		"webhook_message_cap_kib", in.WebhookMessageCapKiB, "auto_pause_after_failures", in.AutoPauseAfterFailures,
		"keep_running_in_background", in.KeepRunningInBackground, "start_at_login", in.StartAtLogin,
		"update_check", in.UpdateCheck, "update_feed_url", in.UpdateFeedURL)
	s.em.Emit(events.SettingsChanged, in)
	return in, nil
}

// CLIPaths returns the user's custom binary path per CLI name.
func (s *Service) CLIPaths(ctx context.Context) (map[string]string, error) {
	m := map[string]string{}
	_, err := s.getJSON(ctx, keyCLIPaths, &m)
	return m, err
}

// SetCLIPath stores (or with path "" removes) the custom binary path of one CLI.
func (s *Service) SetCLIPath(ctx context.Context, name, path string) error {
	return s.updateJSON(ctx, keyCLIPaths, func(m map[string]string) {
		if path == "" {
			delete(m, name)
		} else {
			m[name] = path
		}
	})
}

// CustomKeyNames returns the names of the user's free-form API keys. The keyring cannot list its
// entries portably, so the names (not the values) are remembered here.
func (s *Service) CustomKeyNames(ctx context.Context) ([]string, error) {
	var names []string
	_, err := s.getJSON(ctx, keyCustomKeyNames, &names)
	return names, err
}

// SetCustomKeyNames replaces the list of free-form key names.
func (s *Service) SetCustomKeyNames(ctx context.Context, names []string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return putJSON(ctx, tx, keyCustomKeyNames, names) })
}

func (s *Service) updateJSON(ctx context.Context, key string, fn func(map[string]string)) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		m := map[string]string{}
		var raw string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&raw)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("read %s: %w", key, err)
		default:
			if err := json.Unmarshal([]byte(raw), &m); err != nil {
				return fmt.Errorf("decode %s: %w", key, err)
			}
		}
		fn(m)
		return putJSON(ctx, tx, key, m)
	})
}

func (s *Service) getJSON(ctx context.Context, key string, dst any) (bool, error) {
	var raw string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read setting %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(raw), dst); err != nil {
		s.log.Warn("ignore undecodable setting", "key", key, "err", err)
		return false, nil
	}
	return true, nil
}

func putJSON(ctx context.Context, h db.Handler, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	_, err = h.ExecContext(ctx, `INSERT INTO settings(key, value, updated_at) VALUES(?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, string(raw), db.Now())
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, db.WrapError(err))
	}
	return nil
}

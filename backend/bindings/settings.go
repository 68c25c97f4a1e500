// Package bindings holds the Wails-bound facades, one per domain. Each method converts arguments,
// calls one service method and returns (T, error); there is no logic here, so the same services
// can sit behind the HTTP listener unchanged.
package bindings

import (
	"context"

	"github.com/agented/agented/backend/config"
	"github.com/agented/agented/backend/settings"
)

// SettingsAPI exposes preferences, app paths and crash-reporting setup to the UI.
type SettingsAPI struct {
	ctx    context.Context
	svc    *settings.Service
	sentry *settings.Sentry
	info   config.AppInfo
	rec    Recorder
}

// NewSettingsAPI returns the facade; ctx is the app's lifetime context.
func NewSettingsAPI(ctx context.Context, svc *settings.Service, sentry *settings.Sentry, info config.AppInfo, rec Recorder) *SettingsAPI {
	return &SettingsAPI{ctx: ctx, svc: svc, sentry: sentry, info: info, rec: rec}
}

// Get returns the current settings.
func (a *SettingsAPI) Get() (settings.Settings, error) { return a.svc.Get(), nil }

// Update validates and saves all settings.
func (a *SettingsAPI) Update(s settings.Settings) (settings.Settings, error) {
	return record(a.ctx, a.rec, "settings.update", "", a.svc.Get(), func() (settings.Settings, error) { return a.svc.Update(a.ctx, s) })
}

// AllowedRoots returns the directories linked directories must be inside (empty: no limit).
func (a *SettingsAPI) AllowedRoots() ([]string, error) { return a.svc.AllowedRoots(), nil }

// SetAllowedRoots validates and stores the allowed roots; an empty list lifts the limit.
func (a *SettingsAPI) SetAllowedRoots(roots []string) ([]string, error) {
	before := map[string]any{"allowedRoots": a.svc.AllowedRoots()}
	out, err := a.svc.SetAllowedRoots(a.ctx, roots)
	if err == nil && a.rec != nil {
		a.rec.Record(a.ctx, "settings.allowed-roots.update", "", before, map[string]any{"allowedRoots": out})
	}
	return out, err
}

// Info returns the version and where data and logs live.
func (a *SettingsAPI) Info() (config.AppInfo, error) { return a.info, nil }

// GetSentry reports whether crash reporting is configured.
func (a *SettingsAPI) GetSentry() (settings.SentryStatus, error) { return a.sentry.Status(), nil }

// SetSentryDSN stores the DSN in the keyring and applies it; "" clears it.
func (a *SettingsAPI) SetSentryDSN(dsn string) (settings.SentryStatus, error) {
	return record(a.ctx, a.rec, "secret.set", "sentry-dsn", nil, func() (settings.SentryStatus, error) { return a.sentry.SetDSN(dsn) })
}

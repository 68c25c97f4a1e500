package settings

import (
	"fmt"
	"net"
	"net/url"

	"github.com/agented/agented/backend/validation"
)

// Validate checks every field and returns nil when all are valid.
func Validate(s Settings) *validation.Errors {
	errs := validation.New("settings")
	between := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			errs.Add(field, fmt.Sprintf("must be between %d and %d", lo, hi))
		}
	}
	between("maxConcurrentRuns", s.MaxConcurrentRuns, 1, 64)
	between("retentionDays", s.RetentionDays, 1, 3650)
	between("outputCapMiB", s.OutputCapMiB, 1, 4096)
	between("webhookMessageCapKiB", s.WebhookMessageCapKiB, MinWebhookMessageCapKiB, MaxWebhookMessageCapKiB)
	between("autoPauseAfterFailures", s.AutoPauseAfterFailures, 0, MaxAutoPauseAfterFailures)
	between("routerMaxAttempts", s.RouterMaxAttempts, 1, 50)
	between("defaultCooldownSeconds", s.DefaultCooldownSeconds, 10, 86400)
	if msg := checkFeedURL(s.UpdateFeedURL, s.UpdateCheck); msg != "" {
		errs.Add("updateFeedUrl", msg)
	}
	switch s.Theme {
	case ThemeSystem, ThemeDark, ThemeLight:
	default:
		errs.Add("theme", "must be system, dark or light")
	}
	if len(errs.Fields) == 0 {
		return nil
	}
	return errs
}

// repair replaces each invalid field with its default.
func repair(s Settings, errs *validation.Errors) Settings {
	d := Defaults()
	for field := range errs.Fields {
		switch field {
		case "maxConcurrentRuns":
			s.MaxConcurrentRuns = d.MaxConcurrentRuns
		case "retentionDays":
			s.RetentionDays = d.RetentionDays
		case "outputCapMiB":
			s.OutputCapMiB = d.OutputCapMiB
		case "webhookMessageCapKiB":
			s.WebhookMessageCapKiB = d.WebhookMessageCapKiB
		case "autoPauseAfterFailures":
			s.AutoPauseAfterFailures = d.AutoPauseAfterFailures
		case "theme":
			s.Theme = d.Theme
		case "routerMaxAttempts":
			s.RouterMaxAttempts = d.RouterMaxAttempts
		case "defaultCooldownSeconds":
			s.DefaultCooldownSeconds = d.DefaultCooldownSeconds
		case "updateFeedUrl":
			s.UpdateCheck, s.UpdateFeedURL = false, ""
		}
	}
	return s
}

// checkFeedURL says what is wrong with a release feed URL, or "". Checking needs a URL; the feed
// must be https, except on this machine (a local mirror, tests), so a network attacker cannot
// announce a fake release.
func checkFeedURL(raw string, enabled bool) string {
	if raw == "" {
		if enabled {
			return "is needed to check for updates"
		}
		return ""
	}
	if len(raw) > 2048 {
		return "must be at most 2048 characters"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "must be a full URL such as https://example.com/agented/latest.json"
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		if ip := net.ParseIP(u.Hostname()); u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback()) {
			return ""
		}
		return "must use https (http only to this machine)"
	default:
		return "must use https"
	}
}

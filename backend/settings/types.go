package settings

// Theme values accepted by Settings.Theme.
const (
	ThemeSystem = "system"
	ThemeDark   = "dark"
	ThemeLight  = "light"
)

// Settings are the user-editable, non-secret preferences stored in the settings table.
type Settings struct {
	MaxConcurrentRuns int    `json:"maxConcurrentRuns"` // 1..64, default 4
	RetentionDays     int    `json:"retentionDays"`     // 1..3650, default 30
	Theme             string `json:"theme"`             // system | dark | light
	OutputCapMiB      int    `json:"outputCapMiB"`      // 1..4096, default 256
	// WebhookMessageCapKiB bounds the text a webhook delivery puts into a run's {message} and
	// prompt: a delivery over it is refused with 413 and runs nothing. 1..10240, default 256.
	WebhookMessageCapKiB int `json:"webhookMessageCapKiB"`
	// AutoPauseAfterFailures pauses a trigger whose runs failed this many times in a row, so a
	// broken bot does not fail every hour all weekend. 0 never pauses; 0..100, default 5.
	AutoPauseAfterFailures int `json:"autoPauseAfterFailures"`
	// KeepRunningInBackground makes closing the window hide it instead of quitting, so schedules
	// keep firing. Read when the window is created: a change applies at the next start.
	KeepRunningInBackground bool `json:"keepRunningInBackground"`
	// StartAtLogin installs a login entry (XDG autostart, LaunchAgent, Run key) that starts
	// Agented hidden.
	StartAtLogin bool `json:"startAtLogin"`
	// RouterMaxAttempts bounds the attempts of one run across its fallback chain and its waits
	// for a reset. 1..50, default 5.
	RouterMaxAttempts int `json:"routerMaxAttempts"`
	// DefaultCooldownSeconds is how long an account rests after a rate limit or quota error
	// whose reset time the CLI did not say. 10..86400, default 300.
	DefaultCooldownSeconds int `json:"defaultCooldownSeconds"`
	// UpdateCheck makes Agented read UpdateFeedURL once a day and say when a newer version
	// exists. Off by default: nothing leaves the machine unless the user turns it on.
	UpdateCheck bool `json:"updateCheck"`
	// UpdateFeedURL answers with the newest release as JSON ({"version", "url", "notes"}, or a
	// GitHub releases/latest answer). https, or http to a loopback address.
	UpdateFeedURL string `json:"updateFeedUrl"`
}

// MaxAutoPauseAfterFailures bounds Settings.AutoPauseAfterFailures.
const MaxAutoPauseAfterFailures = 100

// Bounds of Settings.WebhookMessageCapKiB. The upper one is the largest body a webhook may send
// (10 MiB), so a bigger cap could never apply.
const (
	MinWebhookMessageCapKiB = 1
	MaxWebhookMessageCapKiB = 10 << 10
)

// SentryStatus tells the UI whether crash reporting is configured, without revealing the DSN.
type SentryStatus struct {
	Configured bool   `json:"configured"` // a DSN is stored in the keyring or set in SENTRY_DSN
	FromEnv    bool   `json:"fromEnv"`    // SENTRY_DSN overrides the stored value
	EnvVar     string `json:"envVar"`     // the variable that overrides it (SENTRY_DSN)
	Active     bool   `json:"active"`     // the client is running now
	Error      string `json:"error"`      // why it is not active, if it should be
}

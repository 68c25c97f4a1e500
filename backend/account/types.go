// Package account keeps the accounts Agented runs each agent CLI under: a subscription login (the
// CLI's own config directory) and/or an API key held in the OS keyring, plus non-secret extra
// variables. It also keeps the cooldowns of accounts that hit a rate limit or a quota, which the
// execution engine's router reads to pick the next account of a fallback chain.
package account

// Billing says how an account pays for a run.
const (
	BillingAPIKey       = "api_key"      // a provider API key reached the CLI
	BillingSubscription = "subscription" // no key: the CLI's own login (config dir) pays
)

// Account is one login of one backend. The API key is write-only: HasAPIKey only says whether
// one is stored in the keyring.
type Account struct {
	ID        string            `json:"id"`
	Backend   string            `json:"backend"` // claude | codex | gemini | opencode
	Name      string            `json:"name"`
	HasAPIKey bool              `json:"hasApiKey"` // a key is stored in the keyring
	APIKeyEnv string            `json:"apiKeyEnv"` // name of an environment variable holding the key
	ConfigDir string            `json:"configDir"` // the CLI's config dir (subscription login)
	Env       map[string]string `json:"env"`       // non-secret extra variables (a gateway URL...)
	IsDefault bool              `json:"isDefault"` // the backend's default account
	Billing   string            `json:"billing"`   // api_key | subscription, as a run would bill now
	// Cooldown is set while the account rests after a rate limit or an exhausted quota.
	Cooldown  *Cooldown `json:"cooldown"`
	CreatedAt string    `json:"createdAt"`
	UpdatedAt string    `json:"updatedAt"`
}

// Input is the body of a create or an update. APIKey is write-only: nil leaves the stored key as
// it is, "" removes it, anything else replaces it.
type Input struct {
	Backend   string            `json:"backend"`
	Name      string            `json:"name"`
	APIKey    *string           `json:"apiKey"`
	APIKeyEnv string            `json:"apiKeyEnv"`
	ConfigDir string            `json:"configDir"`
	Env       map[string]string `json:"env"`
	IsDefault bool              `json:"isDefault"`
}

// Cooldown is an account resting until a limit resets.
type Cooldown struct {
	Key     string `json:"key"`     // the account id, or the backend name for a run without account
	Until   string `json:"until"`   // RFC 3339 UTC
	Reason  string `json:"reason"`  // the CLI's line that reported the limit
	Failure string `json:"failure"` // rate_limited | quota
}

// Resolved is an account ready for a run: what to add to the CLI's environment.
type Resolved struct {
	ID      string // "" when the backend has no account: the global provider keys apply
	Name    string
	Backend string
	Billing string
	// Env is KEY=VALUE to add last to the child's environment; Unset lists variables to remove
	// (the provider key variables when the account bills its subscription).
	Env     []string
	Unset   []string
	Secrets []string // values to redact from the run's output
}

// CooldownKey is the key an account's cooldown is stored under.
func CooldownKey(backend, accountID string) string {
	if accountID == "" {
		return backend
	}
	return accountID
}

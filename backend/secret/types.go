package secret

// Status says whether the OS keyring can be used. When it cannot, Reason is shown to the user as
// is, together with the environment variables that work instead.
type Status struct {
	Available bool     `json:"available"`
	Reason    string   `json:"reason"`
	EnvVars   []string `json:"envVars"`
}

// ProviderKey describes one API key slot. It never carries the key itself.
type ProviderKey struct {
	Provider string `json:"provider"` // "anthropic" | "openai" | "google" | custom env var name
	Label    string `json:"label"`
	EnvVar   string `json:"envVar"`  // the variable a CLI reads it from
	Custom   bool   `json:"custom"`  // a free-form name/value added by the user
	Stored   bool   `json:"stored"`  // present in the keyring
	FromEnv  bool   `json:"fromEnv"` // the environment variable is set and takes precedence
}

package secret

// Source says where a secret came from.
type Source string

// Sources of a secret value.
const (
	SourceNone    Source = ""
	SourceEnv     Source = "env"
	SourceKeyring Source = "keyring"
)

// State says where a secret's value comes from, never the value itself.
type State struct {
	Stored  bool   // the keyring holds it
	EnvVar  string // the variable that overrides it, "" when none can
	FromEnv bool   // that variable is set, so it wins over the keyring
}

// Configured reports whether the secret has a value from either place.
func (st State) Configured() bool { return st.Stored || st.FromEnv }

// Source is where the value in use comes from.
func (st State) Source() Source {
	switch {
	case st.FromEnv:
		return SourceEnv
	case st.Stored:
		return SourceKeyring
	}
	return SourceNone
}

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

package agent

// Provider ids, as in backend/secret.Providers.
const (
	ProviderAnthropic = "anthropic"
	ProviderOpenAI    = "openai"
	ProviderGoogle    = "google"
)

// KeyVar names one environment variable through which a CLI reads a provider's API key.
type KeyVar struct {
	Provider string // provider id: "anthropic", "openai", "google"
	EnvVar   string
}

// KeyEnv lists the variables that carry provider keys for a backend, in the order the engine
// should set them. Every variable listed for a provider gets that provider's key. Unknown
// backends get none.
func KeyEnv(backend string) []KeyVar {
	switch backend {
	case Claude:
		return []KeyVar{{ProviderAnthropic, "ANTHROPIC_API_KEY"}}
	case Codex:
		// codex exec sends CODEX_API_KEY; OPENAI_API_KEY is only read when a provider's env_key
		// names it, so both are set to keep custom provider setups working.
		return []KeyVar{{ProviderOpenAI, "CODEX_API_KEY"}, {ProviderOpenAI, "OPENAI_API_KEY"}}
	case Gemini:
		return []KeyVar{{ProviderGoogle, "GEMINI_API_KEY"}}
	case OpenCode:
		// opencode reads every provider through the models.dev env lists; google's list is
		// GOOGLE_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY, GEMINI_API_KEY (checked in 1.18.33).
		return []KeyVar{
			{ProviderAnthropic, "ANTHROPIC_API_KEY"},
			{ProviderOpenAI, "OPENAI_API_KEY"},
			{ProviderGoogle, "GOOGLE_GENERATIVE_AI_API_KEY"},
			{ProviderGoogle, "GEMINI_API_KEY"},
		}
	}
	return nil
}

package agent

import (
	"path/filepath"
	"strings"
)

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

// ConfigDirEnv returns the variables that move a CLI's whole configuration (its login, sessions
// and settings) into dir, so each account keeps its own: claude CLAUDE_CONFIG_DIR, codex
// CODEX_HOME, gemini GEMINI_CLI_HOME (it replaces HOME for gemini), and for opencode the four XDG
// base directories under dir (opencode has no single variable; it also writes ~/.npm, which HOME
// alone would move, but HOME is left alone so the user's tools keep working).
func ConfigDirEnv(backend, dir string) []string {
	switch backend {
	case Claude:
		return []string{"CLAUDE_CONFIG_DIR=" + dir}
	case Codex:
		return []string{"CODEX_HOME=" + dir}
	case Gemini:
		return []string{"GEMINI_CLI_HOME=" + dir}
	case OpenCode:
		return []string{
			"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_DATA_HOME=" + filepath.Join(dir, "data"),
			"XDG_STATE_HOME=" + filepath.Join(dir, "state"), "XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		}
	}
	return nil
}

// ConfigDirVars lists the names ConfigDirEnv sets for a backend; an account's extra variables
// may not set them (its configDir does).
func ConfigDirVars(backend string) []string {
	var out []string
	for _, kv := range ConfigDirEnv(backend, "/") {
		k, _, _ := strings.Cut(kv, "=")
		out = append(out, k)
	}
	return out
}

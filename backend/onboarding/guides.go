package onboarding

import "slices"

// guides follow each CLI's own install and login commands; a key set in Settings → API keys is
// the alternative to a login for the three with a vendor key.
var guides = []CLIGuide{
	{
		Name: "claude", DisplayName: "Claude Code",
		Install: "npm i -g @anthropic-ai/claude-code", Login: "claude auth login",
		LoginNote:   "Signs in with your Claude subscription or Anthropic Console account in the browser.",
		KeyProvider: "anthropic", KeyEnvVar: "ANTHROPIC_API_KEY",
		DocsURL: "https://docs.anthropic.com/en/docs/claude-code/setup",
	},
	{
		Name: "codex", DisplayName: "Codex",
		Install: "npm i -g @openai/codex", Login: "codex login",
		LoginNote:   "Signs in with ChatGPT in the browser, or with an API key; \"codex login status\" tells whether it worked.",
		KeyProvider: "openai", KeyEnvVar: "OPENAI_API_KEY",
		DocsURL: "https://github.com/openai/codex",
	},
	{
		Name: "gemini", DisplayName: "Gemini CLI",
		Install: "npm i -g @google/gemini-cli", Login: "gemini",
		LoginNote:   "Start it once in a terminal and choose \"Sign in with Google\".",
		KeyProvider: "google", KeyEnvVar: "GEMINI_API_KEY",
		DocsURL: "https://github.com/google-gemini/gemini-cli",
	},
	{
		Name: "opencode", DisplayName: "OpenCode",
		Install: "npm i -g opencode-ai", Login: "opencode auth login",
		LoginNote:   "Asks which provider to use and stores its credentials; it also reads ANTHROPIC_API_KEY and the other provider keys.",
		KeyProvider: "anthropic", KeyEnvVar: "ANTHROPIC_API_KEY",
		DocsURL: "https://opencode.ai/docs",
	},
}

// Guides returns how to install and log in to each supported CLI, in display order.
func Guides() []CLIGuide { return slices.Clone(guides) }

// The AI CLIs and API key providers Settings always shows, even before Go has answered, so the
// page layout does not jump. Go's answers fill in status, paths and labels.

export interface BuiltinProvider {
  id: 'anthropic' | 'openai' | 'google'
  label: string
  /** Variables a CLI reads this key from; the first is the one Agented sets. */
  envVars: string[]
  usedBy: string
}

export const BuiltinProviders: readonly BuiltinProvider[] = [
  { id: 'anthropic', label: 'Anthropic', envVars: ['ANTHROPIC_API_KEY'], usedBy: 'Claude Code' },
  { id: 'openai', label: 'OpenAI', envVars: ['OPENAI_API_KEY', 'CODEX_API_KEY'], usedBy: 'Codex' },
  { id: 'google', label: 'Google', envVars: ['GEMINI_API_KEY'], usedBy: 'Gemini CLI' },
]

export interface KnownCLI {
  name: 'claude' | 'codex' | 'gemini' | 'opencode'
  displayName: string
}

export const KnownCLIs: readonly KnownCLI[] = [
  { name: 'claude', displayName: 'Claude Code' },
  { name: 'codex', displayName: 'Codex' },
  { name: 'gemini', displayName: 'Gemini CLI' },
  { name: 'opencode', displayName: 'opencode' },
]

// Sample DTOs for unit tests only; the shipped app never shows made-up data.
import type { AgentCLI, AppInfo, KeyringStatus, ProviderKey, SentryStatus, Settings } from '@/bridge'

export const settingsFixture = (over: Partial<Settings> = {}): Settings => ({
  maxConcurrentRuns: 4,
  retentionDays: 30,
  theme: 'system',
  outputCapMiB: 256,
  ...over,
})

export const appInfoFixture = (): AppInfo => ({
  version: 'v1.2.3',
  dataDir: '/home/test/.config/Agented',
  dataDirSource: 'default',
  dbPath: '/home/test/.config/Agented/agented.db',
  logDir: '/home/test/.config/Agented/logs',
  logFile: '/home/test/.config/Agented/logs/agented.log',
  mode: 'desktop',
})

export const sentryFixture = (over: Partial<SentryStatus> = {}): SentryStatus => ({
  configured: false,
  fromEnv: false,
  active: false,
  error: '',
  ...over,
})

export const keyringFixture = (over: Partial<KeyringStatus> = {}): KeyringStatus => ({
  available: true,
  reason: '',
  envVars: [],
  ...over,
})

export const keysFixture = (): ProviderKey[] => [
  { provider: 'anthropic', label: 'Anthropic', envVar: 'ANTHROPIC_API_KEY', custom: false, stored: true, fromEnv: false },
  { provider: 'openai', label: 'OpenAI', envVar: 'OPENAI_API_KEY', custom: false, stored: false, fromEnv: false },
  { provider: 'google', label: 'Google', envVar: 'GEMINI_API_KEY', custom: false, stored: false, fromEnv: true },
  { provider: 'OPENROUTER_API_KEY', label: 'OPENROUTER_API_KEY', envVar: 'OPENROUTER_API_KEY', custom: true, stored: true, fromEnv: false },
]

const cli = (over: Partial<AgentCLI> & { name: string }): AgentCLI => ({
  displayName: over.name,
  found: true,
  path: `/usr/bin/${over.name}`,
  version: '1.0.0',
  source: 'path',
  customPath: '',
  error: '',
  checkedAt: '2025-01-01T00:00:00.000Z',
  ...over,
})

export const clisFixture = (): AgentCLI[] => [
  cli({ name: 'claude', displayName: 'Claude Code', version: '2.0.1 (Claude Code)', source: 'login-shell' }),
  cli({ name: 'codex', displayName: 'Codex', version: 'codex-cli 0.50.0' }),
  cli({ name: 'gemini', displayName: 'Gemini CLI', found: false, path: '', version: '', source: '', error: 'gemini: not found' }),
  cli({ name: 'opencode', displayName: 'opencode', source: 'custom', path: '/opt/oc/opencode', customPath: '/opt/oc/opencode' }),
]

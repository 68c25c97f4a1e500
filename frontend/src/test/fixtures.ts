// Sample DTOs for unit tests only; the shipped app never shows made-up data.
import type {
  AgentCLI,
  AppInfo,
  BudgetStatus,
  Dashboard,
  Delivery,
  Execution,
  KeyringStatus,
  ListenerSettings,
  ListenerStatus,
  LogLine,
  ModelPrice,
  Placeholder,
  ProviderKey,
  SentryStatus,
  Settings,
  Trigger,
  Project,
  TriggerSummary,
  Usage,
  WebhookExample,
} from '@/bridge'

export const settingsFixture = (over: Partial<Settings> = {}): Settings => ({
  maxConcurrentRuns: 4,
  retentionDays: 30,
  theme: 'system',
  outputCapMiB: 256,
  webhookMessageCapKiB: 256,
  autoPauseAfterFailures: 5,
  keepRunningInBackground: false,
  startAtLogin: false,
  routerMaxAttempts: 5,
  defaultCooldownSeconds: 300,
  updateCheck: false,
  updateFeedUrl: '',
  ...over,
})

export const appInfoFixture = (): AppInfo => ({
  version: 'v1.2.3',
  commit: '0123456789ab',
  buildDate: '2026-12-07T05:00:00Z',
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
  envVar: 'SENTRY_DSN',
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

export const triggerFixture = (over: Partial<Trigger> = {}): Trigger => ({
  id: 'trig-abc123',
  name: 'Nightly review',
  description: 'Reviews yesterday’s changes',
  promptTemplate: 'Review the changes in {paths}. {message}',
  skillCommand: '',
  backendType: 'claude',
  model: '',
  allowedTools: '',
  permissionProfile: 'read-only',
  maxTurns: 0,
  triggerSource: 'manual',
  matchFieldPath: '',
  matchFieldValue: '',
  textFieldPath: '',
  detectionKeyword: '',
  githubRepoFilter: '',
  githubEvents: '',
  githubReport: 'none',
  githubMode: 'webhook',
  githubPollSeconds: 60,
  githubAllowAuthors: [],
  githubTrustAllAuthors: false,
  scheduleType: '',
  scheduleTime: '',
  scheduleDay: 0,
  scheduleTimezone: '',
  scheduleCron: '',
  scheduleAt: '',
  missedRunPolicy: 'skip',
  timeoutSeconds: 600,
  sigtermGraceSeconds: 10,
  concurrencyPolicy: 'queue',
  accountId: '',
  fallbackChain: [],
  stallMinutes: 0,
  stallAction: 'warn',
  maxCostUsd: 0,
  isolation: 'none',
  enabled: true,
  isPredefined: false,
  hasWebhookSecret: false,
  paused: false,
  pausedReason: '',
  pausedAt: '',
  paths: [{ id: 1, path: '/home/test/src/app', projectId: '', position: 0, missing: false }],
  projectIds: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...over,
})

export const summaryFixture = (over: Partial<TriggerSummary> = {}): TriggerSummary => ({
  ...triggerFixture(),
  lastExecutionId: '',
  lastStatus: '',
  lastStartedAt: '',
  lastFinishedAt: '',
  nextRunAt: '',
  runningCount: 0,
  queuedCount: 0,
  missingPathsWarning: '',
  ...over,
})

export const usageFixture = (over: Partial<Usage> = {}): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cachedTokens: 0,
  costUsd: 0,
  costEstimated: false,
  turns: 0,
  sessionId: '',
  model: '',
  resultText: '',
  ...over,
})

export const executionFixture = (over: Partial<Execution> = {}): Execution => ({
  id: 'exec-1',
  triggerId: 'trig-abc123',
  triggerName: 'Nightly review',
  kind: 'manual',
  backendType: 'claude',
  status: 'running',
  prompt: 'Review the changes in /home/test/src/app.',
  message: '',
  promptBytes: 41,
  promptTruncated: false,
  messageBytes: 0,
  messageTruncated: false,
  argv: ['claude', '-p', '--verbose', '--output-format', 'stream-json', '--', '<prompt: 41 B>'],
  workingDir: '/home/test/src/app',
  queuedAt: '2025-01-01T10:00:00.000Z',
  startedAt: '2025-01-01T10:00:01.000Z',
  finishedAt: '',
  durationMs: 0,
  errorMessage: '',
  failureKind: '',
  failureEvidence: '',
  resetAt: '',
  usage: usageFixture(),
  lineCount: 0,
  storedBytes: 0,
  truncated: false,
  warnings: [],
  rerunOf: '',
  planProjectId: '',
  planId: '',
  stopReason: '',
  stalledAt: '',
  accountId: '',
  accountName: '',
  billing: '',
  waitUntil: '',
  waitReason: '',
  isolation: '',
  repoDir: '',
  worktreePath: '',
  branch: '',
  baseCommit: '',
  worktreeRemovedAt: '',
  savedCommit: '',
  savedPatch: '',
  savedNote: '',
  ...over,
})

export const dashboardFixture = (over: Partial<Dashboard> = {}): Dashboard => ({
  running: [],
  queued: [],
  recentFailures: [],
  todayTotal: 0,
  todaySuccess: 0,
  todayFailed: 0,
  todayCostUsd: 0,
  ...over,
})

export const placeholdersFixture = (): Placeholder[] => [
  { name: 'trigger_id', description: 'The trigger id', sources: 'all' },
  { name: 'paths', description: 'Linked directories, space separated', sources: 'all' },
  { name: 'message', description: 'The run message or webhook text', sources: 'all' },
  { name: 'pr_url', description: 'Pull request URL', sources: 'github' },
  { name: 'pr_title', description: 'Pull request title', sources: 'github' },
]

/** fakeLines builds lines first..last (seq), stdout, with a readable text. */
export const fakeLines = (first: number, last: number, stream = 'stdout'): LogLine[] =>
  Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => ({
    seq: first + i,
    stream,
    ts: '2025-01-01T10:00:02.000Z',
    text: `line ${first + i}`,
  }))

/** listenerStatusFixture is a running listener on the default address, no secrets configured. */
export const listenerStatusFixture = (over: Partial<ListenerStatus> = {}): ListenerStatus => ({
  enabled: true,
  running: true,
  address: '127.0.0.1:20000',
  baseUrl: 'http://127.0.0.1:20000',
  genericWebhookUrl: 'http://127.0.0.1:20000/',
  githubWebhookUrl: 'http://127.0.0.1:20000/api/webhooks/github',
  error: '',
  listenOverride: '',
  apiKeyConfigured: false,
  apiKeySource: '',
  apiKeyEnvVar: 'AGENTED_API_KEY',
  githubSecretConfigured: false,
  githubSecretSource: '',
  githubSecretEnvVar: 'GITHUB_WEBHOOK_SECRET',
  secretsError: '',
  corsOrigins: [],
  trustedProxies: [],
  proxyIpHeader: 'X-Forwarded-For',
  proxyIpHeaderOverride: '',
  ...over,
})

/** stoppedListenerFixture is a fresh install: the listener is off and has no URLs. */
export const stoppedListenerFixture = (over: Partial<ListenerStatus> = {}): ListenerStatus =>
  listenerStatusFixture({ enabled: false, running: false, address: '', baseUrl: '', genericWebhookUrl: '', githubWebhookUrl: '', ...over })

export const listenerSettingsFixture = (over: Partial<ListenerSettings> = {}): ListenerSettings => ({
  enabled: true,
  bindAddress: '127.0.0.1',
  port: 20000,
  corsOrigins: [],
  trustedProxies: [],
  proxyIpHeader: 'X-Forwarded-For',
  apiRatePerMinute: 300,
  githubSignedPerMinute: 600,
  webhookRatePer10s: 20,
  ...over,
})

/** deliveryFixture is a generic delivery that started one run, with its detail fields. */
export const deliveryFixture = (over: Partial<Delivery> = {}): Delivery => ({
  id: 'dlv-1',
  receivedAt: '2025-01-01T10:00:00.000Z',
  source: 'generic',
  event: '',
  action: '',
  repo: '',
  deliveryGuid: '',
  remoteIp: '127.0.0.1',
  signature: 'valid',
  statusCode: 202,
  outcome: 'dispatched',
  detail: '1 run queued',
  runs: [{ triggerId: 'trig-abc123', executionId: 'exec-1' }],
  duplicates: [],
  skipped: [],
  signedTriggers: ['trig-abc123'],
  payloadSize: 42,
  payloadTruncated: false,
  replayOf: '',
  headers: {},
  payload: '',
  response: '',
  ...over,
})

export const exampleFixture = (over: Partial<WebhookExample> = {}): WebhookExample => ({
  url: 'http://127.0.0.1:20000/',
  headers: { 'Content-Type': 'application/json' },
  body: '{\n  "text": "Sample message for Nightly review"\n}',
  curl: "curl -sS -X POST 'http://127.0.0.1:20000/' \\\n  -H 'Content-Type: application/json' \\\n  --data-binary '{\"text\":\"Sample message for Nightly review\"}'",
  signCommand: '',
  hasSecret: false,
  notes: [],
  ...over,
})

export const pricesFixture = (): ModelPrice[] => [
  { model: 'claude-sonnet', inputPerMTok: 3, cachedPerMTok: 0.3, outputPerMTok: 15 },
  { model: 'gpt-5', inputPerMTok: 1.25, cachedPerMTok: 0.125, outputPerMTok: 10 },
  { model: 'codex', inputPerMTok: 1.25, cachedPerMTok: 0.125, outputPerMTok: 10 },
]

export const budgetStatusFixture = (over: Partial<BudgetStatus> = {}): BudgetStatus => ({
  id: 'bdg-team',
  name: 'team',
  scope: 'global',
  scopeId: '',
  period: 'day',
  softUsd: 5,
  hardUsd: 10,
  createdAt: '2025-01-01T09:00:00Z',
  updatedAt: '2025-01-01T09:00:00Z',
  label: 'global daily budget "team" ($10.00)',
  periodStart: '2025-01-01T00:00:00Z',
  spentUsd: 1,
  softReached: false,
  hardReached: false,
  ...over,
})

export const projectFixture = (over: Partial<Project> = {}): Project => ({
  id: 'proj-web1',
  name: 'Web shop',
  description: 'The shop front end',
  productId: '',
  repoUrl: 'acme/web-shop',
  localPath: '',
  status: 'active',
  cloneDepth: 0,
  hasToken: false,
  cloneDir: '/data/projects/Web_shop',
  cloneStatus: 'cloned',
  cloneError: '',
  lastSyncedAt: '2026-03-01T10:00:00Z',
  runningCount: 0,
  createdAt: '2026-03-01T09:00:00Z',
  updatedAt: '2026-03-01T09:00:00Z',
  ...over,
})

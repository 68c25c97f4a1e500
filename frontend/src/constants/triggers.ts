// Choices of the trigger editor, mirroring backend/trigger and backend/agent. Each carries the one
// line of explanation the editor shows next to it.

export const TriggerSources = [
  { value: 'manual', label: 'Manual', hint: 'Runs only when you press Run.' },
  { value: 'scheduled', label: 'Scheduled', hint: 'Runs daily, weekly, monthly or on a cron expression.' },
  { value: 'webhook', label: 'Webhook', hint: 'Runs when a JSON POST to the listener matches a field.' },
  { value: 'github', label: 'GitHub', hint: 'Runs on GitHub events such as a pull request being opened.' },
] as const

export const PermissionProfiles = [
  { value: 'read-only', label: 'Read-only review', hint: 'Reads files and reports; never edits or runs commands that write.' },
  { value: 'edits', label: 'Edits allowed', hint: 'May edit files in the linked directories; asks nothing.' },
  {
    value: 'full-auto',
    label: 'Full auto',
    hint: 'No approvals at all. Claude refuses this when Agented runs as root; the run then reports it.',
  },
] as const

export const ConcurrencyPolicies = [
  { value: 'queue', label: 'Queue', hint: 'A new firing waits until the running one has finished.' },
  { value: 'skip', label: 'Skip', hint: 'A new firing is dropped while one is running.' },
  { value: 'parallel', label: 'Parallel', hint: 'Runs alongside (still within the global concurrency limit).' },
  { value: 'replace', label: 'Replace', hint: 'A new firing cancels the running one, then starts.' },
] as const

/** IsolationModes: where a run works (trigger.Isolation* in Go). */
export const IsolationModes = [
  { value: 'none', label: 'In the directory', hint: 'The run edits the working directory itself, like you would.' },
  {
    value: 'worktree',
    label: 'Isolated worktree',
    hint: 'Each run gets its own git worktree on branch agented/<run id>, made from the working directory’s repository: your checkout and other runs stay untouched, and the run shows its diff. Needs the working directory to be a git repository.',
  },
] as const

export const ScheduleTypes = [
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'cron', label: 'Cron expression' },
  { value: 'once', label: 'Once' },
] as const

export const MissedRunPolicies = [
  { value: 'skip', label: 'Skip', hint: 'A fire time missed while Agented was closed or asleep is skipped.' },
  { value: 'run-once', label: 'Run once', hint: 'Missed fire times start one run when Agented is back (never a burst).' },
] as const

/** Weekdays as Go stores them: Monday = 0. */
export const Weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

export const SourceLabels: Record<string, string> = Object.fromEntries(TriggerSources.map((s) => [s.value, s.label]))

/** Numeric limits Go enforces; the editor checks them first so the message sits next to the field. */
export const TriggerLimits = {
  timeoutSeconds: { min: 60, max: 3600, default: 600 },
  sigtermGraceSeconds: { min: 1, max: 300, default: 10 },
  maxTurns: { min: 0, max: 1000 },
} as const

/**
 * Size caps Go enforces on text fields (backend/trigger/limits.go), in characters. The editor
 * uses them as maxlength, so a field stops where Go would refuse it.
 */
export const TriggerTextLimits = {
  name: 200,
  description: 4096,
  promptTemplate: 100_000,
  skillCommand: 256,
  model: 200,
  allowedTools: 2000,
  matchFieldPath: 256,
  matchFieldValue: 4096,
  textFieldPath: 256,
  detectionKeyword: 256,
  githubRepoFilter: 256,
  githubEvents: 1024,
  scheduleCron: 256,
  scheduleTime: 5,
  path: 1024,
  sample: 100_000,
} as const

/** MaxLinkedPaths is how many directories Go lets one trigger link. */
export const MaxLinkedPaths = 32

export const DefaultGitHubEvents = 'pull_request:opened,synchronize,reopened'

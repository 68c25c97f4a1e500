import type { Trigger } from '@/bridge'
import { DefaultGitHubEvents, TriggerLimits, TriggerTextLimits } from '@/constants/triggers'

type NumericKey = 'timeoutSeconds' | 'sigtermGraceSeconds' | 'maxTurns'

/** TriggerDraft is the editor's form state: number inputs are null while empty. */
export type TriggerDraft = Omit<Trigger, NumericKey> & Record<NumericKey, number | null>

/** TriggerErrors maps a trigger field (its JSON name) to the message shown under it. */
export type TriggerErrors = Record<string, string>

/** localTimezone is the machine's IANA zone, the default for schedules. */
export function localTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

/** newTriggerDraft is a blank manual trigger with Go's defaults. */
export function newTriggerDraft(backend = 'claude'): TriggerDraft {
  return {
    id: '',
    name: '',
    description: '',
    promptTemplate: '',
    skillCommand: '',
    backendType: backend,
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
    githubEvents: DefaultGitHubEvents,
    githubReport: 'none',
    githubMode: 'webhook',
    githubPollSeconds: 60,
    githubAllowAuthors: [],
    githubTrustAllAuthors: false,
    scheduleType: 'daily',
    scheduleTime: '09:00',
    scheduleDay: 0,
    scheduleTimezone: localTimezone(),
    scheduleCron: '',
    scheduleAt: '',
    missedRunPolicy: 'skip',
    timeoutSeconds: TriggerLimits.timeoutSeconds.default,
    sigtermGraceSeconds: TriggerLimits.sigtermGraceSeconds.default,
    concurrencyPolicy: 'queue',
    accountId: '',
    fallbackChain: [],
    stallMinutes: 10,
    stallAction: 'warn',
    maxCostUsd: 0,
    isolation: 'none',
    enabled: true,
    isPredefined: false,
    hasWebhookSecret: false,
    paused: false,
    pausedReason: '',
    pausedAt: '',
    paths: [],
    projectIds: [],
    createdAt: '',
    updatedAt: '',
  }
}

/** toTriggerDraft copies a stored trigger into an editable draft, filling fields Go left empty. */
export function toTriggerDraft(t: Trigger): TriggerDraft {
  const blank = newTriggerDraft(t.backendType)
  return {
    ...blank,
    ...t,
    githubEvents: t.githubEvents || (t.triggerSource === 'github' ? DefaultGitHubEvents : ''),
    scheduleType: t.scheduleType || blank.scheduleType,
    scheduleTime: t.scheduleTime || blank.scheduleTime,
    scheduleTimezone: t.scheduleTimezone || blank.scheduleTimezone,
    permissionProfile: t.permissionProfile || blank.permissionProfile,
    concurrencyPolicy: t.concurrencyPolicy || blank.concurrencyPolicy,
    paths: [...(t.paths ?? [])].sort((a, b) => a.position - b.position),
    fallbackChain: [...(t.fallbackChain ?? [])],
    projectIds: [...(t.projectIds ?? [])],
  }
}

/** fromTriggerDraft turns a draft that passed validateTrigger into the DTO Go expects. */
export function fromTriggerDraft(d: TriggerDraft): Trigger {
  return {
    ...d,
    name: d.name.trim(),
    timeoutSeconds: d.timeoutSeconds ?? 0,
    sigtermGraceSeconds: d.sigtermGraceSeconds ?? 0,
    maxTurns: d.maxTurns ?? 0,
    // The list order is the order the CLI gets; the first is the working directory.
    paths: d.paths.map((p, i) => ({ ...p, position: i })),
  }
}

function range(value: number | null, min: number, max: number): string {
  if (value === null || Number.isNaN(value)) return `Enter a number from ${min} to ${max}.`
  if (!Number.isInteger(value)) return 'Use a whole number.'
  if (value < min || value > max) return `Must be between ${min} and ${max}.`
  return ''
}

/** isAbsolutePath accepts POSIX paths and Windows drive or UNC paths. */
export const isAbsolutePath = (p: string) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p.trim())

/**
 * validateTrigger checks what the editor can check by itself; Go validates again and its
 * messages (a FieldError from the bridge) are shown the same way.
 */
export function validateTrigger(d: TriggerDraft): TriggerErrors {
  const errors: TriggerErrors = {}
  const put = (key: string, msg: string) => msg && (errors[key] = msg)
  if (!d.name.trim()) put('name', 'Give the trigger a name.')
  if (!d.promptTemplate.trim()) put('promptTemplate', 'Write the prompt the CLI should run.')
  if (!d.backendType) put('backendType', 'Choose the AI CLI that runs this trigger.')
  // maxlength stops typing at the cap; a stored value from an older version may still be longer.
  for (const [key, max] of Object.entries(TriggerTextLimits)) {
    const value = (d as unknown as Record<string, unknown>)[key]
    if (typeof value === 'string' && [...value].length > max) put(key, `Must be at most ${max} characters.`)
  }
  const { timeoutSeconds: t, sigtermGraceSeconds: g, maxTurns: m } = TriggerLimits
  put('timeoutSeconds', range(d.timeoutSeconds, t.min, t.max))
  put('sigtermGraceSeconds', range(d.sigtermGraceSeconds, g.min, g.max))
  if (d.backendType === 'claude') put('maxTurns', range(d.maxTurns, m.min, m.max))
  if (d.triggerSource === 'scheduled') {
    if (d.scheduleType === 'cron') {
      if (!d.scheduleCron.trim()) put('scheduleCron', 'Enter a cron expression, e.g. 0 9 * * 1-5.')
    } else if (d.scheduleType === 'once') {
      if (!d.scheduleAt) put('scheduleAt', 'Choose the date and time of the run.')
    } else {
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(d.scheduleTime)) put('scheduleTime', 'Use HH:MM, 24-hour clock.')
      if (!d.scheduleTimezone) put('scheduleTimezone', 'Choose a time zone.')
      if (d.scheduleType === 'monthly' && (d.scheduleDay < 1 || d.scheduleDay > 28)) {
        put('scheduleDay', 'Choose a day from 1 to 28.')
      }
    }
  }
  return errors
}

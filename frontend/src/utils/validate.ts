import { fieldErrorsOf, type Settings, type Theme } from '@/bridge'
import { CustomKeyNamePattern, SettingsLimits, type NumericSettingKey } from '@/constants/limits'
import { BuiltinProviders } from '@/constants/providers'

/** SettingsDraft is the General form's state: number inputs are null while empty. */
export interface SettingsDraft {
  maxConcurrentRuns: number | null
  retentionDays: number | null
  outputCapMiB: number | null
  webhookMessageCapKiB: number | null
  routerMaxAttempts: number | null
  defaultCooldownSeconds: number | null
  theme: Theme
}

/** FieldErrors maps a settings field (its JSON name) to the message shown under it. */
export type FieldErrors = Partial<Record<keyof Settings, string>>

const numericKeys = Object.keys(SettingsLimits) as NumericSettingKey[]

/** validateSettings returns one message per invalid field; an empty object means valid. */
export function validateSettings(draft: SettingsDraft): FieldErrors {
  const errors: FieldErrors = {}
  for (const key of numericKeys) {
    const { min, max } = SettingsLimits[key]
    const value = draft[key]
    if (value === null || Number.isNaN(value)) errors[key] = `Enter a number from ${min} to ${max}.`
    else if (!Number.isInteger(value)) errors[key] = 'Use a whole number.'
    else if (value < min || value > max) errors[key] = `Must be between ${min} and ${max}.`
  }
  if (!['system', 'dark', 'light'].includes(draft.theme)) errors.theme = 'Choose system, dark or light.'
  return errors
}

/**
 * toSettings turns a draft that passed validateSettings into the fields the General form owns;
 * the store lays them over the stored settings, so fields edited elsewhere are kept.
 */
export function toSettings(draft: SettingsDraft): Pick<Settings, NumericSettingKey | 'theme'> {
  return {
    maxConcurrentRuns: draft.maxConcurrentRuns ?? 0,
    retentionDays: draft.retentionDays ?? 0,
    outputCapMiB: draft.outputCapMiB ?? 0,
    webhookMessageCapKiB: draft.webhookMessageCapKiB ?? 0,
    routerMaxAttempts: draft.routerMaxAttempts ?? 0,
    defaultCooldownSeconds: draft.defaultCooldownSeconds ?? 0,
    theme: draft.theme,
  }
}

/** toDraft copies stored settings into an editable draft. */
export function toDraft(s: Settings): SettingsDraft {
  return {
    maxConcurrentRuns: s.maxConcurrentRuns,
    retentionDays: s.retentionDays,
    outputCapMiB: s.outputCapMiB,
    webhookMessageCapKiB: s.webhookMessageCapKiB,
    routerMaxAttempts: s.routerMaxAttempts,
    defaultCooldownSeconds: s.defaultCooldownSeconds,
    theme: normaliseTheme(s.theme),
  }
}

/** normaliseTheme maps anything unexpected from storage to "system". */
export function normaliseTheme(value: string | null | undefined): Theme {
  return value === 'dark' || value === 'light' ? value : 'system'
}

const settingsKeys: (keyof Settings)[] = [...numericKeys, 'theme']

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.')

/**
 * goFieldMessages returns the per-field messages of a Go validation error (a FieldError from the
 * bridge), keyed by the JSON field name and written as sentences. Every field is kept, so nothing
 * Go says is lost; the caller shows them where it can. Any other error gives {}.
 */
export function goFieldMessages(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [field, msg] of Object.entries(fieldErrorsOf(err))) out[field] = sentence(msg)
  return out
}

/**
 * goFieldErrors places a Go settings error under the fields it names; any other error that
 * mentions a field by its JSON name goes under that field whole.
 */
export function goFieldErrors(err: Error): FieldErrors {
  const errors: FieldErrors = {}
  const named = goFieldMessages(err)
  for (const key of settingsKeys) if (named[key]) errors[key] = named[key]
  if (Object.keys(errors).length > 0) return errors
  const mentioned = settingsKeys.find((k) => err.message.includes(k))
  return mentioned ? { [mentioned]: err.message } : {}
}

/** validateCustomKeyName explains what is wrong with a custom env var name, or returns ''. */
export function validateCustomKeyName(name: string): string {
  if (!name) return 'Enter the environment variable name, e.g. OPENROUTER_API_KEY.'
  if (!CustomKeyNamePattern.test(name)) {
    return 'Use capital letters, digits and underscores, starting with a letter (2-64 characters).'
  }
  const builtin = BuiltinProviders.find((p) => p.envVars.includes(name))
  if (builtin) return `${name} is the ${builtin.label} key: set it in the ${builtin.label} row above.`
  return ''
}

// Mirrors the ranges Go enforces in backend/settings. The UI checks them first so the user sees
// a message next to the field; Go still validates, and its error is shown if the two disagree.
export const SettingsLimits = {
  maxConcurrentRuns: { min: 1, max: 64, label: 'Max concurrent runs' },
  retentionDays: { min: 1, max: 3650, label: 'Retention (days)' },
  outputCapMiB: { min: 1, max: 4096, label: 'Output cap (MiB)' },
  webhookMessageCapKiB: { min: 1, max: 10240, label: 'Webhook message cap (KiB)' },
  routerMaxAttempts: { min: 1, max: 50, label: 'Attempts per run' },
  defaultCooldownSeconds: { min: 10, max: 86400, label: 'Default account cooldown' },
} as const

export type NumericSettingKey = keyof typeof SettingsLimits

/** Bounds of autoPauseAfterFailures (Settings → Unattended runs); 0 never pauses. */
export const AutoPauseLimits = { min: 0, max: 100, label: 'Pause a trigger after failures in a row' } as const

/** Env var names a custom key may use; the same pattern Go checks. */
export const CustomKeyNamePattern = /^[A-Z][A-Z0-9_]{1,63}$/

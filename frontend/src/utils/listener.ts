import type { ListenerSettings } from '@/bridge'
import { ListenerLimits, WebhookSecretLimits } from '@/constants/webhooks'
import { goFieldMessages } from './validate'

/** ListenerDraft is the Listener form's state: number inputs are null while empty. */
export type ListenerDraft = Omit<ListenerSettings, 'port' | 'apiRatePerMinute' | 'githubSignedPerMinute' | 'webhookRatePer10s'> & {
  port: number | null
  apiRatePerMinute: number | null
  githubSignedPerMinute: number | null
  webhookRatePer10s: number | null
}

/** ListenerErrors maps a listener field (its JSON name) to the message shown under it. */
export type ListenerErrors = Partial<Record<keyof ListenerSettings, string>>

export const toListenerDraft = (l: ListenerSettings): ListenerDraft => ({
  ...l,
  corsOrigins: [...l.corsOrigins],
  trustedProxies: [...l.trustedProxies],
})

export const fromListenerDraft = (d: ListenerDraft): ListenerSettings => ({
  ...d,
  bindAddress: d.bindAddress.trim(),
  port: d.port ?? 0,
  apiRatePerMinute: d.apiRatePerMinute ?? 0,
  githubSignedPerMinute: d.githubSignedPerMinute ?? 0,
  webhookRatePer10s: d.webhookRatePer10s ?? 0,
})

const range = (v: number | null, min: number, max: number) => {
  if (v === null || Number.isNaN(v)) return `Enter a number from ${min} to ${max}.`
  if (!Number.isInteger(v)) return 'Use a whole number.'
  return v < min || v > max ? `Must be between ${min} and ${max}.` : ''
}

/**
 * validateListener checks what can be checked without Go (empty address, number ranges). Origins
 * and proxies are parsed by Go, whose message then appears under the list.
 */
export function validateListener(d: ListenerDraft): ListenerErrors {
  const errors: ListenerErrors = {}
  if (!d.bindAddress.trim()) errors.bindAddress = 'Enter an IP address such as 127.0.0.1, or localhost.'
  const checks: [keyof ListenerErrors, number | null, { min: number; max: number }][] = [
    ['port', d.port, ListenerLimits.port],
    ['apiRatePerMinute', d.apiRatePerMinute, ListenerLimits.rate],
    ['githubSignedPerMinute', d.githubSignedPerMinute, ListenerLimits.rate],
    ['webhookRatePer10s', d.webhookRatePer10s, ListenerLimits.rate],
  ]
  for (const [key, value, { min, max }] of checks) {
    const msg = range(value, min, max)
    if (msg) errors[key] = msg
  }
  return errors
}

/** listenerFieldErrors places Go's refusal under the fields it names. */
export function listenerFieldErrors(err: Error): ListenerErrors {
  return goFieldMessages(err)
}

/** validateWebhookSecret explains what is wrong with a per-trigger secret, or returns ''. */
export function validateWebhookSecret(value: string): string {
  const { min, max } = WebhookSecretLimits
  if ([...value].length < min || [...value].length > max) return `Use ${min} to ${max} characters.`
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'No spaces or control characters.'
  return ''
}

/** prettyJSON indents a JSON text; anything that does not parse comes back as it is. */
export function prettyJSON(raw: string): { text: string; json: boolean } {
  const trimmed = raw.trim()
  if (!trimmed) return { text: '', json: false }
  try {
    return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true }
  } catch {
    return { text: raw, json: false }
  }
}

/** formatBytes shows a payload size: "512 B", "3.4 KiB", "1.2 MiB". */
export function formatBytes(n: number): string {
  if (!n || n < 0) return '0 B'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

// Mirrors the delivery vocabulary of backend/webhook/types.go (sources, signature results,
// outcomes, skip codes) and the listener bounds of backend/settings/listener.go and
// backend/webhook/secrets.go.

type TagType = 'default' | 'info' | 'success' | 'warning' | 'error'

interface Labelled {
  label: string
  type: TagType
  hint: string
}

export const DeliverySources = [
  { value: 'generic', label: 'Webhook' },
  { value: 'github', label: 'GitHub' },
] as const

export const sourceLabel = (s: string) => DeliverySources.find((x) => x.value === s)?.label ?? s

/** eventText is "pull_request · opened" for GitHub deliveries, "" when there is no event. */
export const eventText = (d: { event: string; action: string }) => [d.event, d.action].filter(Boolean).join(' · ')

/** SignatureInfo says how each signature result is shown. */
export const SignatureInfo: Record<string, Labelled> = {
  valid: { label: 'Valid', type: 'success', hint: 'Verified against the configured secret.' },
  invalid: { label: 'Invalid', type: 'error', hint: 'A signature was sent but it is malformed or wrong.' },
  missing: { label: 'Missing', type: 'error', hint: 'A secret is configured but the request was not signed.' },
  unconfigured: { label: 'No secret', type: 'warning', hint: 'No GitHub webhook secret is configured, so nothing could be verified.' },
  not_required: { label: 'Not required', type: 'default', hint: 'No matching trigger has a secret.' },
  replay: { label: 'Replay', type: 'info', hint: 'A replay of a stored delivery, verified when it first arrived.' },
}

/** OutcomeInfo says how each outcome is shown; the filter offers them in this order. */
export const OutcomeInfo: Record<string, Labelled> = {
  dispatched: { label: 'Dispatched', type: 'success', hint: 'At least one run was queued.' },
  duplicate: { label: 'Duplicate', type: 'default', hint: 'Every match was a duplicate, or GitHub redelivered it.' },
  no_match: { label: 'No match', type: 'default', hint: 'Valid, but no trigger wanted it (or every run was refused).' },
  ignored: { label: 'Ignored', type: 'default', hint: 'No trigger listens to this GitHub event.' },
  challenge: { label: 'Challenge', type: 'info', hint: 'A url_verification handshake was answered.' },
  pong: { label: 'Ping', type: 'info', hint: 'GitHub’s ping was answered.' },
  rejected: {
    label: 'Rejected',
    type: 'warning',
    hint: 'Refused: bad signature, content type, JSON, missing fields, or a message over the webhook message cap.',
  },
  error: { label: 'Error', type: 'error', hint: 'Agented failed (e.g. the database could not be written), or the GitHub secret is not set.' },
}

export const Outcomes = Object.keys(OutcomeInfo)

const unknown = (value: string): Labelled => ({ label: value || '-', type: 'default', hint: '' })
export const signatureInfo = (s: string): Labelled => SignatureInfo[s] ?? unknown(s)
export const outcomeInfo = (o: string): Labelled => OutcomeInfo[o] ?? unknown(o)

/** SkipLabels names why a trigger did not run for a delivery. */
export const SkipLabels: Record<string, string> = {
  signature: 'Signature did not verify',
  secret: 'Secret unreadable',
  no_match: 'Field did not match',
  keyword: 'Keyword missing',
  repo: 'Repository filter',
  event: 'Event filter',
  refused: 'Run refused',
  error: 'Not stored (answered 503, retry)',
  too_large: 'Message over the cap',
}

/** DeliveryPageSize is how many deliveries the screen shows per page. */
export const DeliveryPageSize = 25

/** ListenerLimits mirrors ValidateListener; the form checks them before asking Go. */
export const ListenerLimits = {
  port: { min: 1, max: 65535 },
  rate: { min: 1, max: 100000 },
} as const

/** WebhookSecretLimits mirrors validateSecret in backend/webhook/secrets.go. */
export const WebhookSecretLimits = { min: 8, max: 256 } as const

/**
 * Env vars that override listener settings. The variables that override its secrets come with
 * the listener's status (apiKeyEnvVar, githubSecretEnvVar), from the Go side that owns them.
 */
export const ListenerEnvVars = {
  listen: 'AGENTED_LISTEN',
  proxyIpHeader: 'AGENTED_PROXY_IP_HEADER',
} as const

/** ProxyIPHeaders mirrors HeaderXForwardedFor and HeaderXRealIP in backend/settings/listener.go. */
export const ProxyIPHeaders = [
  { value: 'X-Forwarded-For', hint: 'the proxy appends the client address (nginx, Caddy, Traefik, most tunnels)' },
  { value: 'X-Real-IP', hint: 'the proxy sets the client address (nginx with proxy_set_header X-Real-IP)' },
] as const

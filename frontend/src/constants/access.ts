import type { ApiKeyScope } from '@/bridge'

/** apiKeyScopes are the scopes a named API key can have, weakest first, with what each allows. */
export const apiKeyScopes: readonly { value: ApiKeyScope; label: string; description: string }[] = [
  { value: 'read', label: 'Read', description: 'reads everything except secrets' },
  { value: 'run', label: 'Run', description: 'also starts, cancels and replays runs' },
  { value: 'admin', label: 'Admin', description: 'may change anything' },
]

/** AuditPageSize is how many audit entries one page of the Audit screen shows. */
export const AuditPageSize = 50

/** auditActionGroups are the action prefixes the Audit screen's filter offers next to exact actions. */
export const auditActionGroups = ['trigger.', 'execution.', 'account.', 'budget.', 'settings.', 'listener.', 'secret.', 'apikey.', 'project.']

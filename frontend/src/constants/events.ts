// Mirror of backend/events/names.go. backend/events/names_test.go compares the two lists, so add a
// name in both places or the Go tests fail.
export const Events = {
  SettingsChanged: 'settings:changed',
  SecretsChanged: 'secrets:changed',
  AgentCLIDetected: 'agentcli:detected',
  TriggersChanged: 'triggers:changed',
  SchedulesChanged: 'schedules:changed',
  BusMissed: 'bus:missed',
  ExecutionStatus: 'execution:status',
  ExecutionLogPrefix: 'execution:log:',
  WebhookDelivery: 'webhook:delivery',
  NotificationShow: 'notification:show',
  AccountsChanged: 'accounts:changed',
  NotificationsChanged: 'notifications:changed',
  PlanningChangedPrefix: 'planning:changed:',
  PlanningCommandsChanged: 'planningcommands:changed',
  PtyChanged: 'pty:changed',
  PtyOutputPrefix: 'pty:output:',
  PullRequestsChanged: 'pullrequests:changed',
  ProjectsChanged: 'projects:changed',
  AuditAdded: 'audit:added',
  CloneProgressPrefix: 'clone:progress:',
} as const

type EventKey = keyof typeof Events
// Entries named *Prefix are not events themselves: the event is the prefix followed by an id.
type PrefixKey = Extract<EventKey, `${string}Prefix`>

/** FixedEventName is an event with one name for everything (`execution:status`). */
export type FixedEventName = (typeof Events)[Exclude<EventKey, PrefixKey>]

/** ScopedEventName is an event about one thing: a prefix and its id (`execution:log:<runId>`). */
export type ScopedEventName = `${(typeof Events)[PrefixKey]}${string}`

/** EventName is any name the backend emits: passing a misspelt or unknown name is a type error. */
export type EventName = FixedEventName | ScopedEventName

export const executionLog = (executionId: string) => `${Events.ExecutionLogPrefix}${executionId}` as const

export const planningChanged = (projectId: string) => `${Events.PlanningChangedPrefix}${projectId}` as const
export const ptyOutput = (sessionId: string) => `${Events.PtyOutputPrefix}${sessionId}` as const
export const cloneProgress = (projectId: string) => `${Events.CloneProgressPrefix}${projectId}` as const

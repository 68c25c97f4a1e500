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
  CloneProgressPrefix: 'clone:progress:',
  PTYOutputPrefix: 'pty:output:',
  PlanningChangedPrefix: 'planning:changed:',
  WebhookDelivery: 'webhook:delivery',
  NotificationShow: 'notification:show',
  AccountsChanged: 'accounts:changed',
  NotificationsChanged: 'notifications:changed',
} as const

export type EventName = (typeof Events)[keyof typeof Events]

export const executionLog = (executionId: string) => Events.ExecutionLogPrefix + executionId
export const cloneProgress = (projectId: string) => Events.CloneProgressPrefix + projectId
export const ptyOutput = (sessionId: string) => Events.PTYOutputPrefix + sessionId
export const planningChanged = (projectId: string) => Events.PlanningChangedPrefix + projectId

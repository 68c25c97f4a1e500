// Mirrors the status, kind and failure-kind names of backend/execution and backend/agent.

export type ExecutionStatus = 'queued' | 'running' | 'success' | 'failed' | 'timeout' | 'cancelled' | 'interrupted'

type TagType = 'default' | 'info' | 'success' | 'warning' | 'error'

/** StatusInfo says how each status is shown: label and naive-ui tag colour. */
export const StatusInfo: Record<ExecutionStatus, { label: string; type: TagType }> = {
  queued: { label: 'Queued', type: 'default' },
  running: { label: 'Running', type: 'info' },
  success: { label: 'Success', type: 'success' },
  failed: { label: 'Failed', type: 'error' },
  timeout: { label: 'Timed out', type: 'warning' },
  cancelled: { label: 'Cancelled', type: 'default' },
  interrupted: { label: 'Interrupted', type: 'warning' },
}

export const Statuses = Object.keys(StatusInfo) as ExecutionStatus[]

/** isActive is true while a run can still change: it may be cancelled and its log may grow. */
export const isActive = (status: string) => status === 'queued' || status === 'running'

export const KindLabels: Record<string, string> = {
  manual: 'Manual',
  scheduled: 'Scheduled',
  webhook: 'Webhook',
  github: 'GitHub',
  rerun: 'Re-run',
}

/** FailureLabels names agent.Failure kinds for people. */
export const FailureLabels: Record<string, string> = {
  cli_not_found: 'CLI not found',
  auth: 'Not logged in',
  rate_limited: 'Rate limited',
  quota: 'Quota exhausted',
  crashed: 'Crashed',
  error: 'CLI reported an error',
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  output_capped: 'Output capped',
  storage: 'Output could not be stored',
  prompt_too_long: 'Prompt too long',
  stalled: 'Stalled',
  max_cost: 'Cost limit reached',
  max_turns: 'Turn limit reached',
  budget: 'Budget used up',
}

/** StopReasonLabels says for people why Agented stopped a run (execution.stopReason). */
export const StopReasonLabels: Record<string, string> = {
  timeout: 'Stopped: timeout',
  stalled: 'Stopped: stalled',
  max_cost: 'Stopped: max cost',
  max_turns: 'Stopped: max turns',
  budget: 'Stopped: budget',
  cancelled: 'Stopped: cancelled',
}

export const failureLabel = (kind: string) => FailureLabels[kind] ?? kind

/** Page sizes the log viewer and history use. */
export const LogPageSize = 1000
export const HistoryPageSize = 25

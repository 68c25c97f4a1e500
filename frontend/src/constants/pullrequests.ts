import type { PullRequestStatus } from '@/bridge'

type TagType = 'default' | 'info' | 'success' | 'warning' | 'error'

/** PullRequestStatusInfo says how each pull request status is shown. */
export const PullRequestStatusInfo: Record<PullRequestStatus, { label: string; type: TagType }> = {
  'waiting approval': { label: 'Waiting approval', type: 'warning' },
  queued: { label: 'Queued', type: 'default' },
  running: { label: 'Running', type: 'info' },
  reviewed: { label: 'Reviewed', type: 'success' },
  failed: { label: 'Failed', type: 'error' },
  skipped: { label: 'Skipped', type: 'default' },
}

export const PullRequestStatuses = Object.keys(PullRequestStatusInfo) as PullRequestStatus[]

/** PullRequestPageSize is how many pull requests one page shows. */
export const PullRequestPageSize = 25

/** shortSha is the first 7 characters of a commit SHA, as GitHub shows it. */
export const shortSha = (sha: string) => sha.slice(0, 7)

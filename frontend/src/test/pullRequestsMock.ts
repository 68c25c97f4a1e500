// The pull request part of the bridge stand-in (re-exported by bridgeMock).
import { vi } from 'vitest'
import type * as Bridge from '@/bridge'
import type { GitHubSettings, PullRequest } from '@/bridge'

type Fn<K extends keyof typeof Bridge> = (typeof Bridge)[K] extends (...args: infer A) => infer R ? (...args: A) => R : never

export const listPullRequests = vi.fn<Fn<'listPullRequests'>>()
export const getPullRequest = vi.fn<Fn<'getPullRequest'>>()
export const approvePullRequest = vi.fn<Fn<'approvePullRequest'>>()
export const rejectPullRequest = vi.fn<Fn<'rejectPullRequest'>>()
export const listPolls = vi.fn<Fn<'listPolls'>>()
export const getGitHubSettings = vi.fn<Fn<'getGitHubSettings'>>()
export const setGitHubAPIURL = vi.fn<Fn<'setGitHubAPIURL'>>()
export const setGitHubToken = vi.fn<Fn<'setGitHubToken'>>()
export const onPullRequestsChanged = vi.fn<Fn<'onPullRequestsChanged'>>()

export const pullRequestFixture = (over: Partial<PullRequest> = {}): PullRequest => ({
  id: 'pr-1',
  triggerId: 'trig-abc123',
  triggerName: 'Nightly review',
  repo: 'acme/api',
  number: 7,
  title: 'Add caching',
  author: 'alice',
  authorAssociation: 'MEMBER',
  htmlUrl: 'https://github.com/acme/api/pull/7',
  headSha: '0123456789abcdef',
  headRef: 'caching',
  baseRef: 'main',
  fork: false,
  status: 'reviewed',
  executionIds: ['exec-7'],
  commentUrl: 'https://github.com/acme/api/pull/7#issuecomment-1',
  lastError: '',
  decidedBy: '',
  decisionReason: '',
  decidedAt: '',
  createdAt: '2026-05-01T12:00:00.000Z',
  updatedAt: '2026-05-01T12:00:00.000Z',
  history: [{ headSha: '0123456789abcdef', executionId: 'exec-7', status: 'reviewed', source: 'poll', readOnly: false, createdAt: '2026-05-01T12:00:00.000Z' }],
  ...over,
})

export const gitHubSettingsFixture = (over: Partial<GitHubSettings> = {}): GitHubSettings => ({
  apiUrl: '',
  effectiveUrl: 'https://api.github.com',
  apiUrlFromEnv: false,
  tokenSet: false,
  tokenFromEnv: false,
  tokenEnvVar: 'GITHUB_TOKEN',
  ...over,
})

/** resetPullRequestsMock restores the default answers. */
export function resetPullRequestsMock() {
  for (const fn of [listPullRequests, getPullRequest, approvePullRequest, rejectPullRequest, listPolls]) fn.mockReset()
  for (const fn of [getGitHubSettings, setGitHubAPIURL, setGitHubToken, onPullRequestsChanged]) fn.mockReset()
  listPullRequests.mockImplementation(async () => ({ pullRequests: [], total: 0 }))
  getPullRequest.mockImplementation(async (id) => pullRequestFixture({ id }))
  approvePullRequest.mockImplementation(async (id) => pullRequestFixture({ id, status: 'queued' }))
  rejectPullRequest.mockImplementation(async (id, reason) =>
    pullRequestFixture({ id, status: 'skipped', decidedBy: 'desktop', decisionReason: reason }),
  )
  listPolls.mockImplementation(async () => [])
  getGitHubSettings.mockImplementation(async () => gitHubSettingsFixture())
  setGitHubAPIURL.mockImplementation(async (url) => gitHubSettingsFixture({ apiUrl: url, effectiveUrl: url || 'https://api.github.com' }))
  setGitHubToken.mockImplementation(async (token) => gitHubSettingsFixture({ tokenSet: !!token }))
  onPullRequestsChanged.mockImplementation(() => () => {})
}

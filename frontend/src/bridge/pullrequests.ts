import * as PullRequestsAPI from '@wails/go/bindings/PullRequestsAPI'
import type { pullrequest } from '@wails/go/models'
import { Events } from '@/constants/events'
import { call } from './call'
import { list, type Data } from './data'
import { on, type Unsubscribe } from './events'

export type PullRequest = Data<pullrequest.PullRequest>
export type PullRequestFilter = Data<pullrequest.Filter>
export type PullRequestList = Data<pullrequest.List>
export type HeadRun = Data<pullrequest.HeadRun>
export type PollState = Data<pullrequest.PollState>
export type GitHubSettings = Data<pullrequest.GitHubSettings>

/** PullRequestStatus is a pull request's state: the run of its current head SHA. */
export type PullRequestStatus = 'waiting approval' | 'queued' | 'running' | 'reviewed' | 'failed' | 'skipped'

// Go sends null for nil slices; every call below hands back [] instead.
const pullRequest = (p: PullRequest): PullRequest => ({
  ...p,
  executionIds: list(p.executionIds),
  history: list(p.history),
})

/** listPullRequests pages the pull requests GitHub triggers saw, newest first. */
export const listPullRequests = (filter: PullRequestFilter): Promise<PullRequestList> =>
  call(() => PullRequestsAPI.List(filter)).then((l) => ({ ...l, pullRequests: list(l.pullRequests).map(pullRequest) }))

/** getPullRequest returns one pull request with its history per head SHA. */
export const getPullRequest = (id: string): Promise<PullRequest> => call(() => PullRequestsAPI.Get(id)).then(pullRequest)

/** approvePullRequest runs a pull request safe mode held, with the read-only permission profile. */
export const approvePullRequest = (id: string): Promise<PullRequest> =>
  call(() => PullRequestsAPI.Approve(id)).then(pullRequest)

/** rejectPullRequest records that a held pull request will not run, and why. */
export const rejectPullRequest = (id: string, reason: string): Promise<PullRequest> =>
  call(() => PullRequestsAPI.Reject(id, reason)).then(pullRequest)

/** listPolls returns the poller's last answer per poll-mode trigger and repository. */
export const listPolls = (): Promise<PollState[]> => call(() => PullRequestsAPI.Polls()).then(list)

/** getGitHubSettings returns Settings → GitHub; the token never comes back, only whether it is set. */
export const getGitHubSettings = (): Promise<GitHubSettings> => call(() => PullRequestsAPI.GitHubSettings())

/** setGitHubAPIURL stores the GitHub API URL; "" goes back to https://api.github.com. */
export const setGitHubAPIURL = (url: string): Promise<GitHubSettings> => call(() => PullRequestsAPI.SetAPIURL(url))

/** setGitHubToken stores the token in the keyring; "" clears it. */
export const setGitHubToken = (token: string): Promise<GitHubSettings> => call(() => PullRequestsAPI.SetToken(token))

/** onPullRequestsChanged calls `fn` whenever a pull request row changed. */
export const onPullRequestsChanged = (fn: () => void): Unsubscribe => on(Events.PullRequestsChanged, fn)

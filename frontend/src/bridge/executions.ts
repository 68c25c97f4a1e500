import * as ExecutionsAPI from '@wails/go/bindings/ExecutionsAPI'
import type { agent, execution, worktree } from '@wails/go/models'
import { executionLog, Events } from '@/constants/events'
import { call } from './call'
import { list, type Data } from './data'
import { on, type Unsubscribe } from './events'

export type Execution = Data<execution.Execution>
export type ExecutionFilter = Data<execution.ListFilter>
export type ExecutionPage = Data<execution.Page>
export type LogLine = Data<execution.Line>
export type LinesPage = Data<execution.LinesPage>
export type LogSearchResult = Data<execution.SearchResult>
export type Dashboard = Data<execution.Dashboard>
export type Usage = Data<agent.Usage>
export type TranscriptEntry = Data<agent.Entry>
export type ExecutionDiff = Data<execution.Diff>
export type DiffStat = Data<worktree.DiffStat>

/**
 * GitState is a run's gitBefore/gitAfter: the state of its directory (HEAD, branch, dirty paths).
 * Wails types it as any; it mirrors gitstate.State in backend/gitstate/gitstate.go.
 */
export interface GitState {
  kind: 'git' | 'tree'
  head: string
  branch: string
  dirty: string[]
  dirtyCount: number
}

/** gitStateOf reads a run's gitBefore/gitAfter, or null when the run recorded none. */
export function gitStateOf(v: unknown): GitState | null {
  if (!v || typeof v !== 'object') return null
  const s = v as Partial<GitState>
  if (s.kind !== 'git' && s.kind !== 'tree') return null
  return { kind: s.kind, head: s.head ?? '', branch: s.branch ?? '', dirty: s.dirty ?? [], dirtyCount: s.dirtyCount ?? 0 }
}

/**
 * LogBatch is the payload of `execution:log:<id>`. No bound method returns it, so Wails does not
 * generate it; it mirrors execution.LogBatch in backend/execution/types.go.
 */
export interface LogBatch {
  executionId: string
  lines: LogLine[]
}

/** runTrigger queues a run and resolves with its execution id at once. */
export const runTrigger = (triggerId: string, message: string): Promise<string> =>
  call(() => ExecutionsAPI.RunTrigger(triggerId, message))

export const getExecution = (id: string): Promise<Execution> => call(() => ExecutionsAPI.Get(id))

// Lists from Go may be null (a nil slice); the calls below hand back [] instead.

export const listExecutions = (filter: ExecutionFilter): Promise<ExecutionPage> =>
  call(() => ExecutionsAPI.List(filter)).then((p) => ({ ...p, executions: list(p.executions) }))

/** logLines pages a run's log: lines with seq > after, ascending; `next` is 0 at the end. */
export const logLines = (id: string, after: number, limit: number): Promise<LinesPage> =>
  call(() => ExecutionsAPI.Lines(id, after, limit)).then((p) => ({ ...p, lines: list(p.lines) }))

export const searchLog = (id: string, query: string, limit: number): Promise<LogSearchResult> =>
  call(() => ExecutionsAPI.Search(id, query, limit)).then((r) => ({ ...r, hits: list(r.hits) }))

/** transcript parses the log lines after seq `after` (at most `limit` lines) into readable entries. */
export const transcript = (id: string, after: number, limit: number): Promise<TranscriptEntry[]> =>
  call(() => ExecutionsAPI.Transcript(id, after, limit)).then(list)

export const cancelExecution = (id: string): Promise<void> => call(() => ExecutionsAPI.Cancel(id))

/** rerunExecution starts the same trigger again with the same message; resolves with the new id. */
export const rerunExecution = (id: string): Promise<string> => call(() => ExecutionsAPI.Rerun(id))

/** executionDiff is a worktree run's changes against its base commit: summary and unified diff. */
export const executionDiff = (id: string): Promise<ExecutionDiff> =>
  call(() => ExecutionsAPI.GetDiff(id)).then((d) => ({ ...d, stat: { ...d.stat, files: list(d.stat?.files) } }))

/**
 * removeWorktree removes a finished run's worktree; uncommitted changes are saved first (a commit
 * on its branch, else a patch) and the run that comes back says where in savedNote.
 */
export const removeWorktree = (id: string): Promise<Execution> => call(() => ExecutionsAPI.RemoveWorktree(id))

export const getDashboard = (): Promise<Dashboard> =>
  call(() => ExecutionsAPI.Dashboard()).then((d) => ({
    ...d,
    running: list(d.running),
    queued: list(d.queued),
    recentFailures: list(d.recentFailures),
  }))

/** statusOf reads an `execution:status` payload: the Execution summary itself, or null when malformed. */
export function statusOf(payload: unknown): Execution | null {
  if (!payload || typeof payload !== 'object') return null
  const e = payload as Execution
  return typeof e.id === 'string' && e.id ? e : null
}

/** onExecutionStatus calls `handler` whenever any run changes state. */
export function onExecutionStatus(handler: (e: Execution) => void): Unsubscribe {
  return on(Events.ExecutionStatus, (payload) => {
    const e = statusOf(payload)
    if (e) handler(e)
  })
}

/** subscribeLog delivers the live line batches of one run, in the order Wails emits them. */
export function subscribeLog(id: string, onBatch: (batch: LogBatch) => void): Unsubscribe {
  return on<LogBatch>(executionLog(id), (batch) => {
    if (batch && Array.isArray(batch.lines)) onBatch(batch)
  })
}

/** onBusMissed tells when the UI fell behind the event bus and must re-page from the store. */
export function onBusMissed(handler: (missed: number) => void): Unsubscribe {
  return on<{ missed?: number }>(Events.BusMissed, (p) => handler(p?.missed ?? 0))
}

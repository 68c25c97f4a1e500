import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import {
  cancelExecution,
  getDashboard,
  getExecution,
  onBusMissed,
  onExecutionStatus,
  rerunExecution,
  toError,
  type Dashboard,
  type Execution,
} from '@/bridge'
import { isActive } from '@/constants/executions'
import { debounce } from '@/utils/debounce'

/** HistoryFilter is the Executions screen's filter; kept here so it survives navigation. */
export interface HistoryFilter {
  triggerId: string
  projectId: string
  status: string
  backend: string
  /** local date range as [from, to] epoch ms (inclusive days), or null */
  range: [number, number] | null
  query: string
}

export const emptyHistoryFilter = (): HistoryFilter => ({
  triggerId: '',
  projectId: '',
  status: '',
  backend: '',
  range: null,
  query: '',
})

/**
 * toListQuery turns the screen's filter into Go's: the picked days become [start of the first,
 * start of the day after the last) in local time, sent as UTC RFC 3339.
 */
export function toListQuery(f: HistoryFilter) {
  let from = ''
  let to = ''
  if (f.range) {
    const start = new Date(f.range[0])
    start.setHours(0, 0, 0, 0)
    const end = new Date(f.range[1])
    end.setHours(0, 0, 0, 0)
    end.setDate(end.getDate() + 1) // setDate, not +24h: a DST day is 23 or 25 hours long
    from = start.toISOString()
    to = end.toISOString()
  }
  return { triggerId: f.triggerId, projectId: f.projectId, status: f.status, backend: f.backend, from, to, query: f.query.trim() }
}

/** isFiltered says whether any filter is set (the empty state differs). */
export const isFiltered = (f: HistoryFilter) => !!(f.triggerId || f.projectId || f.status || f.backend || f.range || f.query.trim())

/**
 * mergeStatus takes a status event into a run loaded whole. Events carry summaries (the first KiB
 * of prompt and message, flagged truncated) so they stay small whatever the prompt; the text
 * already loaded by the detail call must not be replaced by its first KiB.
 */
export function mergeStatus(known: Execution, e: Execution): Execution {
  const next = { ...known, ...e }
  if (e.promptTruncated && !known.promptTruncated) {
    next.prompt = known.prompt
    next.promptTruncated = false
  }
  if (e.messageTruncated && !known.messageTruncated) {
    next.message = known.message
    next.messageTruncated = false
  }
  // An event read back from the runs table alone carries no git record; the one loaded stays.
  if (!e.isolation && known.isolation) {
    for (const k of gitKeys) (next as Record<string, unknown>)[k] = known[k]
  }
  return next
}

const gitKeys = [
  'isolation',
  'repoDir',
  'worktreePath',
  'branch',
  'baseCommit',
  'gitBefore',
  'gitAfter',
  'diffStat',
  'worktreeRemovedAt',
  'savedCommit',
  'savedPatch',
  'savedNote',
] as const satisfies readonly (keyof Execution)[]

/**
 * useExecutionsStore holds the runs being looked at (by id) and the dashboard, and keeps both
 * live from `execution:status`. Lists of runs (history, a trigger's runs) use useExecutionList.
 */
export const useExecutionsStore = defineStore('executions', () => {
  const byId = ref<Record<string, Execution>>({})
  const dashboard = ref<Dashboard | null>(null)
  const dashboardError = ref('')
  const dashboardLoading = ref(false)
  const historyFilter = ref<HistoryFilter>(emptyHistoryFilter())
  const historyPage = ref(1)

  /** fetch loads one run into byId and returns it; Go errors are thrown. */
  async function fetch(id: string): Promise<Execution> {
    const e = await getExecution(id)
    byId.value = { ...byId.value, [id]: e }
    return e
  }

  async function loadDashboard() {
    dashboardLoading.value = true
    try {
      dashboard.value = await getDashboard()
      dashboardError.value = ''
    } catch (e) {
      dashboardError.value = toError(e).message
    } finally {
      dashboardLoading.value = false
    }
  }

  // Totals and the failure list are computed by Go; after a run finishes, ask again (once per
  // burst of finishing runs).
  const refreshDashboard = debounce(() => void loadDashboard(), 800)
  onScopeDispose(refreshDashboard.cancel)

  function applyToDashboard(e: Execution) {
    const d = dashboard.value
    if (!d) return
    const wasListed = [...d.running, ...d.queued].some((x) => x.id === e.id)
    const running = d.running.filter((x) => x.id !== e.id)
    const queued = d.queued.filter((x) => x.id !== e.id)
    if (e.status === 'running') running.unshift(e)
    if (e.status === 'queued') queued.push(e)
    dashboard.value = { ...d, running, queued }
    if (!isActive(e.status) && wasListed) refreshDashboard()
    if (isActive(e.status) && !wasListed) refreshDashboard()
  }

  // Status events carry no attempts (Go fills them on a detail call only), so a run being looked
  // at asks for them again after each event: the attempts table follows the router (a
  // rate-limited attempt ends, the next account's starts). Only the newest answer per run counts.
  const attemptAsks: Record<string, number> = {}
  async function refreshAttempts(id: string) {
    const mine = (attemptAsks[id] = (attemptAsks[id] ?? 0) + 1)
    try {
      const { attempts } = await getExecution(id)
      const known = byId.value[id]
      if (known && attemptAsks[id] === mine) byId.value = { ...byId.value, [id]: { ...known, attempts } }
    } catch {
      // The next event, or opening the run again, asks again.
    }
  }

  /** apply takes a status change from Go. */
  function apply(e: Execution) {
    const known = byId.value[e.id]
    if (known) {
      byId.value = { ...byId.value, [e.id]: mergeStatus(known, e) }
      void refreshAttempts(e.id)
    }
    applyToDashboard(e)
  }

  onScopeDispose(onExecutionStatus(apply))
  // Missed events: everything shown may be stale, so ask Go again.
  onScopeDispose(
    onBusMissed(() => {
      if (dashboard.value) void loadDashboard()
      for (const id of Object.keys(byId.value)) void fetch(id).catch(() => undefined)
    }),
  )

  /** cancel asks Go to stop a queued or running run; the new status arrives as an event. */
  async function cancel(id: string) {
    await cancelExecution(id)
  }

  /** rerun starts the run's trigger again and returns the new execution id. */
  function rerun(id: string): Promise<string> {
    return rerunExecution(id)
  }

  /** forget drops a run the UI no longer shows, so byId does not grow without bound. */
  function forget(id: string) {
    if (!byId.value[id]) return
    const rest = { ...byId.value }
    delete rest[id]
    byId.value = rest
  }

  return {
    byId,
    dashboard,
    dashboardError,
    dashboardLoading,
    historyFilter,
    historyPage,
    fetch,
    loadDashboard,
    apply,
    cancel,
    rerun,
    forget,
  }
})

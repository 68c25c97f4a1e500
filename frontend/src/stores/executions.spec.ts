import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { dashboardFixture, executionFixture, usageFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { emptyHistoryFilter, isFiltered, toListQuery, useExecutionsStore } from './executions'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => {
  bridge.resetBridgeMock()
  setActivePinia(createPinia())
})

describe('executions store', () => {
  it('fetches a run and keeps it live from execution:status', async () => {
    const store = useExecutionsStore()
    await store.fetch('exec-1')
    expect(store.byId['exec-1'].status).toBe('running')
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-1', status: 'success', exitCode: 0 }))
    expect(store.byId['exec-1']).toMatchObject({ status: 'success', exitCode: 0 })
    // Runs nobody looks at are not collected.
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-other' }))
    expect(store.byId['exec-other']).toBeUndefined()
    store.forget('exec-1')
    expect(store.byId).toEqual({})
  })

  it('asks Go for the attempts again after a status event, which carries none', async () => {
    const attempt = (n: number, status: string, failureKind = '') => ({
      attempt: n, entry: n - 1, backend: 'claude', accountId: `acct-${n}`, accountName: `Account ${n}`, model: '', billing: 'subscription',
      status, failureKind, reason: '', resetAt: '', sessionId: '', changedFiles: false, resumed: false, startedAt: '', finishedAt: '',
      usage: usageFixture(),
    })
    bridge.getExecution.mockResolvedValueOnce(executionFixture({ id: 'exec-1', attempts: [attempt(1, 'running')] }))
    const store = useExecutionsStore()
    await store.fetch('exec-1')
    bridge.getExecution.mockResolvedValueOnce(
      executionFixture({ id: 'exec-1', status: 'running', attempts: [attempt(1, 'failed', 'rate_limited'), attempt(2, 'success')] }),
    )
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-1', status: 'success', exitCode: 0 }))
    await flushPromises()
    expect(bridge.getExecution).toHaveBeenLastCalledWith('exec-1')
    // The attempts are Go's; the status stays the event's (newer than any detail answer).
    expect(store.byId['exec-1'].status).toBe('success')
    expect(store.byId['exec-1'].attempts?.map((a) => `${a.attempt} ${a.status} ${a.failureKind}`)).toEqual([
      '1 failed rate_limited',
      '2 success ',
    ])
  })

  it('keeps the whole prompt of a loaded run when a status event carries only its first KiB', async () => {
    const whole = 'p'.repeat(5000)
    bridge.getExecution.mockResolvedValue(executionFixture({ prompt: whole, promptBytes: 5000, message: whole, messageBytes: 5000 }))
    const store = useExecutionsStore()
    await store.fetch('exec-1')
    const summary = { prompt: 'p'.repeat(1024), promptBytes: 5000, promptTruncated: true }
    bridge.emit(Events.ExecutionStatus, executionFixture({ ...summary, message: 'p'.repeat(1024), messageBytes: 5000, messageTruncated: true, status: 'success' }))
    expect(store.byId['exec-1']).toMatchObject({ status: 'success', prompt: whole, promptTruncated: false, message: whole, messageTruncated: false })
  })

  it('moves runs between running and queued on the dashboard and refreshes totals when one ends', async () => {
    vi.useFakeTimers()
    try {
      bridge.getDashboard.mockResolvedValue(dashboardFixture({ queued: [executionFixture({ id: 'exec-q', status: 'queued' })] }))
      const store = useExecutionsStore()
      await store.loadDashboard()
      bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-q', status: 'running' }))
      expect(store.dashboard?.queued).toHaveLength(0)
      expect(store.dashboard?.running.map((e) => e.id)).toEqual(['exec-q'])

      bridge.getDashboard.mockResolvedValue(dashboardFixture({ todayTotal: 1, todayFailed: 1 }))
      bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-q', status: 'failed' }))
      expect(store.dashboard?.running).toHaveLength(0)
      await vi.advanceTimersByTimeAsync(1000)
      expect(bridge.getDashboard).toHaveBeenCalledTimes(2)
      expect(store.dashboard?.todayFailed).toBe(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('reloads what it shows after the bus dropped events', async () => {
    const store = useExecutionsStore()
    await store.loadDashboard()
    await store.fetch('exec-1')
    bridge.emit(Events.BusMissed, { missed: 40 })
    expect(bridge.getDashboard).toHaveBeenCalledTimes(2)
    expect(bridge.getExecution).toHaveBeenCalledTimes(2)
  })

  it('keeps a dashboard error for display', async () => {
    bridge.getDashboard.mockRejectedValue(new Error('not connected'))
    const store = useExecutionsStore()
    await store.loadDashboard()
    expect(store.dashboardError).toBe('not connected')
  })

  it('cancels and re-runs through Go', async () => {
    const store = useExecutionsStore()
    await store.cancel('exec-1')
    expect(bridge.cancelExecution).toHaveBeenCalledWith('exec-1')
    await expect(store.rerun('exec-1')).resolves.toBe('exec-rerun1')
  })
})

describe('history filter', () => {
  it('turns picked days into a local-midnight, end-exclusive UTC range', () => {
    const from = new Date(2025, 2, 1, 15, 30).getTime()
    const to = new Date(2025, 2, 3).getTime()
    const q = toListQuery({ ...emptyHistoryFilter(), range: [from, to], query: '  panic ', status: 'failed' })
    expect(q.from).toBe(new Date(2025, 2, 1).toISOString())
    expect(q.to).toBe(new Date(2025, 2, 4).toISOString())
    expect(q).toMatchObject({ query: 'panic', status: 'failed', triggerId: '', projectId: '', backend: '' })
    expect(toListQuery({ ...emptyHistoryFilter(), projectId: 'proj-1' })).toMatchObject({ projectId: 'proj-1', triggerId: '' })
    expect(toListQuery(emptyHistoryFilter())).toMatchObject({ from: '', to: '' })
  })

  it('knows when anything is filtered', () => {
    expect(isFiltered(emptyHistoryFilter())).toBe(false)
    expect(isFiltered({ ...emptyHistoryFilter(), query: ' ' })).toBe(false)
    expect(isFiltered({ ...emptyHistoryFilter(), backend: 'codex' })).toBe(true)
    expect(isFiltered({ ...emptyHistoryFilter(), projectId: 'proj-1' })).toBe(true)
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { dashboardFixture, executionFixture, keyringFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { BackendUnavailableError } from '@/bridge/call'
import { mountWithApp } from '@/test/mount'
import DashboardView from './index.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

describe('DashboardView', () => {
  it('shows the data dir, the CLI count, keyring state and empty activity', async () => {
    bridge.getKeyringStatus.mockResolvedValue(keyringFixture({ available: false, reason: 'none' }))
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    expect(wrapper.get('[data-testid="dashboard-data-dir"]').text()).toBe('/home/test/.config/Agented')
    expect(wrapper.get('[data-testid="dashboard-clis"]').text()).toContain('3 of 4 found')
    expect(wrapper.get('[data-testid="dashboard-clis"]').attributes('href')).toBe('/settings')
    expect(wrapper.get('[data-testid="dashboard-keyring"]').text()).toContain('Unavailable')
    expect(wrapper.get('[data-testid="dashboard-running"]').text()).toContain('Nothing is running')
    expect(wrapper.get('[data-testid="dashboard-failures"]').text()).toContain('No recent failures')
    expect(wrapper.get('[data-testid="dashboard-today"]').text()).toContain('$0.00')
    wrapper.unmount()
  })

  it('shows running, queued and failed runs with today’s totals', async () => {
    bridge.getDashboard.mockResolvedValue(
      dashboardFixture({
        running: [executionFixture({ id: 'exec-r', triggerName: 'PR Review' })],
        queued: [executionFixture({ id: 'exec-q', status: 'queued', startedAt: '' })],
        recentFailures: [
          executionFixture({ id: 'exec-f', status: 'failed', failureKind: 'auth', failureEvidence: 'Invalid API key', finishedAt: '2025-01-01T10:01:00Z' }),
        ],
        todayTotal: 12,
        todaySuccess: 9,
        todayFailed: 3,
        todayCostUsd: 1.25,
      }),
    )
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    const running = wrapper.get('[data-testid="dashboard-running"]')
    expect(running.text()).toContain('1 running · 1 queued')
    expect(wrapper.get('[data-testid="dashboard-run-exec-r"]').attributes('href')).toBe('/executions/exec-r')
    expect(wrapper.get('[data-testid="dashboard-run-exec-r"]').text()).toContain('PR Review')
    const failure = wrapper.get('[data-testid="dashboard-failures"]')
    expect(failure.text()).toContain('Not logged in')
    expect(failure.text()).toContain('Invalid API key')
    const today = wrapper.get('[data-testid="dashboard-today"]').text()
    expect(today).toContain('12')
    expect(today).toContain('$1.25')
    wrapper.unmount()
  })

  it('moves a run between the live lists as its status changes', async () => {
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-live', status: 'running', triggerName: 'Live one' }))
    await flushPromises()
    expect(wrapper.find('[data-testid="dashboard-run-exec-live"]').exists()).toBe(true)
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-live', status: 'success' }))
    await flushPromises()
    expect(wrapper.find('[data-testid="dashboard-run-exec-live"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('lists each scheduled trigger once, at its next firing', async () => {
    const fire = (triggerId: string, fireAt: string) => ({ triggerId, triggerName: `Name ${triggerId}`, fireAt, sentence: `Sentence ${triggerId}` })
    bridge.upcomingRuns.mockResolvedValue([
      fire('trig-a', '2030-01-01T09:00:00Z'),
      fire('trig-a', '2030-01-01T09:01:00Z'),
      fire('trig-b', '2030-01-01T09:02:00Z'),
      fire('trig-a', '2030-01-01T09:03:00Z'),
    ])
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    const rows = wrapper.findAll('[data-testid^="dashboard-upcoming-"]')
    expect(rows.map((r) => r.attributes('data-testid'))).toEqual(['dashboard-upcoming-trig-a', 'dashboard-upcoming-trig-b'])
    expect(rows[0].text()).toContain('Sentence trig-a')
    expect(rows[0].get('span').attributes('title')).toBeTruthy()
    wrapper.unmount()
  })

  it('explains a missing backend instead of rendering nothing', async () => {
    const down = () => Promise.reject(new BackendUnavailableError())
    bridge.getSettings.mockImplementation(down)
    bridge.listAgentCLIs.mockImplementation(down)
    bridge.getKeyringStatus.mockImplementation(down)
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    expect(wrapper.get('[data-testid="dashboard-error"]').text()).toContain('backend is not connected')
    expect(wrapper.get('[data-testid="dashboard-clis"]').text()).toContain('Unknown')
    wrapper.unmount()
  })
})

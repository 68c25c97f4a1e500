import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { budgetStatusFixture, executionFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { mountWithApp } from '@/test/mount'
import DashboardView from './index.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

const soft = budgetStatusFixture({ spentUsd: 6.5, softReached: true })
const afterDebounce = () => new Promise((r) => setTimeout(r, 400))

describe('Dashboard budget warnings', () => {
  it('says nothing while every budget is under its limits', async () => {
    bridge.listBudgets.mockResolvedValue([budgetStatusFixture()])
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    expect(bridge.listBudgets).toHaveBeenCalled()
    expect(wrapper.find('[data-testid="dashboard-budgets"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('names a budget past its soft limit with what was spent, both limits and the period', async () => {
    bridge.listBudgets.mockResolvedValue([budgetStatusFixture({ id: 'bdg-other' }), soft])
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    expect(wrapper.find('[data-testid="dashboard-budget-bdg-other"]').exists()).toBe(false)
    const alert = wrapper.get('[data-testid="dashboard-budget-bdg-team"]')
    expect(alert.attributes('data-level')).toBe('soft')
    const text = alert.text()
    expect(text).toContain('Budget warning: global daily budget "team" ($10.00)')
    expect(text).toContain('$6.50 spent today')
    expect(text).toContain('soft limit $5.00, hard limit $10.00')
    expect(text).toContain('Runs go on until the hard limit.')
    expect(alert.get('a').attributes('href')).toBe('/usage')
    wrapper.unmount()
  })

  it('shows a used-up hard limit as an error, and a soft-only budget as having no hard limit', async () => {
    bridge.listBudgets.mockResolvedValue([
      budgetStatusFixture({ id: 'bdg-hard', period: 'month', spentUsd: 12, softReached: true, hardReached: true }),
      budgetStatusFixture({ id: 'bdg-soft', period: 'week', hardUsd: 0, softUsd: 1, spentUsd: 2, softReached: true }),
    ])
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    const hard = wrapper.get('[data-testid="dashboard-budget-bdg-hard"]')
    expect(hard.attributes('data-level')).toBe('hard')
    expect(hard.text()).toContain('Budget used up:')
    expect(hard.text()).toContain('$12.00 spent this month')
    expect(hard.text()).toContain('New runs under it are refused')
    const weekly = wrapper.get('[data-testid="dashboard-budget-bdg-soft"]').text()
    expect(weekly).toContain('$2.00 spent this week')
    expect(weekly).toContain('soft limit $1.00, no hard limit')
    wrapper.unmount()
  })

  it('appears live when a finished run crosses the soft limit', async () => {
    bridge.listBudgets.mockResolvedValue([budgetStatusFixture()])
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    const calls = bridge.listBudgets.mock.calls.length
    bridge.listBudgets.mockResolvedValue([soft])

    // A run that starts spends nothing yet: no refetch.
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-1', status: 'running', finishedAt: '' }))
    await afterDebounce()
    await flushPromises()
    expect(bridge.listBudgets.mock.calls.length).toBe(calls)
    expect(wrapper.find('[data-testid="dashboard-budgets"]').exists()).toBe(false)

    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-1', status: 'success', finishedAt: '2025-01-01T10:01:00Z' }))
    await afterDebounce()
    await flushPromises()
    expect(bridge.listBudgets.mock.calls.length).toBe(calls + 1)
    expect(wrapper.get('[data-testid="dashboard-budget-bdg-team"]').text()).toContain('$6.50 spent today')
    wrapper.unmount()
  })

  it('shows no warning, and no error, when budgets cannot be read', async () => {
    bridge.listBudgets.mockRejectedValue(new Error('no database'))
    const { wrapper } = await mountWithApp(DashboardView)
    await flushPromises()
    expect(wrapper.find('[data-testid="dashboard-budgets"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="dashboard-error"]').exists()).toBe(false)
    wrapper.unmount()
  })
})

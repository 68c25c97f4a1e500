import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { keyringFixture } from '@/test/fixtures'
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
    expect(wrapper.get('[data-testid="dashboard-running"]').text()).toContain('Nothing has run yet')
    expect(wrapper.get('[data-testid="dashboard-failures"]').text()).toContain('Nothing has run yet')
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

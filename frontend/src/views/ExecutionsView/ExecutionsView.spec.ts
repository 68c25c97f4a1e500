import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { executionFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

describe('ExecutionsView', () => {
  it('says nothing has run yet', async () => {
    const { wrapper } = await mountWithApp(RouterView, '/executions')
    await flushPromises()
    expect(wrapper.text()).toContain('Nothing has run yet')
    wrapper.unmount()
  })

  it('pages runs, opens one, and keeps statuses live', async () => {
    bridge.listExecutions.mockResolvedValue({
      executions: [executionFixture({ id: 'exec-1' }), executionFixture({ id: 'exec-2', status: 'success' })],
      total: 60,
    })
    const { wrapper, router } = await mountWithApp(RouterView, '/executions')
    await flushPromises()
    expect(bridge.listExecutions).toHaveBeenCalledWith(expect.objectContaining({ limit: 25, offset: 0, query: '' }))
    expect(byId(wrapper, 'history-total').text()).toBe('60 runs')
    expect(byId(wrapper, 'history-row-exec-1').text()).toContain('Running')

    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-1', status: 'timeout', failureKind: 'timeout' }))
    await flushPromises()
    expect(byId(wrapper, 'history-row-exec-1').text()).toContain('Timed out')

    await byId(wrapper, 'history-row-exec-2').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/executions/exec-2')
    wrapper.unmount()
  })

  it('searches the output after typing pauses', async () => {
    vi.useFakeTimers()
    try {
      const { wrapper } = await mountWithApp(RouterView, '/executions')
      await vi.advanceTimersByTimeAsync(10)
      await byId(wrapper, 'history-search').setValue('rate limit')
      await vi.advanceTimersByTimeAsync(450)
      expect(bridge.listExecutions).toHaveBeenLastCalledWith(expect.objectContaining({ query: 'rate limit', offset: 0 }))
      expect(wrapper.text()).toContain('No run matches these filters')
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { NSelect } from 'naive-ui'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { executionFixture, projectFixture } from '@/test/fixtures'
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

  it('filters runs by project', async () => {
    bridge.listProjects.mockResolvedValue([
      projectFixture({ id: 'proj-web', name: 'Web' }),
      projectFixture({ id: 'proj-api', name: 'API' }),
    ])
    const { wrapper } = await mountWithApp(RouterView, '/executions')
    await flushPromises()
    const select = wrapper.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'history-project-filter')!
    expect(select.props('options')).toEqual([
      { value: 'proj-web', label: 'Web' },
      { value: 'proj-api', label: 'API' },
    ])

    select.vm.$emit('update:value', 'proj-api')
    await flushPromises()
    expect(bridge.listExecutions).toHaveBeenLastCalledWith(expect.objectContaining({ projectId: 'proj-api', triggerId: '', offset: 0 }))
    expect(wrapper.text()).toContain('No run matches these filters')

    // Clearing the select (its x) or "Clear filters" drops the project again.
    select.vm.$emit('update:value', null)
    await flushPromises()
    expect(bridge.listExecutions).toHaveBeenLastCalledWith(expect.objectContaining({ projectId: '' }))
    select.vm.$emit('update:value', 'proj-web')
    await flushPromises()
    await byId(wrapper, 'history-clear').trigger('click')
    await flushPromises()
    expect(bridge.listExecutions).toHaveBeenLastCalledWith(expect.objectContaining({ projectId: '' }))
    expect(wrapper.text()).toContain('Nothing has run yet')
    wrapper.unmount()
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { executionFixture, triggerFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

describe('TriggerDetailView', () => {
  it('summarises the trigger and lists its runs', async () => {
    bridge.getTrigger.mockResolvedValue(
      triggerFixture({ triggerSource: 'webhook', matchFieldPath: 'event.type', matchFieldValue: 'deploy', paths: [{ id: 1, path: '/srv/app', projectId: '', position: 0, missing: true }] }),
    )
    bridge.listExecutions.mockResolvedValue({ executions: [executionFixture({ id: 'exec-5', status: 'success' })], total: 1 })
    const { wrapper } = await mountWithApp(RouterView, '/triggers/trig-abc123')
    await flushPromises()
    const summary = byId(wrapper, 'trigger-summary').text()
    expect(summary).toContain('event.type = deploy')
    expect(summary).toContain('/srv/app')
    expect(summary).toContain('missing')
    expect(bridge.listExecutions).toHaveBeenCalledWith(expect.objectContaining({ triggerId: 'trig-abc123' }))
    expect(byId(wrapper, 'trigger-exec-row-exec-5').text()).toContain('Success')
    wrapper.unmount()
  })

  it('deletes after confirmation; predefined triggers cannot be deleted', async () => {
    const { wrapper, router } = await mountWithApp(RouterView, '/triggers/trig-abc123')
    await flushPromises()
    await byId(wrapper, 'trigger-delete').trigger('click')
    await flushPromises()
    const confirm = Array.from(document.querySelectorAll('.n-dialog button')).find((b) => b.textContent?.includes('Delete'))
    ;(confirm as HTMLButtonElement).click()
    await flushPromises()
    expect(bridge.deleteTrigger).toHaveBeenCalledWith('trig-abc123')
    expect(router.currentRoute.value.fullPath).toBe('/triggers')
    wrapper.unmount()

    bridge.getTrigger.mockResolvedValue(triggerFixture({ id: 'bot-security', isPredefined: true }))
    const again = await mountWithApp(RouterView, '/triggers/bot-security')
    await flushPromises()
    expect(again.wrapper.find('[data-testid="trigger-delete"]').exists()).toBe(false)
    again.wrapper.unmount()
  })
})

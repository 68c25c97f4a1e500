import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { summaryFixture, triggerFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

const rows = () => [
  summaryFixture({ id: 'bot-pr-review', name: 'PR Review', isPredefined: true, triggerSource: 'github', lastStatus: 'success', lastExecutionId: 'exec-7', lastStartedAt: '2025-01-01T10:00:00Z' }),
  summaryFixture({ id: 'trig-b', name: 'Nightly audit', triggerSource: 'scheduled', nextRunAt: '2099-01-01T09:00:00Z' }),
]

async function open() {
  const mounted = await mountWithApp(RouterView, '/triggers')
  await flushPromises()
  return mounted
}

describe('TriggersView', () => {
  it('explains what a trigger is when there is none', async () => {
    const { wrapper } = await open()
    expect(byId(wrapper, 'triggers-empty').text()).toContain('A trigger is a bot')
    expect(wrapper.find('[data-testid="trigger-new"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('lists triggers with source, last run and the predefined mark', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    const { wrapper } = await open()
    const pr = byId(wrapper, 'trigger-row-bot-pr-review').text()
    expect(pr).toContain('PR Review')
    expect(pr).toContain('Predefined')
    expect(pr).toContain('GitHub')
    expect(pr).toContain('Success')
    const audit = byId(wrapper, 'trigger-row-trig-b').text()
    expect(audit).toContain('Never run')
    expect(audit).toContain('in ')
    wrapper.unmount()
  })

  it('runs a trigger with a message and opens the new execution', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    const { wrapper, router } = await open()
    await byId(wrapper, 'trigger-run-trig-b').trigger('click')
    await flushPromises()
    const message = document.querySelector('[data-testid="run-message"]') as HTMLTextAreaElement
    message.value = 'focus on auth'
    message.dispatchEvent(new Event('input'))
    await flushPromises()
    ;(document.querySelector('[data-testid="run-confirm"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(bridge.runTrigger).toHaveBeenCalledWith('trig-b', 'focus on auth')
    expect(router.currentRoute.value.fullPath).toBe('/executions/exec-new1')
    wrapper.unmount()
  })

  it('runs with Ctrl+Enter in the message, not with Enter alone', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    // Two @keydown listeners reached NInput as an array and Vue warned on every render.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { wrapper, router } = await open()
    await byId(wrapper, 'trigger-run-trig-b').trigger('click')
    await flushPromises()
    const message = document.querySelector('[data-testid="run-message"]') as HTMLTextAreaElement
    message.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(bridge.runTrigger).not.toHaveBeenCalled()
    message.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }))
    await flushPromises()
    expect(bridge.runTrigger).toHaveBeenCalledWith('trig-b', '')
    expect(router.currentRoute.value.fullPath).toBe('/executions/exec-new1')
    expect(warn.mock.calls.flat().join('\n')).not.toContain('onKeydown')
    warn.mockRestore()
    wrapper.unmount()
  })

  it('toggles enabled without opening the trigger', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    bridge.setTriggerEnabled.mockImplementation(async (id, enabled) => triggerFixture({ id, name: 'Nightly audit', enabled }))
    const { wrapper, router } = await open()
    await byId(wrapper, 'trigger-enabled-trig-b').trigger('click')
    await flushPromises()
    expect(bridge.setTriggerEnabled).toHaveBeenCalledWith('trig-b', false)
    expect(router.currentRoute.value.fullPath).toBe('/triggers')
    wrapper.unmount()
  })

  it('filters at once and then asks Go', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    vi.useFakeTimers()
    try {
      const { wrapper } = await open()
      await byId(wrapper, 'trigger-search').setValue('nightly')
      expect(wrapper.find('[data-testid="trigger-row-bot-pr-review"]').exists()).toBe(false)
      expect(wrapper.find('[data-testid="trigger-row-trig-b"]').exists()).toBe(true)
      await vi.advanceTimersByTimeAsync(350)
      expect(bridge.listTriggers).toHaveBeenLastCalledWith('nightly')
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })
})

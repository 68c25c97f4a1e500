import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import * as bridge from '@/test/bridgeMock'
import { triggerFixture } from '@/test/fixtures'
import { mountWithApp } from '@/test/mount'
import type { Trigger } from '@/bridge'
import PausedNotice from './index.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

const reason = 'Paused after 5 failed runs in a row; the last one: claude exited with status 1.'

// The notice inside a clickable row, as the Triggers list shows it.
let current: { t: Trigger; compact: boolean; onResumed: (t: Trigger) => void; onRow: () => void }
const Host = defineComponent({
  setup: () => () =>
    h('div', { onClick: current.onRow }, [h(PausedNotice, { trigger: current.t, compact: current.compact, onResumed: current.onResumed })]),
})

function host(t: Trigger, compact: boolean, onResumed: (t: Trigger) => void = () => {}, onRow: () => void = () => {}) {
  current = { t, compact, onResumed, onRow }
  return Host
}

describe('PausedNotice', () => {
  it('shows nothing for a trigger that is not paused', async () => {
    const { wrapper } = await mountWithApp(host(triggerFixture(), false, () => {}))
    expect(wrapper.find('[data-testid="trigger-paused"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('says why and resumes with one click', async () => {
    const t = triggerFixture({ paused: true, pausedReason: reason, pausedAt: '2026-12-06T23:00:00.000Z' })
    const resumed = vi.fn()
    const { wrapper } = await mountWithApp(host(t, false, resumed))
    expect(wrapper.get('[data-testid="trigger-paused-reason"]').text()).toBe(reason)
    expect(wrapper.get('[data-testid="trigger-paused"]').text()).toContain('Run button still works')
    await wrapper.get('[data-testid="trigger-resume"]').trigger('click')
    await flushPromises()
    expect(bridge.resumeTrigger).toHaveBeenCalledWith(t.id)
    expect(resumed).toHaveBeenCalledWith(expect.objectContaining({ id: t.id, paused: false }))
    wrapper.unmount()
  })

  it('in a list row: badge, reason, and a Resume that does not open the row; a refusal is shown', async () => {
    const t = triggerFixture({ paused: true, pausedReason: reason })
    bridge.resumeTrigger.mockRejectedValue('trigger is not paused: ' + t.id)
    const rowClick = vi.fn()
    const { wrapper } = await mountWithApp(host(t, true, undefined, rowClick))
    const row = wrapper.get(`[data-testid="trigger-paused-${t.id}"]`)
    expect(row.text()).toContain('Paused')
    expect(row.text()).toContain(reason)
    await wrapper.get(`[data-testid="trigger-resume-${t.id}"]`).trigger('click')
    await flushPromises()
    expect(bridge.resumeTrigger).toHaveBeenCalledWith(t.id)
    expect(rowClick).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('Could not resume Nightly review: trigger is not paused')
    wrapper.unmount()
  })
})

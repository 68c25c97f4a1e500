import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h, reactive } from 'vue'
import * as bridge from '@/test/bridgeMock'
import { mountWithApp } from '@/test/mount'
import type { ScheduleSpec } from '@/bridge'
import SchedulePreview from './index.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => {
  bridge.resetBridgeMock()
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

const spec = reactive<ScheduleSpec>({
  scheduleType: 'weekly',
  scheduleTime: '09:00',
  scheduleDay: 0,
  scheduleTimezone: 'Europe/Berlin',
  scheduleCron: '',
  scheduleAt: '',
})
const errorsSeen: Record<string, string>[] = []
const Host = defineComponent({
  setup: () => () => h(SchedulePreview, { spec, onErrors: (e: Record<string, string>) => errorsSeen.push(e) }),
})

async function settle() {
  await vi.advanceTimersByTimeAsync(300)
  await flushPromises()
}

describe('SchedulePreview', () => {
  it('shows the sentence and the next five fire times, and asks again after an edit', async () => {
    const times = ['2026-12-07T09:00:00+01:00', '2026-12-14T09:00:00+01:00', '2026-12-21T09:00:00+01:00', '2026-12-28T09:00:00+01:00', '2027-01-04T09:00:00+01:00']
    bridge.previewSchedule.mockResolvedValue({ sentence: 'Every Monday at 09:00, Europe/Berlin', nextFireTimes: times, timezone: 'Europe/Berlin', errors: {} })
    const { wrapper } = await mountWithApp(Host)
    await settle()
    expect(bridge.previewSchedule).toHaveBeenCalledWith(expect.objectContaining({ scheduleType: 'weekly', scheduleTime: '09:00' }))
    expect(wrapper.get('[data-testid="schedule-sentence"]').text()).toBe('Every Monday at 09:00, Europe/Berlin')
    expect(wrapper.findAll('[data-testid="schedule-next-times"] li')).toHaveLength(5)
    expect(wrapper.get('[data-testid="schedule-next-times"] li').attributes('title')).toBe(times[0])

    spec.scheduleTime = '10:30'
    await settle()
    expect(bridge.previewSchedule).toHaveBeenLastCalledWith(expect.objectContaining({ scheduleTime: '10:30' }))
    wrapper.unmount()
  })

  it('hands field errors to the editor and shows them', async () => {
    bridge.previewSchedule.mockResolvedValue({
      sentence: '',
      nextFireTimes: [],
      timezone: '',
      errors: { scheduleCron: 'expected 5 fields, found 3' },
    })
    const { wrapper } = await mountWithApp(Host)
    await settle()
    expect(wrapper.get('[data-testid="schedule-preview-errors"]').text()).toBe('expected 5 fields, found 3')
    expect(errorsSeen.at(-1)).toEqual({ scheduleCron: 'expected 5 fields, found 3' })
    wrapper.unmount()
  })

  it('says when Go could not be asked', async () => {
    bridge.previewSchedule.mockRejectedValue('backend unavailable')
    const { wrapper } = await mountWithApp(Host)
    await settle()
    expect(wrapper.get('[data-testid="schedule-preview"]').text()).toContain('backend unavailable')
    wrapper.unmount()
  })
})

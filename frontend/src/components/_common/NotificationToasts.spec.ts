import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { mountWithApp } from '@/test/mount'
import { emit, listenerCount, resetBridgeMock } from '@/test/bridgeMock'
import { Events } from '@/constants/events'
import NotificationToasts from './NotificationToasts.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

describe('NotificationToasts', () => {
  beforeEach(() => resetBridgeMock())

  it('shows a backend notification as a toast linking to its run', async () => {
    const { wrapper } = await mountWithApp(NotificationToasts)
    emit(Events.NotificationShow, {
      level: 'error',
      title: 'Run output could not be stored',
      message: 'nightly: create log dir: read-only file system. Agented is stopping the run.',
      executionId: 'exec-1',
    })
    await flushPromises()
    const toast = document.body.querySelector('[data-testid="notification"]')
    expect(toast?.textContent).toContain('Run output could not be stored')
    expect(toast?.textContent).toContain('read-only file system')
    expect(toast?.querySelector('a')?.getAttribute('href')).toMatch(/\/executions\/exec-1$/)
    wrapper.unmount()
    expect(listenerCount(Events.NotificationShow)).toBe(0)
  })

  it('ignores payloads that are not notifications', async () => {
    const { wrapper } = await mountWithApp(NotificationToasts)
    const before = document.body.querySelectorAll('[data-testid="notification"]').length
    emit(Events.NotificationShow, { level: 'loud', title: 1 })
    emit(Events.NotificationShow, null)
    await flushPromises()
    expect(document.body.querySelectorAll('[data-testid="notification"]').length).toBe(before)
    wrapper.unmount()
  })
})

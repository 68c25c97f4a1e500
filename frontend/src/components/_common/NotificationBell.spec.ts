import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { mountWithApp } from '@/test/mount'
import { emit, listNotifications, markNotificationRead, markAllNotificationsRead, resetBridgeMock } from '@/test/bridgeMock'
import { Events } from '@/constants/events'
import NotificationBell from './NotificationBell.vue'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

const failed = {
  id: 'ntf-1',
  kind: 'run_failed',
  level: 'error',
  title: 'Run failed: nightly',
  message: 'Exit code 1',
  executionId: 'exec-9',
  createdAt: new Date().toISOString(),
  read: false,
}
const budget = { ...failed, id: 'ntf-2', kind: 'budget', level: 'warning', title: 'Budget at 80%', executionId: '', read: true }

async function openBell() {
  const m = await mountWithApp(NotificationBell)
  await flushPromises()
  ;(document.body.querySelector('[data-testid="notification-bell"]') as HTMLElement).click()
  await flushPromises()
  return m
}

describe('NotificationBell', () => {
  beforeEach(() => {
    resetBridgeMock()
    listNotifications.mockImplementation(async () => ({ notifications: [failed, budget], unread: 1 }))
  })

  it('shows the unread count and lists entries; a run entry opens the run and is marked read', async () => {
    const { wrapper, router } = await openBell()
    expect(document.body.querySelector('[data-testid="notification-unread"]')?.textContent).toContain('1')
    const entries = document.body.querySelectorAll<HTMLElement>('[data-testid="notification-entry"]')
    expect(entries).toHaveLength(2)
    expect(entries[0].textContent).toContain('Run failed: nightly')
    expect(entries[0].textContent).toContain('open the run')
    expect(entries[1].textContent).not.toContain('open the run')
    entries[0].click()
    await flushPromises()
    expect(markNotificationRead).toHaveBeenCalledWith('ntf-1')
    expect(router.currentRoute.value.fullPath).toBe('/executions/exec-9')
    wrapper.unmount()
  })

  it('refetches when the backend says the list changed, and marks all read', async () => {
    const { wrapper } = await openBell()
    listNotifications.mockImplementation(async () => ({ notifications: [{ ...failed, id: 'ntf-3', title: 'Run stalled' }, failed, budget], unread: 2 }))
    emit(Events.NotificationsChanged, { unread: 2 })
    await flushPromises()
    expect(document.body.querySelectorAll('[data-testid="notification-entry"]')).toHaveLength(3)
    const readAll = [...document.body.querySelectorAll<HTMLButtonElement>('[data-testid="notification-panel"] button')].find((b) =>
      b.textContent?.includes('Mark all read'),
    )
    readAll?.click()
    await flushPromises()
    expect(markAllNotificationsRead).toHaveBeenCalled()
    expect(document.body.querySelector('[data-testid="notification-unread"] sup')).toBeNull()
    wrapper.unmount()
  })

  it('says why the list is missing when the backend fails', async () => {
    listNotifications.mockImplementation(async () => {
      throw new Error('database is locked')
    })
    const { wrapper } = await openBell()
    expect(document.body.querySelector('[data-testid="notification-panel"]')?.textContent).toContain('database is locked')
    wrapper.unmount()
  })
})

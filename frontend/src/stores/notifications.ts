import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  onNotificationsChanged,
  toError,
  type NotificationEntry,
  type Unsubscribe,
} from '@/bridge'

/**
 * useNotificationsStore backs the bell in the title bar: the newest stored notifications and the
 * unread count. The backend announces every change (a new notification, one marked read), and the
 * store refetches then, so two windows or a REST client marking entries read stay in step.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<NotificationEntry[]>([])
  const unread = ref(0)
  const loadError = ref('')
  let off: Unsubscribe | undefined

  async function load() {
    try {
      const page = await listNotifications(false, 50)
      items.value = page.notifications
      unread.value = page.unread
      loadError.value = ''
    } catch (e) {
      loadError.value = toError(e).message
    }
  }

  /** follow loads once and refetches on every change until stop is called. */
  function follow() {
    if (off) return
    off = onNotificationsChanged((n) => {
      unread.value = n
      void load()
    })
    void load()
  }

  function stop() {
    off?.()
    off = undefined
  }

  async function markRead(id: string) {
    const item = items.value.find((n) => n.id === id)
    if (item?.read) return
    await markNotificationRead(id)
    if (item) item.read = true
    unread.value = Math.max(0, unread.value - 1)
  }

  async function markAllRead() {
    await markAllNotificationsRead()
    for (const n of items.value) n.read = true
    unread.value = 0
  }

  return { items, unread, loadError, load, follow, stop, markRead, markAllRead }
})

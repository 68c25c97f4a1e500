import * as NotificationsAPI from '@wails/go/bindings/NotificationsAPI'
import type { notify } from '@wails/go/models'
import { Events } from '@/constants/events'
import { call } from './call'
import { list, type Data } from './data'
import { on, type Unsubscribe } from './events'

/**
 * Notification is the payload of `notification:show`: something the user must see now, wherever
 * they are in the app. No bound method returns it, so Wails does not generate it; it mirrors
 * events.Notification in backend/events/notification.go.
 */
export interface Notification {
  /** What it is about (run_failed, guard_stop, budget, trigger_paused, retries_exhausted, storage). */
  kind?: string
  level: 'info' | 'warning' | 'error'
  title: string
  message: string
  /** The run it is about, when there is one. */
  executionId?: string
}

const levels = new Set(['info', 'warning', 'error'])

/** isNotification checks an event payload before it reaches the UI. */
export function isNotification(p: unknown): p is Notification {
  const n = p as Partial<Notification> | null
  return !!n && typeof n === 'object' && levels.has(n.level ?? '') && typeof n.title === 'string' && typeof n.message === 'string'
}

/** onNotification calls `handler` for every notification the backend raises. */
export function onNotification(handler: (n: Notification) => void): Unsubscribe {
  return on(Events.NotificationShow, (p) => {
    if (isNotification(p)) handler(p)
  })
}

export type NotificationEntry = Data<notify.Entry>
export type NotificationPage = Data<notify.Page>

/** listNotifications returns the newest notifications and the unread count. */
export const listNotifications = (unreadOnly = false, limit = 50): Promise<NotificationPage> =>
  call(() => NotificationsAPI.List({ unreadOnly, limit })).then((p) => ({ ...p, notifications: list(p.notifications) }))

export const markNotificationRead = (id: string): Promise<void> => call(() => NotificationsAPI.MarkRead(id))

export const markAllNotificationsRead = (): Promise<void> => call(() => NotificationsAPI.MarkAllRead())

/** notificationKinds lists the kinds in display order. */
export const notificationKinds = (): Promise<string[]> => call(() => NotificationsAPI.Kinds()).then(list)

/** osNotificationSwitches says per kind whether an OS notification is raised too. */
export const osNotificationSwitches = (): Promise<Record<string, boolean>> =>
  call(() => NotificationsAPI.OSSwitches()).then((m) => m ?? {})

export const setOSNotificationSwitches = (switches: Record<string, boolean>): Promise<Record<string, boolean>> =>
  call(() => NotificationsAPI.SetOSSwitches(switches)).then((m) => m ?? {})

/** onNotificationsChanged calls `handler` with the unread count whenever the stored list changes. */
export function onNotificationsChanged(handler: (unread: number) => void): Unsubscribe {
  return on<{ unread?: number }>(Events.NotificationsChanged, (p) => handler(p?.unread ?? 0))
}

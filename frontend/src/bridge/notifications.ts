import { Events } from '@/constants/events'
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

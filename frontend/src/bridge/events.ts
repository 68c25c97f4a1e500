import { EventsOn } from '@wails/runtime/runtime'
import type { EventName } from '@/constants/events'

/** Unsubscribe removes the listener it was returned for. Calling it twice is harmless. */
export type Unsubscribe = () => void

/**
 * on listens to a backend event and returns its unsubscribe function. Outside the Wails window
 * there is no event source, so it quietly returns a no-op: screens still render and show the
 * errors of their bridge calls instead.
 */
export function on<T = unknown>(name: EventName, handler: (payload: T) => void): Unsubscribe {
  if (typeof window === 'undefined' || !window.runtime) return () => {}
  let active = true
  const off = EventsOn(name, (...data: unknown[]) => {
    if (active) handler(data[0] as T)
  })
  return () => {
    if (!active) return
    active = false
    off()
  }
}

import { onScopeDispose, ref } from 'vue'

/** useNow is the current time, refreshed every `ms`, for "3 min ago" and running durations. */
export function useNow(ms = 1000) {
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), ms)
  onScopeDispose(() => clearInterval(timer))
  return now
}

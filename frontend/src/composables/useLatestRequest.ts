import { ref } from 'vue'
import { toError } from '@/bridge'

/**
 * useLatestRequest makes "latest request wins" explicit for a screen that asks Go again whenever
 * its input changes (a search box, a selected row, a template being typed). Answers can arrive
 * out of order, so only the answer to the request started last is applied: a slow early answer
 * never overwrites a later one, and its error or end never touches `error` or `loading`.
 *
 * `loading` is true while the latest request is pending. `error` holds the latest request's
 * failure as text and is cleared when a later request succeeds; a caller that wants it cleared
 * as soon as a new request starts sets it to '' itself.
 */
export function useLatestRequest() {
  const loading = ref(false)
  const error = ref('')
  let latest = 0

  /**
   * run starts request and, if no other run started before it settles, passes its answer to
   * apply. It resolves to true when the answer was applied, false when it failed or went stale;
   * it never rejects, since the failure is in `error`.
   */
  async function run<T>(request: () => Promise<T>, apply: (answer: T) => void): Promise<boolean> {
    const mine = ++latest
    loading.value = true
    try {
      const answer = await request()
      if (mine !== latest) return false
      apply(answer)
      error.value = ''
      return true
    } catch (e) {
      if (mine === latest) error.value = toError(e).message
      return false
    } finally {
      if (mine === latest) loading.value = false
    }
  }

  /** invalidate makes every pending answer stale (for example when the screen's subject is cleared). */
  function invalidate() {
    latest++
    loading.value = false
  }

  return { loading, error, run, invalidate }
}

import { onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { listExecutions, onExecutionStatus, toError, type Execution, type ExecutionFilter } from '@/bridge'
import { debounce } from '@/utils/debounce'

/** ListQuery is an ExecutionFilter without the paging fields, which useExecutionList owns. */
export type ListQuery = Omit<ExecutionFilter, 'limit' | 'offset'>

/** mayContain says whether a run could belong to a list with this filter (cheap fields only). */
export function mayContain(q: ListQuery, e: Execution): boolean {
  return (!q.triggerId || q.triggerId === e.triggerId) && (!q.backend || q.backend === e.backendType)
}

/**
 * useExecutionList pages runs matching `query` (`page` is 1-based) and keeps the page live: a run
 * on it that changes state is updated in place, and a new or re-filtered run triggers one
 * debounced reload while the first page is shown.
 */
export function useExecutionList(query: MaybeRefOrGetter<ListQuery>, page: MaybeRefOrGetter<number>, pageSize: number) {
  const items = ref<Execution[]>([])
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref('')
  let requestNo = 0

  async function reload() {
    const mine = ++requestNo
    const p = Math.max(1, toValue(page))
    loading.value = true
    try {
      const res = await listExecutions({ ...toValue(query), limit: pageSize, offset: (p - 1) * pageSize })
      if (mine !== requestNo) return
      items.value = res.executions ?? []
      total.value = res.total
      loaded.value = true
      error.value = ''
    } catch (e) {
      if (mine === requestNo) error.value = toError(e).message
    } finally {
      if (mine === requestNo) loading.value = false
    }
  }

  const reloadSoon = debounce(() => void reload(), 600)
  onScopeDispose(reloadSoon.cancel)

  watch(() => [JSON.stringify(toValue(query)), toValue(page)], () => void reload(), { immediate: true })

  onScopeDispose(
    onExecutionStatus((e) => {
      const i = items.value.findIndex((x) => x.id === e.id)
      const q = toValue(query)
      if (i >= 0) {
        items.value = items.value.map((x) => (x.id === e.id ? { ...x, ...e } : x))
        if (q.status && q.status !== e.status) reloadSoon() // it no longer matches
      } else if (toValue(page) <= 1 && mayContain(q, e)) {
        reloadSoon()
      }
    }),
  )

  return { items, total, loading, loaded, error, reload }
}

import { onScopeDispose, toValue, type MaybeRefOrGetter } from 'vue'
import { listExecutions, onExecutionStatus, type Execution, type ExecutionFilter } from '@/bridge'
import { usePagedList } from './usePagedList'
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
  const { items, total, loading, loaded, error, reload } = usePagedList(
    async (q: ListQuery, limit, offset) => {
      const res = await listExecutions({ ...q, limit, offset })
      return { items: res.executions ?? [], total: res.total }
    },
    query,
    page,
    pageSize,
  )

  const reloadSoon = debounce(() => void reload(), 600)
  onScopeDispose(reloadSoon.cancel)

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

import { ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { useLatestRequest } from './useLatestRequest'

/** A page of a list from Go: its rows and how many match in all. */
export interface PageOf<T> {
  items: T[]
  total: number
}

/**
 * usePagedList loads page `page` (1-based) of `query` with `fetch` whenever either changes. Only
 * the answer to the latest request is kept, so a slow early answer never overwrites a later one;
 * `error` holds the last failure and is cleared by the next success.
 */
export function usePagedList<T, Q>(
  fetch: (query: Q, limit: number, offset: number) => Promise<PageOf<T>>,
  query: MaybeRefOrGetter<Q>,
  page: MaybeRefOrGetter<number>,
  pageSize: number,
) {
  const items = ref([]) as Ref<T[]>
  const total = ref(0)
  const loaded = ref(false)
  const request = useLatestRequest()
  const { loading, error } = request

  async function reload() {
    const p = Math.max(1, toValue(page))
    const q = toValue(query)
    await request.run(
      () => fetch(q, pageSize, (p - 1) * pageSize),
      (res) => {
        items.value = res.items
        total.value = res.total
        loaded.value = true
      },
    )
  }

  watch(() => [JSON.stringify(toValue(query)), toValue(page)], () => void reload(), { immediate: true })
  return { items, total, loading, loaded, error, reload }
}

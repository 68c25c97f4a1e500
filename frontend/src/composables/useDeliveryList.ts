import { onScopeDispose, toValue, type MaybeRefOrGetter } from 'vue'
import { listDeliveries, onWebhookDelivery, type Delivery, type DeliveryFilter } from '@/bridge'
import { usePagedList } from './usePagedList'

/** DeliveryQuery is a DeliveryFilter without the paging fields, which useDeliveryList owns. */
export type DeliveryQuery = Omit<DeliveryFilter, 'limit' | 'offset'>

/** deliveryMatches says whether a delivery belongs to a list with this filter. */
export const deliveryMatches = (q: DeliveryQuery, d: Delivery) =>
  (!q.source || q.source === d.source) && (!q.outcome || q.outcome === d.outcome)

/**
 * useDeliveryList pages deliveries matching `query` (`page` is 1-based, newest first) and keeps
 * the list live: a delivery Go records (`webhook:delivery`) is put on top of the first page at
 * once; on later pages only the total grows, so rows do not shift under the reader.
 */
export function useDeliveryList(query: MaybeRefOrGetter<DeliveryQuery>, page: MaybeRefOrGetter<number>, pageSize: number) {
  const { items, total, loading, loaded, error, reload } = usePagedList(
    async (q: DeliveryQuery, limit, offset) => {
      const res = await listDeliveries({ ...q, limit, offset })
      return { items: res.deliveries, total: res.total }
    },
    query,
    page,
    pageSize,
  )

  /** upsert adds a new delivery (live event or a replay) where the list would show it. */
  function upsert(d: Delivery) {
    const i = items.value.findIndex((x) => x.id === d.id)
    if (i >= 0) {
      items.value = items.value.map((x) => (x.id === d.id ? { ...x, ...d } : x))
      return
    }
    if (!deliveryMatches(toValue(query), d)) return
    total.value += 1
    if (toValue(page) <= 1) items.value = [d, ...items.value].slice(0, pageSize)
  }

  onScopeDispose(onWebhookDelivery(upsert))

  return { items, total, loading, loaded, error, reload, upsert }
}

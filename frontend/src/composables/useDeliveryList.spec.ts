import { beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { flushPromises } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { deliveryFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { useDeliveryList, type DeliveryQuery } from './useDeliveryList'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

describe('useDeliveryList', () => {
  it('adds live deliveries that match, only on the first page, and unsubscribes', async () => {
    bridge.listDeliveries.mockResolvedValue({ deliveries: [deliveryFixture({ id: 'old', source: 'github' })], total: 30 })
    const query = ref<DeliveryQuery>({ source: 'github', outcome: '' })
    const page = ref(1)
    const scope = effectScope()
    const list = scope.run(() => useDeliveryList(query, page, 2))!
    await flushPromises()

    bridge.emit(Events.WebhookDelivery, deliveryFixture({ id: 'generic-one', source: 'generic' }))
    bridge.emit(Events.WebhookDelivery, deliveryFixture({ id: 'gh-new', source: 'github' }))
    bridge.emit(Events.WebhookDelivery, { nothing: true })
    expect(list.items.value.map((d) => d.id)).toEqual(['gh-new', 'old'])
    expect(list.total.value).toBe(31)

    page.value = 2
    await nextTick()
    await flushPromises()
    expect(bridge.listDeliveries).toHaveBeenLastCalledWith({ source: 'github', outcome: '', limit: 2, offset: 2 })
    bridge.emit(Events.WebhookDelivery, deliveryFixture({ id: 'gh-later', source: 'github' }))
    expect(list.items.value.map((d) => d.id)).toEqual(['old'])
    expect(list.total.value).toBe(31)

    scope.stop()
    expect(bridge.listenerCount(Events.WebhookDelivery)).toBe(0)
  })
})

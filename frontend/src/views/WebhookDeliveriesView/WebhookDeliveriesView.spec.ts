import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { deliveryFixture, stoppedListenerFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { mountWithApp } from '@/test/mount'
import { byId, inBody } from '@/test/dom'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

const github = deliveryFixture({
  id: 'dlv-gh',
  source: 'github',
  event: 'pull_request',
  action: 'opened',
  repo: 'acme/app',
  deliveryGuid: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
  signature: 'valid',
  outcome: 'dispatched',
  runs: [{ triggerId: 'bot-pr-review', executionId: 'exec-7' }],
})
const rejected = deliveryFixture({ id: 'dlv-bad', signature: 'invalid', outcome: 'rejected', statusCode: 401, runs: [] })

async function open(rows = [github, rejected], total = rows.length) {
  bridge.listDeliveries.mockResolvedValue({ deliveries: rows, total })
  const mounted = await mountWithApp(RouterView, '/webhook-deliveries')
  await flushPromises()
  return mounted
}

describe('WebhookDeliveriesView', () => {
  it('lists deliveries with signature, outcome and links to their runs', async () => {
    const { wrapper, router } = await open()
    expect(bridge.listDeliveries).toHaveBeenCalledWith({ source: '', outcome: '', limit: 25, offset: 0 })
    const row = byId(wrapper, 'delivery-row-dlv-gh').text()
    expect(row).toContain('GitHub')
    expect(row).toContain('pull_request · opened')
    expect(row).toContain('acme/app')
    expect(row).toContain('Valid')
    expect(row).toContain('Dispatched · 202')
    const bad = byId(wrapper, 'delivery-row-dlv-bad')
    expect(bad.get('[data-kind="signature"]').attributes('data-value')).toBe('invalid')
    expect(bad.text()).toContain('Rejected · 401')
    expect(byId(wrapper, 'delivery-total').text()).toBe('2 deliveries')

    await byId(wrapper, 'delivery-run-exec-7').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/executions/exec-7')
    wrapper.unmount()
  })

  it('refetches when a filter changes, from the first page', async () => {
    const { wrapper } = await open([github], 60)
    const pager = wrapper.findAll('.n-pagination-item').find((i) => i.text() === '2')
    await pager?.trigger('click')
    await flushPromises()
    expect(bridge.listDeliveries).toHaveBeenLastCalledWith({ source: '', outcome: '', limit: 25, offset: 25 })

    await byId(wrapper, 'delivery-outcome-filter').get('.n-base-selection').trigger('click')
    await flushPromises()
    inBody('delivery-outcome-option-rejected')?.click()
    await flushPromises()
    expect(bridge.listDeliveries).toHaveBeenLastCalledWith({ source: '', outcome: 'rejected', limit: 25, offset: 0 })
    wrapper.unmount()
  })

  it('puts a live delivery on top when it matches the filter', async () => {
    const { wrapper } = await open()
    bridge.emit(Events.WebhookDelivery, deliveryFixture({ id: 'dlv-new', outcome: 'no_match', runs: [] }))
    await flushPromises()
    const rows = wrapper.findAll('[data-testid^="delivery-row-"]').map((r) => r.attributes('data-testid'))
    expect(rows).toEqual(['delivery-row-dlv-new', 'delivery-row-dlv-gh', 'delivery-row-dlv-bad'])
    expect(byId(wrapper, 'delivery-total').text()).toBe('3 deliveries')
    wrapper.unmount()
  })

  it('shows a delivery’s redacted headers, pretty JSON and why triggers were skipped', async () => {
    bridge.getDelivery.mockResolvedValue({
      ...github,
      headers: { 'X-Hub-Signature-256': '[redacted]', 'X-GitHub-Event': 'pull_request' },
      payload: '{"action":"opened","number":1}',
      response: '{"message":"1 run queued"}',
      skipped: [{ triggerId: 'bot-security', reason: 'acme/app does not match acme/api', code: 'repo' }],
    })
    const { wrapper } = await open()
    await byId(wrapper, 'delivery-row-dlv-gh').trigger('click')
    await flushPromises()
    expect(bridge.getDelivery).toHaveBeenCalledWith('dlv-gh')
    const headers = inBody('delivery-headers')?.textContent ?? ''
    expect(headers).toContain('X-Hub-Signature-256')
    expect(headers).toContain('[redacted]')
    expect(inBody('delivery-payload')?.textContent).toBe('{\n  "action": "opened",\n  "number": 1\n}')
    expect(inBody('delivery-response')?.textContent).toContain('"message": "1 run queued"')
    expect(inBody('delivery-skipped')?.textContent).toContain('Repository filter')
    expect(inBody('delivery-runs')?.textContent).toContain('exec-7')
    wrapper.unmount()
  })

  it('shows a payload that is not JSON as received, and says when it was cut', async () => {
    bridge.getDelivery.mockResolvedValue({ ...rejected, payload: 'a=1&b=2', payloadTruncated: true })
    const { wrapper } = await open()
    await byId(wrapper, 'delivery-row-dlv-bad').trigger('click')
    await flushPromises()
    expect(inBody('delivery-payload')?.textContent).toBe('a=1&b=2')
    expect(inBody('delivery-truncated')).not.toBeNull()
    expect(inBody('delivery-replay')?.hasAttribute('disabled')).toBe(true)
    wrapper.unmount()
  })

  it('replays after confirmation and shows the new delivery with its runs', async () => {
    const replayed = deliveryFixture({
      id: 'dlv-replay1',
      replayOf: 'dlv-gh',
      signature: 'replay',
      runs: [{ triggerId: 'bot-pr-review', executionId: 'exec-8' }],
    })
    bridge.replayDelivery.mockResolvedValue(replayed)
    bridge.getDelivery.mockImplementation(async (id) => (id === replayed.id ? replayed : github))
    const { wrapper } = await open()
    await byId(wrapper, 'delivery-row-dlv-gh').trigger('click')
    await flushPromises()
    inBody('delivery-replay')?.click()
    await flushPromises()
    expect(bridge.replayDelivery).not.toHaveBeenCalled()
    const confirm = Array.from(document.querySelectorAll<HTMLButtonElement>('.n-dialog button')).find((b) => b.textContent?.includes('Replay'))
    confirm?.click()
    await flushPromises()
    expect(bridge.replayDelivery).toHaveBeenCalledWith('dlv-gh')
    expect(inBody('delivery-replay-of')?.textContent).toContain('dlv-gh')
    expect(inBody('delivery-run-exec-8')).not.toBeNull()
    expect(wrapper.find('[data-testid="delivery-row-dlv-replay1"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('shows why Go refused a replay', async () => {
    bridge.replayDelivery.mockRejectedValue('webhook delivery not replayable: its signature was missing when it arrived')
    const { wrapper } = await open()
    await byId(wrapper, 'delivery-row-dlv-bad').trigger('click')
    await flushPromises()
    inBody('delivery-replay')?.click()
    await flushPromises()
    Array.from(document.querySelectorAll<HTMLButtonElement>('.n-dialog button'))
      .find((b) => b.textContent?.includes('Replay'))
      ?.click()
    await flushPromises()
    expect(inBody('delivery-replay-error')?.textContent).toContain('its signature was missing')
    wrapper.unmount()
  })

  it('explains how to turn the listener on when nothing was received', async () => {
    bridge.getListenerStatus.mockResolvedValue(stoppedListenerFixture())
    const { wrapper, router } = await open([])
    expect(byId(wrapper, 'deliveries-empty-off').text()).toContain('The listener is off')
    await byId(wrapper, 'deliveries-empty-off').get('button').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/settings#settings-listener')
    wrapper.unmount()
  })
})

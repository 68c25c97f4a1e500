import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { mountWithApp } from '@/test/mount'
import { byId, inBody } from '@/test/dom'
import { navItems } from '@/router/routes'
import type { AuditEntry } from '@/bridge'
import { Events } from '@/constants/events'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

const update: AuditEntry = {
  id: 7,
  at: '2026-03-01T09:00:00.000Z',
  actor: 'ci',
  requestId: 'req-42',
  action: 'trigger.update',
  target: 'trig-1',
  diff: { name: { before: 'old', after: 'new' }, webhookSecret: { before: '[redacted]', after: '[redacted]' } },
}
const created: AuditEntry = { id: 6, at: '2026-03-01T08:00:00.000Z', actor: 'desktop', requestId: '', action: 'apikey.create', target: 'key-1', diff: {} }

async function open(entries = [update, created], total = entries.length) {
  bridge.listAudit.mockResolvedValue({ entries, total })
  bridge.auditActors.mockResolvedValue(['ci', 'desktop'])
  bridge.auditActions.mockResolvedValue(['apikey.create', 'trigger.update'])
  const mounted = await mountWithApp(RouterView, '/audit')
  await flushPromises()
  return mounted
}

describe('AuditView', () => {
  it('has a navigation entry', () => {
    expect(navItems.map((n) => n.path)).toContain('/audit')
  })

  it('lists entries with actor, action, target and request id, and opens a diff', async () => {
    const { wrapper } = await open()
    expect(bridge.listAudit).toHaveBeenCalledWith({ actor: '', action: '', limit: 50, offset: 0 })
    const row = byId(wrapper, 'audit-row-7')
    expect(row.text()).toContain('ci')
    expect(row.text()).toContain('trigger.update')
    expect(row.text()).toContain('trig-1')
    expect(row.text()).toContain('req-42')
    expect(byId(wrapper, 'audit-total').text()).toBe('2 entries')

    await row.trigger('click')
    const diff = byId(wrapper, 'audit-diff-7')
    expect(diff.get('[data-field="name"]').text()).toContain('old')
    expect(diff.get('[data-field="name"]').text()).toContain('new')
    expect(diff.get('[data-field="webhookSecret"]').text()).toContain('[redacted]')
    wrapper.unmount()
  })

  it('filters by actor and action, and pages from the first page again', async () => {
    const { wrapper } = await open([update], 120)
    const pager = wrapper.findAll('.n-pagination-item').find((i) => i.text() === '2')
    await pager?.trigger('click')
    await flushPromises()
    expect(bridge.listAudit).toHaveBeenLastCalledWith({ actor: '', action: '', limit: 50, offset: 50 })

    await byId(wrapper, 'audit-actor-filter').get('.n-base-selection').trigger('click')
    await flushPromises()
    inBody('audit-actor-option-ci')?.click()
    await flushPromises()
    expect(bridge.listAudit).toHaveBeenLastCalledWith({ actor: 'ci', action: '', limit: 50, offset: 0 })
    await byId(wrapper, 'audit-action-filter').get('.n-base-selection').trigger('click')
    await flushPromises()
    inBody('audit-action-option-trigger.')?.click()
    await flushPromises()
    expect(bridge.listAudit).toHaveBeenLastCalledWith({ actor: 'ci', action: 'trigger.', limit: 50, offset: 0 })
    await byId(wrapper, 'audit-clear-filters').trigger('click')
    await flushPromises()
    expect(bridge.listAudit).toHaveBeenLastCalledWith({ actor: '', action: '', limit: 50, offset: 0 })
    wrapper.unmount()
  })

  it('says when nothing matches, and shows load errors', async () => {
    const { wrapper } = await open([], 0)
    expect(byId(wrapper, 'audit-empty').text()).toContain('Nothing changed yet')
    bridge.listAudit.mockRejectedValue(new Error('database is locked'))
    await byId(wrapper, 'audit-refresh').trigger('click')
    await flushPromises()
    expect(byId(wrapper, 'audit-error').text()).toContain('database is locked')
    wrapper.unmount()
  })

  it('shows a new entry at the top of the first page, once, when it matches the filters', async () => {
    const { wrapper } = await open()
    expect(bridge.onAuditAdded).toHaveBeenCalledTimes(1)
    const live: AuditEntry = { ...update, id: 8, at: '2026-03-01T10:00:00.000Z', action: 'trigger.delete', requestId: 'req-43', diff: {} }
    bridge.emit(Events.AuditAdded, live)
    bridge.emit(Events.AuditAdded, live) // the same entry twice is shown once
    await flushPromises()
    const rows = wrapper.findAll('tr.row')
    expect(rows.map((r) => r.attributes('data-testid'))).toEqual(['audit-row-8', 'audit-row-7', 'audit-row-6'])
    expect(rows[0].text()).toContain('trigger.delete')
    expect(rows[0].classes()).toContain('fresh')
    expect(byId(wrapper, 'audit-total').text()).toBe('3 entries')
    expect(wrapper.find('[data-testid="audit-new-hint"]').exists()).toBe(false)
    expect(bridge.listAudit).toHaveBeenCalledTimes(1) // shown from the event, not refetched
    wrapper.unmount()
    expect(bridge.listenerCount(Events.AuditAdded)).toBe(0)
  })

  it('keeps the first page at its size', async () => {
    const full = Array.from({ length: 50 }, (_, i): AuditEntry => ({ ...created, id: 100 - i }))
    const { wrapper } = await open(full, 60)
    bridge.emit(Events.AuditAdded, { ...created, id: 101 })
    await flushPromises()
    const rows = wrapper.findAll('tr.row')
    expect(rows).toHaveLength(50)
    expect(rows[0].attributes('data-testid')).toBe('audit-row-101')
    expect(wrapper.find('[data-testid="audit-row-51"]').exists()).toBe(false)
    expect(byId(wrapper, 'audit-total').text()).toBe('61 entries')
    wrapper.unmount()
  })

  it('counts new entries while another page is shown, and Show goes to the first page', async () => {
    const { wrapper } = await open([update], 120)
    await wrapper.findAll('.n-pagination-item').find((i) => i.text() === '2')?.trigger('click')
    await flushPromises()
    bridge.emit(Events.AuditAdded, { ...update, id: 200 })
    bridge.emit(Events.AuditAdded, { ...update, id: 201 })
    await flushPromises()
    expect(byId(wrapper, 'audit-new-hint').text()).toContain('2 new entries')
    expect(wrapper.find('[data-testid="audit-row-200"]').exists()).toBe(false)

    bridge.listAudit.mockResolvedValue({ entries: [{ ...update, id: 201 }, { ...update, id: 200 }, update], total: 122 })
    await byId(wrapper, 'audit-new-show').trigger('click')
    await flushPromises()
    expect(bridge.listAudit).toHaveBeenLastCalledWith({ actor: '', action: '', limit: 50, offset: 0 })
    expect(wrapper.find('[data-testid="audit-new-hint"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="audit-row-201"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('counts new entries outside the filters without showing them', async () => {
    const { wrapper } = await open()
    await byId(wrapper, 'audit-action-filter').get('.n-base-selection').trigger('click')
    await flushPromises()
    bridge.listAudit.mockResolvedValue({ entries: [update], total: 1 })
    inBody('audit-action-option-trigger.')?.click()
    await flushPromises()
    expect(bridge.listAudit).toHaveBeenLastCalledWith({ actor: '', action: 'trigger.', limit: 50, offset: 0 })

    bridge.emit(Events.AuditAdded, { ...created, id: 9, action: 'apikey.revoke' })
    bridge.emit(Events.AuditAdded, { ...update, id: 10, action: 'trigger.create' })
    await flushPromises()
    expect(wrapper.find('[data-testid="audit-row-9"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="audit-row-10"]').exists()).toBe(true) // "trigger." matches trigger.create
    expect(byId(wrapper, 'audit-other-hint').text()).toContain('1 new entry outside these filters')

    // The new action is offered as a filter at once.
    await byId(wrapper, 'audit-action-filter').get('.n-base-selection').trigger('click')
    await flushPromises()
    expect(inBody('audit-action-option-apikey.revoke')).toBeTruthy()

    bridge.listAudit.mockResolvedValue({ entries: [], total: 0 })
    await byId(wrapper, 'audit-other-clear').trigger('click')
    await flushPromises()
    expect(bridge.listAudit).toHaveBeenLastCalledWith({ actor: '', action: '', limit: 50, offset: 0 })
    expect(wrapper.find('[data-testid="audit-other-hint"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('keeps an entry that arrives while the first page is loading', async () => {
    const { wrapper } = await open()
    let answer!: (p: { entries: AuditEntry[]; total: number }) => void
    bridge.listAudit.mockImplementation(() => new Promise((resolve) => (answer = resolve)))
    await byId(wrapper, 'audit-refresh').trigger('click')
    bridge.emit(Events.AuditAdded, { ...update, id: 11 })
    answer({ entries: [update, created], total: 2 }) // read before entry 11 was stored
    await flushPromises()
    expect(wrapper.findAll('tr.row').map((r) => r.attributes('data-testid'))).toEqual(['audit-row-11', 'audit-row-7', 'audit-row-6'])
    expect(byId(wrapper, 'audit-total').text()).toBe('3 entries')
    wrapper.unmount()
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { RouterView } from 'vue-router'
import * as bridge from '@/test/bridgeMock'
import { mountWithApp } from '@/test/mount'
import { byId, inBody } from '@/test/dom'
import { navItems } from '@/router/routes'
import type { AuditEntry } from '@/bridge'

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
})

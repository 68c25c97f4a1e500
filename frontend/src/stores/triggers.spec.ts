import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import * as bridge from '@/test/bridgeMock'
import { executionFixture, summaryFixture, triggerFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { matchesQuery, useTriggersStore } from './triggers'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

const rows = () => [
  summaryFixture({ id: 'trig-a', name: 'PR Review', isPredefined: true, triggerSource: 'github' }),
  summaryFixture({ id: 'trig-b', name: 'Nightly audit', description: 'security scan', backendType: 'codex' }),
]

beforeEach(() => {
  bridge.resetBridgeMock()
  setActivePinia(createPinia())
})

describe('triggers store', () => {
  it('loads the list and filters it client-side until Go answers the query', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    const store = useTriggersStore()
    await store.load()
    expect(bridge.listTriggers).toHaveBeenCalledWith('')
    expect(store.visible).toHaveLength(2)

    store.query = 'security'
    expect(store.visible.map((t) => t.id)).toEqual(['trig-b']) // instant, from the loaded list

    // Go also matches prompt text, so its answer wins once it arrives.
    bridge.listTriggers.mockResolvedValue([rows()[0]])
    await store.load()
    expect(bridge.listTriggers).toHaveBeenLastCalledWith('security')
    expect(store.visible.map((t) => t.id)).toEqual(['trig-a'])
  })

  it('ignores an answer that a newer search overtook', async () => {
    let first: (v: ReturnType<typeof rows>) => void = () => {}
    bridge.listTriggers.mockReturnValueOnce(new Promise((r) => (first = r))).mockResolvedValueOnce([rows()[1]])
    const store = useTriggersStore()
    const slow = store.load()
    store.query = 'audit'
    await store.load()
    first(rows())
    await slow
    expect(store.list.map((t) => t.id)).toEqual(['trig-b'])
  })

  it('keeps load errors for display', async () => {
    bridge.listTriggers.mockRejectedValue(new Error('database is locked'))
    const store = useTriggersStore()
    await store.load()
    expect(store.error).toBe('database is locked')
    expect(store.loading).toBe(false)
  })

  it('switches a trigger on and off and merges what Go stored', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    bridge.setTriggerEnabled.mockImplementation(async (id, enabled) => triggerFixture({ id, name: 'PR Review', enabled }))
    const store = useTriggersStore()
    await store.load()
    await store.setEnabled('trig-a', false)
    expect(bridge.setTriggerEnabled).toHaveBeenCalledWith('trig-a', false)
    expect(store.list[0].enabled).toBe(false)
    expect(store.list[0].isPredefined).toBe(false) // Go's answer is the truth
  })

  it('creates without an id and updates with one', async () => {
    const store = useTriggersStore()
    await store.save(triggerFixture({ id: '' }))
    expect(bridge.createTrigger).toHaveBeenCalledOnce()
    await store.save(triggerFixture({ id: 'trig-x' }))
    expect(bridge.updateTrigger).toHaveBeenCalledWith(expect.objectContaining({ id: 'trig-x' }))
  })

  it('fetches a loaded list again after creating, so the new trigger is in it', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    const store = useTriggersStore()
    await store.load()
    const created = summaryFixture({ id: 'trig-new', name: 'Deploy hook' })
    bridge.listTriggers.mockResolvedValue([...rows(), created])
    await store.save(triggerFixture({ id: '' }))
    await vi.waitFor(() => expect(store.list.map((t) => t.id)).toContain('trig-new'))
    expect(bridge.listTriggers).toHaveBeenCalledTimes(2)
  })

  it('runs and deletes', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    const store = useTriggersStore()
    await store.load()
    await expect(store.run('trig-a', 'hello')).resolves.toBe('exec-new1')
    expect(bridge.runTrigger).toHaveBeenCalledWith('trig-a', 'hello')
    await store.remove('trig-b')
    expect(store.list.map((t) => t.id)).toEqual(['trig-a'])
  })

  it('updates the last run of a row from execution:status', async () => {
    bridge.listTriggers.mockResolvedValue(rows())
    const store = useTriggersStore()
    await store.load()
    bridge.emit(Events.ExecutionStatus, executionFixture({ id: 'exec-9', triggerId: 'trig-b', status: 'failed' }))
    expect(store.list[1]).toMatchObject({ lastExecutionId: 'exec-9', lastStatus: 'failed' })
    // A payload that is not an execution changes nothing.
    bridge.emit(Events.ExecutionStatus, { execution: executionFixture({ id: 'exec-9', triggerId: 'trig-b', status: 'success' }) })
    expect(store.list[1].lastStatus).toBe('failed')
  })

  it('caches placeholders and falls back to the known backends', async () => {
    bridge.listBackends.mockRejectedValue(new Error('no'))
    const store = useTriggersStore()
    await store.loadPlaceholders()
    await store.loadPlaceholders()
    expect(bridge.listPlaceholders).toHaveBeenCalledOnce()
    expect(await store.loadBackends()).toEqual(['claude', 'codex', 'gemini', 'opencode'])
  })

  it('matches every word of a query', () => {
    const t = rows()[1]
    expect(matchesQuery(t, 'NIGHTLY codex')).toBe(true)
    expect(matchesQuery(t, 'nightly claude')).toBe(false)
    expect(matchesQuery(t, '  ')).toBe(true)
  })
})

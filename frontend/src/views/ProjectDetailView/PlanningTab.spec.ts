import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { h } from 'vue'
import type { PlanningBoard } from '@/bridge'
import { mountWithApp } from '@/test/mount'
import { projectFixture } from '@/test/fixtures'
import PlanningTab from './components/PlanningTab.vue'

// What the tab asks of the bridge: the command list (a setting in Go), the board, and a terminal.
const calls = vi.hoisted(() => ({
  planningCommands: vi.fn(),
  startTerminal: vi.fn(),
  present: true,
}))

vi.mock('@/bridge', async () => {
  const { toError } = await import('@/bridge/call')
  const board: PlanningBoard = {
    errors: [],
    milestones: [
      {
        version: 'v1',
        title: 'First',
        phases: [
          { number: '3', name: 'API', goal: '', status: 'pending', dependencies: '', successCriteria: [], verificationLevel: '', documents: [], plans: [] },
        ],
      },
    ],
  }
  return {
    toError,
    planningCommands: calls.planningCommands,
    startTerminal: calls.startTerminal,
    planningBoard: async () => board,
    planningState: async () => ({ present: calls.present, percent: -1, summary: '', position: [] }),
    planUsage: async () => [],
    watchPlanning: () => () => {},
  }
})

beforeEach(() => {
  calls.planningCommands.mockReset()
  calls.startTerminal.mockReset()
  calls.startTerminal.mockResolvedValue({ id: 'term1' })
  calls.present = true
})

async function mountTab(): Promise<VueWrapper> {
  const { wrapper } = await mountWithApp(() => h(PlanningTab, { project: projectFixture({ id: 'prj-1' }) }), '/projects/prj-1')
  await flushPromises()
  return wrapper
}

describe('PlanningTab', () => {
  it('offers the stored commands, runs one in a terminal tab and links to their editor', async () => {
    calls.planningCommands.mockResolvedValue({
      initCommand: '/grd:new-project',
      commands: [
        { label: 'Review', command: '/review', phase: false },
        { label: 'Plan phase', command: '/grd:plan-phase', phase: true },
      ],
    })
    const w = await mountTab()
    const toolbar = w.get('[role="toolbar"]')
    expect(toolbar.findAll('button').map((b) => b.text())).toEqual(['Review'])
    expect(w.get('[data-testid="planning-commands-edit"]').attributes('href')).toBe('/settings#settings-planning-commands')

    await toolbar.get('button').trigger('click')
    await flushPromises()
    expect(calls.startTerminal).toHaveBeenCalledWith({ projectId: 'prj-1', kind: 'claude', args: ['/review'], title: 'Review' })

    // A per-phase command sits on the phase lane and gets the phase number.
    const lanePlan = w.findAll('[data-testid="phase-lane"] button').find((b) => b.text() === 'Plan')
    await lanePlan!.trigger('click')
    await flushPromises()
    expect(calls.startTerminal).toHaveBeenLastCalledWith({ projectId: 'prj-1', kind: 'claude', args: ['/grd:plan-phase 3'], title: 'Plan phase 3' })
    w.unmount()
  })

  it('keeps the edit link when no command is configured, and says when the list cannot be read', async () => {
    calls.planningCommands.mockResolvedValue({ initCommand: '/grd:new-project', commands: [] })
    let w = await mountTab()
    expect(w.get('[role="toolbar"]').findAll('button')).toHaveLength(0)
    expect(w.find('[data-testid="planning-commands-edit"]').exists()).toBe(true)
    w.unmount()

    calls.planningCommands.mockRejectedValue(new Error('database is locked'))
    w = await mountTab()
    expect(w.get('[role="alert"]').text()).toContain('Planning commands could not be loaded: database is locked')
    w.unmount()
  })

  it('initializes planning with the stored command, and waits for it', async () => {
    calls.present = false
    calls.planningCommands.mockResolvedValue({ initCommand: '/gsd:new-project --auto', commands: [] })
    let w = await mountTab()
    await w.get('[data-testid="planning-initialize"]').trigger('click')
    await flushPromises()
    expect(calls.startTerminal).toHaveBeenCalledWith({
      projectId: 'prj-1',
      kind: 'claude',
      args: ['/gsd:new-project --auto'],
      title: 'Initialize planning',
    })
    w.unmount()

    // Without the setting there is no command to run: the button stays disabled.
    calls.startTerminal.mockClear()
    calls.planningCommands.mockRejectedValue(new Error('database is locked'))
    w = await mountTab()
    const button = w.get('[data-testid="planning-initialize"]')
    expect(button.attributes('disabled')).toBeDefined()
    await button.trigger('click')
    await flushPromises()
    expect(calls.startTerminal).not.toHaveBeenCalled()
    w.unmount()
  })
})

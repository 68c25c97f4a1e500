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
  // The tab's listener for planningcommands:changed, passed through the real payload check.
  commandsChanged: new Set<(payload: unknown) => void>(),
}))

vi.mock('@/bridge', async () => {
  const { toError } = await import('@/bridge/call')
  const { commandSetOf } = await import('@/bridge/planning')
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
    onPlanningCommandsChanged: (handler: (set: unknown) => void) => {
      const listener = (payload: unknown) => {
        const set = commandSetOf(payload)
        if (set) handler(set)
      }
      calls.commandsChanged.add(listener)
      return () => calls.commandsChanged.delete(listener)
    },
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
  calls.commandsChanged.clear()
})

const publish = async (payload: unknown) => {
  for (const l of calls.commandsChanged) l(payload)
  await flushPromises()
}

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

  it('follows the setting when it is saved or reset while the tab is open', async () => {
    calls.planningCommands.mockResolvedValue({ initCommand: '/grd:new-project', commands: [{ label: 'Review', command: '/review', phase: false }] })
    const w = await mountTab()
    const toolbarLabels = () => w.get('[role="toolbar"]').findAll('button').map((b) => b.text())
    expect(toolbarLabels()).toEqual(['Review'])

    await publish({
      initCommand: '/gsd:new-project',
      commands: [
        { label: 'Progress', command: '/gsd:progress', phase: false },
        { label: 'Map', command: '/gsd:map', phase: false },
        { label: 'Plan phase', command: '/gsd:plan-phase', phase: true },
      ],
    })
    expect(toolbarLabels()).toEqual(['Progress', 'Map'])
    expect(w.findAll('[data-testid="phase-lane"] button').map((b) => b.text())).toContain('Plan')
    await w.get('[role="toolbar"]').get('button').trigger('click')
    await flushPromises()
    expect(calls.startTerminal).toHaveBeenLastCalledWith({ projectId: 'prj-1', kind: 'claude', args: ['/gsd:progress'], title: 'Progress' })

    // A malformed payload changes nothing; an empty list empties the bar.
    await publish({ commands: 'x' })
    await publish(null)
    expect(toolbarLabels()).toEqual(['Progress', 'Map'])
    await publish({ initCommand: '/grd:new-project', commands: null })
    expect(toolbarLabels()).toEqual([])

    // Leaving the tab stops listening.
    w.unmount()
    expect(calls.commandsChanged.size).toBe(0)
  })

  it('lets a change published during the first read win over the read', async () => {
    let answer: (v: unknown) => void = () => {}
    calls.planningCommands.mockReturnValue(new Promise((resolve) => (answer = resolve)))
    const w = await mountTab()
    await publish({ initCommand: '/newer', commands: [{ label: 'Newer', command: '/newer', phase: false }] })
    answer({ initCommand: '/older', commands: [{ label: 'Older', command: '/older', phase: false }] })
    await flushPromises()
    expect(w.get('[role="toolbar"]').findAll('button').map((b) => b.text())).toEqual(['Newer'])
    w.unmount()
  })

  it('initializes planning with the command published after the tab opened', async () => {
    calls.present = false
    calls.planningCommands.mockResolvedValue({ initCommand: '/grd:new-project', commands: [] })
    const w = await mountTab()
    await publish({ initCommand: '/gsd:new-project', commands: [] })
    await w.get('[data-testid="planning-initialize"]').trigger('click')
    await flushPromises()
    expect(calls.startTerminal).toHaveBeenCalledWith({ projectId: 'prj-1', kind: 'claude', args: ['/gsd:new-project'], title: 'Initialize planning' })
    w.unmount()
  })
})

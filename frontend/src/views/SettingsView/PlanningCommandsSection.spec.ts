import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import * as bridge from '@/test/bridgeMock'
import { planningCommandSetFixture, planningCommandsFixture } from '@/test/planningMock'
import { mountWithApp } from '@/test/mount'
import { byId, dialogButton } from '@/test/dom'
import PlanningCommandsSection from './components/PlanningCommandsSection.vue'
import { commandProblem, goCommandErrors, validateCommands, type CommandRow } from './components/planningCommands'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => bridge.resetBridgeMock())

async function mountSettings() {
  const { wrapper } = await mountWithApp(PlanningCommandsSection, '/settings')
  await flushPromises()
  return wrapper
}

async function type(w: VueWrapper, id: string, value: string) {
  const input = byId(w, id)
  await input.setValue(value)
  await input.trigger('blur')
  await flushPromises()
}

async function click(w: VueWrapper, id: string) {
  await byId(w, id).trigger('click')
  await flushPromises()
}

const rowCount = (w: VueWrapper) => w.findAll('[data-testid^="plancmd-row-"]').length
const valueOf = (w: VueWrapper, id: string) => (byId(w, id).element as HTMLInputElement).value

describe('Planning commands', () => {
  it('lists the stored commands in order', async () => {
    const w = await mountSettings()
    expect(rowCount(w)).toBe(planningCommandsFixture().length)
    expect(valueOf(w, 'plancmd-init')).toBe('/grd:new-project')
    expect(valueOf(w, 'plancmd-label-0')).toBe('Map codebase')
    expect(valueOf(w, 'plancmd-command-4')).toBe('/grd:plan-phase')
    expect(byId(w, 'plancmd-phase-4').classes()).toContain('n-checkbox--checked')
    expect(byId(w, 'plancmd-phase-0').classes()).not.toContain('n-checkbox--checked')
    expect(byId(w, 'plancmd-save').attributes('disabled')).toBeDefined() // nothing changed yet
    w.unmount()
  })

  it('adds, edits, moves and removes commands and saves the whole list', async () => {
    bridge.planningCommands.mockResolvedValue(
      planningCommandSetFixture([
        { label: 'Map codebase', command: '/grd:map-codebase', phase: false },
        { label: 'Plan phase', command: '/grd:plan-phase', phase: true },
        { label: 'Progress', command: '/grd:progress', phase: false },
      ]),
    )
    const w = await mountSettings()
    await click(w, 'plancmd-remove-0')
    await click(w, 'plancmd-add')
    await type(w, 'plancmd-label-2', ' Review ')
    await type(w, 'plancmd-command-2', '/review --strict')
    await click(w, 'plancmd-phase-2')
    await click(w, 'plancmd-up-2') // Review moves above Progress
    await click(w, 'plancmd-save')
    expect(bridge.setPlanningCommands).toHaveBeenCalledWith({
      initCommand: '/grd:new-project',
      commands: [
        { label: 'Plan phase', command: '/grd:plan-phase', phase: true },
        { label: ' Review ', command: '/review --strict', phase: true },
        { label: 'Progress', command: '/grd:progress', phase: false },
      ],
    })
    // The editor shows what Go stored (trimmed) and is clean again.
    expect(valueOf(w, 'plancmd-label-1')).toBe('Review')
    expect(byId(w, 'plancmd-save').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('edits the initialize command, saved with the list', async () => {
    const w = await mountSettings()
    await type(w, 'plancmd-init', ' /gsd:new-project --auto ')
    expect(byId(w, 'plancmd-save').attributes('disabled')).toBeUndefined()
    await click(w, 'plancmd-save')
    expect(bridge.setPlanningCommands).toHaveBeenCalledWith({ initCommand: ' /gsd:new-project --auto ', commands: planningCommandsFixture() })
    expect(valueOf(w, 'plancmd-init')).toBe('/gsd:new-project --auto')
    expect(byId(w, 'plancmd-save').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('says what is wrong with the initialize command, before and after asking Go', async () => {
    const w = await mountSettings()
    await type(w, 'plancmd-init', '  ')
    await click(w, 'plancmd-save')
    expect(byId(w, 'plancmd-init-error').text()).toBe('Enter a slash command, e.g. /grd:progress.')
    await type(w, 'plancmd-init', 'grd:new-project')
    expect(w.find('[data-testid="plancmd-init-error"]').exists()).toBe(false) // editing clears it
    await click(w, 'plancmd-save')
    expect(byId(w, 'plancmd-init-error').text()).toBe('A command starts with “/”, e.g. /grd:progress.')
    expect(bridge.setPlanningCommands).not.toHaveBeenCalled()

    bridge.setPlanningCommands.mockRejectedValue({
      message: 'invalid planning commands: initCommand: must not contain control characters',
      subject: 'planning commands',
      fields: { initCommand: 'must not contain control characters' },
    })
    await type(w, 'plancmd-init', '/ok')
    await click(w, 'plancmd-save')
    expect(byId(w, 'plancmd-init-error').text()).toBe('Must not contain control characters.')
    w.unmount()
  })

  it('shows what is wrong with a row before asking Go', async () => {
    const w = await mountSettings()
    await click(w, 'plancmd-add')
    await type(w, 'plancmd-command-7', 'grd:thing')
    await click(w, 'plancmd-save')
    expect(byId(w, 'plancmd-error-7').text()).toBe('Enter a label, e.g. Plan phase. A command starts with “/”, e.g. /grd:progress.')
    await type(w, 'plancmd-label-7', 'plan PHASE')
    await type(w, 'plancmd-command-7', '/ok')
    await click(w, 'plancmd-save')
    expect(byId(w, 'plancmd-error-7').text()).toBe('“plan PHASE” is already the label of command 5.')
    await type(w, 'plancmd-label-7', 'x'.repeat(41))
    await click(w, 'plancmd-save')
    expect(byId(w, 'plancmd-error-7').text()).toBe('A label has at most 40 characters.')
    expect(bridge.setPlanningCommands).not.toHaveBeenCalled()
    w.unmount()
  })

  it('puts Go’s field errors on their row and other failures above the table', async () => {
    bridge.setPlanningCommands.mockRejectedValue({
      message: 'invalid planning commands: commands[1].command: must not contain control characters',
      subject: 'planning commands',
      fields: { 'commands[1].command': 'must not contain control characters' },
    })
    const w = await mountSettings()
    await type(w, 'plancmd-command-1', '/grd:new-milestone --now')
    await click(w, 'plancmd-save')
    expect(byId(w, 'plancmd-error-1').text()).toBe('Must not contain control characters.')
    expect(w.find('[data-testid="plancmd-error"]').exists()).toBe(false)

    bridge.setPlanningCommands.mockRejectedValue({ message: 'save planning commands: database is locked' })
    await click(w, 'plancmd-save')
    expect(byId(w, 'plancmd-error').text()).toBe('save planning commands: database is locked')
    w.unmount()
  })

  it('saves an empty list and says the board offers none', async () => {
    bridge.planningCommands.mockResolvedValue(planningCommandSetFixture([{ label: 'Only', command: '/only', phase: false }]))
    const w = await mountSettings()
    await click(w, 'plancmd-remove-0')
    expect(byId(w, 'plancmd-empty').text()).toContain('the board offers none')
    await click(w, 'plancmd-save')
    expect(bridge.setPlanningCommands).toHaveBeenCalledWith({ initCommand: '/grd:new-project', commands: [] })
    w.unmount()
  })

  it('resets to the defaults after asking', async () => {
    bridge.planningCommands.mockResolvedValue({ initCommand: '/mine:init', commands: [{ label: 'Mine', command: '/mine', phase: false }] })
    const w = await mountSettings()
    expect(rowCount(w)).toBe(1)
    expect(valueOf(w, 'plancmd-init')).toBe('/mine:init')
    await click(w, 'plancmd-reset')
    dialogButton('Reset')!.click()
    await flushPromises()
    expect(bridge.resetPlanningCommands).toHaveBeenCalledTimes(1)
    expect(rowCount(w)).toBe(planningCommandsFixture().length)
    expect(valueOf(w, 'plancmd-init')).toBe('/grd:new-project')
    w.unmount()
  })

  it('says why the list could not be loaded', async () => {
    bridge.planningCommands.mockRejectedValue(new Error('no database'))
    const w = await mountSettings()
    expect(byId(w, 'plancmd-error').text()).toBe('no database')
    expect(w.find('[data-testid="plancmd-table"]').exists()).toBe(false)
    w.unmount()
  })
})

describe('validateCommands', () => {
  const row = (label: string, command: string): CommandRow => ({ key: 0, label, command, phase: false })
  it.each([
    ['a good row', [row('Plan', '/grd:plan-phase')], {}],
    ['a label on two lines', [row('Pl\nan', '/a')], { '0.label': 'Label: one line only.' }],
    ['an escape in a command', [row('A', '/a\u001b[2J')], { '0.command': 'Command: no control characters.' }],
    ['a slash alone', [row('A', ' / ')], { '0.command': 'A command starts with “/”, e.g. /grd:progress.' }],
    ['a command over 200 characters', [row('A', '/' + 'a'.repeat(200))], { '0.command': 'A command has at most 200 characters.' }],
    ['40 two-byte characters', [row('é'.repeat(40), '/a')], {}],
  ])('%s', (_name, rows, want) => {
    expect(validateCommands(rows)).toEqual(want)
  })

  it('refuses more than 30 commands', () => {
    const rows = Array.from({ length: 31 }, (_, i) => row(`C${i}`, '/c'))
    expect(validateCommands(rows).list).toBe('Keep at most 30 commands.')
  })
})

describe('commandProblem and goCommandErrors', () => {
  it.each([
    ['/grd:new-project', ''],
    ['', 'Enter a slash command, e.g. /grd:progress.'],
    ['new-project', 'A command starts with “/”, e.g. /grd:progress.'],
    ['/a\nb', 'Command: one line only.'],
    ['/' + 'é'.repeat(200), 'A command has at most 200 characters.'],
  ])('%j', (command, want) => {
    expect(commandProblem(command)).toBe(want)
  })

  it('maps Go field names to the editor keys', () => {
    expect(goCommandErrors({ initCommand: 'is required', 'commands[2].label': 'is required', commands: 'too many', other: 'x' })).toEqual({
      init: 'is required',
      '2.label': 'is required',
      list: 'too many',
    })
  })
})

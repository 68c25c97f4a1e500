// The planning-command part of the bridge stand-in (re-exported by bridgeMock): the GRD defaults
// are stored, a save answers with the setting trimmed as Go stores it, a reset with the defaults.
import { vi } from 'vitest'
import type * as Bridge from '@/bridge'
import type { PlanningCommand, PlanningCommandSet } from '@/bridge'

type Fn<K extends keyof typeof Bridge> = (typeof Bridge)[K] extends (...args: infer A) => infer R ? (...args: A) => R : never

/** planningCommandsFixture is what Go's planning.DefaultCommands answers. */
export const planningCommandsFixture = (): PlanningCommand[] => [
  { label: 'Map codebase', command: '/grd:map-codebase', phase: false },
  { label: 'New milestone', command: '/grd:new-milestone', phase: false },
  { label: 'Discuss phase', command: '/grd:discuss-phase', phase: true },
  { label: 'Research phase', command: '/grd:research-phase', phase: true },
  { label: 'Plan phase', command: '/grd:plan-phase', phase: true },
  { label: 'Execute phase', command: '/grd:execute-phase', phase: true },
  { label: 'Progress', command: '/grd:progress', phase: false },
]

/** planningCommandSetFixture is what Go's planning.DefaultCommandSet answers. */
export const planningCommandSetFixture = (commands = planningCommandsFixture()): PlanningCommandSet => ({
  initCommand: '/grd:new-project',
  commands,
})

export const planningCommands = vi.fn<Fn<'planningCommands'>>()
export const setPlanningCommands = vi.fn<Fn<'setPlanningCommands'>>()
export const resetPlanningCommands = vi.fn<Fn<'resetPlanningCommands'>>()

export function resetPlanningMock() {
  for (const fn of [planningCommands, setPlanningCommands, resetPlanningCommands]) fn.mockReset()
  planningCommands.mockImplementation(async () => planningCommandSetFixture())
  setPlanningCommands.mockImplementation(async (set) => ({
    initCommand: set.initCommand.trim(),
    commands: set.commands.map((c) => ({ ...c, label: c.label.trim(), command: c.command.trim() })),
  }))
  resetPlanningCommands.mockImplementation(async () => planningCommandSetFixture())
}

import * as PlanningAPI from '@wails/go/bindings/PlanningAPI'
import { planning, type usage } from '@wails/go/models'
import { Events, planningChanged } from '@/constants/events'
import { call } from './call'
import { list, type Data } from './data'
import { on, type Unsubscribe } from './events'

export type PlanningBoard = Data<planning.Board>
export type Milestone = Data<planning.Milestone>
export type Phase = Data<planning.Phase>
export type Plan = Data<planning.Plan>
export type PlanningDocument = Data<planning.Document>
export type PlanningFileError = Data<planning.FileError>
export type PlanningState = Data<planning.State>
export type DocumentText = Data<planning.DocumentText>
export type PlanUsage = Data<usage.PlanUsage>

// Go sends nil slices as null; the board is used everywhere as plain arrays.
function normalizeBoard(b: PlanningBoard): PlanningBoard {
  return {
    errors: list(b.errors),
    milestones: list(b.milestones).map((m) => ({
      ...m,
      phases: list(m.phases).map((p) => ({
        ...p,
        documents: list(p.documents),
        successCriteria: list(p.successCriteria),
        plans: list(p.plans).map((pl) => ({ ...pl, dependsOn: list(pl.dependsOn), filesModified: list(pl.filesModified) })),
      })),
    })),
  }
}

/** planningBoard parses the project's .planning folder (empty lists when it has none). */
export const planningBoard = (projectId: string): Promise<PlanningBoard> =>
  call(() => PlanningAPI.Board(projectId)).then(normalizeBoard)

/** planningState reads STATE.md; `present` is false when the project has no .planning folder. */
export const planningState = (projectId: string): Promise<PlanningState> =>
  call(() => PlanningAPI.State(projectId)).then((s) => ({ ...s, position: list(s.position) }))

/** planningDocument returns a Markdown file of .planning by its path inside the folder. */
export const planningDocument = (projectId: string, path: string): Promise<DocumentText> =>
  call(() => PlanningAPI.Document(projectId, path))

/** movePlan writes the status into the plan's PLAN file and resolves with the board as it now reads. */
export const movePlan = (projectId: string, planId: string, status: string): Promise<PlanningBoard> =>
  call(() => PlanningAPI.SetStatus(projectId, planId, status)).then(normalizeBoard)

/**
 * watchPlanning follows the project's planning files while the board is open: `onChange` runs
 * (debounced by the backend) after any edit, and the returned function stops following.
 */
export function watchPlanning(projectId: string, onChange: () => void): Unsubscribe {
  const off = on(planningChanged(projectId), () => onChange())
  let active = true
  // Without a watcher the board still works; it just does not refresh by itself.
  const watching = call(() => PlanningAPI.Watch(projectId)).then(
    () => true,
    () => false,
  )
  return () => {
    if (!active) return
    active = false
    off()
    // After the Watch has been answered, so an Unwatch never overtakes it and leaves a watcher on.
    void watching.then((ok) => (ok ? call(() => PlanningAPI.Unwatch(projectId)) : undefined)).catch(() => {})
  }
}

/**
 * runPlan starts a trigger with the plan's PLAN file as its {message}, in the project's directory,
 * tagged with the plan; resolves with the execution id.
 */
export const runPlan = (projectId: string, planId: string, triggerId: string): Promise<string> =>
  call(() => PlanningAPI.Run(projectId, planId, triggerId))

/** planUsage returns runs, tokens and cost per plan of the runs started from the board. */
export const planUsage = (projectId: string): Promise<PlanUsage[]> => call(() => PlanningAPI.ListUsage(projectId)).then(list)

export type PlanningCommand = Data<planning.Command>

/**
 * PlanningCommandSet is the planning commands setting: the board's commands and the command
 * "Initialize planning" opens in a project without .planning.
 */
export type PlanningCommandSet = Data<planning.CommandSet>

const commandSet = (s: Data<planning.CommandSet>): PlanningCommandSet => ({ initCommand: s.initCommand, commands: list(s.commands) })

/** planningCommands returns the planning commands setting; the board's commands are in order. */
export const planningCommands = (): Promise<PlanningCommandSet> => call(() => PlanningAPI.ListCommands()).then(commandSet)

/** setPlanningCommands stores the setting (Go trims it and checks every field) and returns it as stored. */
export const setPlanningCommands = (set: PlanningCommandSet): Promise<PlanningCommandSet> =>
  call(() => PlanningAPI.SetCommands(planning.CommandSet.createFrom(set))).then(commandSet)

/** resetPlanningCommands restores the default (GRD) commands and returns them. */
export const resetPlanningCommands = (): Promise<PlanningCommandSet> => call(() => PlanningAPI.ResetCommands()).then(commandSet)

/** commandSetOf reads a `planningcommands:changed` payload, or null when malformed. */
export function commandSetOf(payload: unknown): PlanningCommandSet | null {
  if (!payload || typeof payload !== 'object') return null
  const s = payload as Partial<PlanningCommandSet>
  if (typeof s.initCommand !== 'string' || !(Array.isArray(s.commands) || s.commands == null)) return null
  return commandSet(s as PlanningCommandSet)
}

/** onPlanningCommandsChanged calls handler with the setting whenever it is saved or reset (here, in Settings or over REST). */
export function onPlanningCommandsChanged(handler: (set: PlanningCommandSet) => void): Unsubscribe {
  return on(Events.PlanningCommandsChanged, (payload) => {
    const set = commandSetOf(payload)
    if (set) handler(set)
  })
}

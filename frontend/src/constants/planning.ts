// Plan statuses with a column on the board, in column order; a PLAN file may hold any other word,
// which gets a column of its own after these. Mirrors the Status* constants of backend/planning.
export const PlanColumns = [
  { status: 'backlog', label: 'Backlog' },
  { status: 'planned', label: 'Planned' },
  { status: 'in_progress', label: 'In progress' },
  { status: 'in_review', label: 'In review' },
  { status: 'done', label: 'Done' },
] as const

export const PhaseStatusInfo: Record<string, { label: string; type: 'default' | 'info' | 'success' }> = {
  pending: { label: 'Pending', type: 'default' },
  in_progress: { label: 'In progress', type: 'info' },
  done: { label: 'Done', type: 'success' },
}

/** columnLabel names a status column: a known one by its label, any other by its word. */
export function columnLabel(status: string): string {
  const known = PlanColumns.find((c) => c.status === status)
  if (known) return known.label
  const words = status.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A planning command: a slash command run in an AI CLI inside the project's terminal. */
export interface PlanningCommand {
  label: string
  command: string
  /** Asks for a phase number, appended to the command. */
  phase?: boolean
}

/** The default planning commands: the GRD workflow's (map the codebase, milestones, phases). */
export const DefaultPlanningCommands: PlanningCommand[] = [
  { label: 'Map codebase', command: '/grd:map-codebase' },
  { label: 'New milestone', command: '/grd:new-milestone' },
  { label: 'Discuss phase', command: '/grd:discuss-phase', phase: true },
  { label: 'Research phase', command: '/grd:research-phase', phase: true },
  { label: 'Plan phase', command: '/grd:plan-phase', phase: true },
  { label: 'Execute phase', command: '/grd:execute-phase', phase: true },
  { label: 'Progress', command: '/grd:progress' },
]

/** InitPlanningCommand creates .planning in a project that has none. */
export const InitPlanningCommand: PlanningCommand = { label: 'Initialize planning', command: '/grd:new-project' }

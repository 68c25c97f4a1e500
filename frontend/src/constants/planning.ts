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


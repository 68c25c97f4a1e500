import type { Milestone, Plan, PlanningFileError } from '@/bridge'
import { PlanColumns } from '@/constants/planning'

/** columnsOf lists the board's status columns: the fixed ones, then any other status in use. */
export function columnsOf(milestone: Milestone | undefined): string[] {
  const cols: string[] = PlanColumns.map((c) => c.status)
  for (const phase of milestone?.phases ?? []) {
    for (const plan of phase.plans) if (!cols.includes(plan.status)) cols.push(plan.status)
  }
  return cols
}

/** planRef is a plan's short reference as planning files write it: "01-02", "2.1-03". */
export function planRef(plan: Plan): string {
  const [whole, frac] = plan.phase.split('.')
  const phase = whole.padStart(2, '0') + (frac === undefined ? '' : `.${frac}`)
  return `${phase}-${String(plan.plan).padStart(2, '0')}`
}

/** movable says whether a plan has a PLAN file to write a status into. */
export const movable = (plan: Plan): boolean => !plan.id.includes('#')

/** errorsByFile indexes the board's file errors by file, so a card finds its own. */
export function errorsByFile(errors: PlanningFileError[]): Map<string, string> {
  return new Map(errors.map((e) => [e.file, e.message]))
}

/** progressOf counts the milestone's plans and those done. */
export function progressOf(milestone: Milestone | undefined): { done: number; total: number } {
  let done = 0
  let total = 0
  for (const phase of milestone?.phases ?? []) {
    for (const plan of phase.plans) {
      total++
      if (plan.status === 'done') done++
    }
  }
  return { done, total }
}

/** withStatus returns the milestones with one plan's status changed (an optimistic move). */
export function withStatus(milestones: Milestone[], planId: string, status: string): Milestone[] {
  return milestones.map((m) => ({
    ...m,
    phases: m.phases.map((p) => ({
      ...p,
      plans: p.plans.map((pl) => (pl.id === planId ? { ...pl, status } : pl)),
    })),
  }))
}

/** objectiveBody is the objective without its first line when that line is the card's title. */
export function objectiveBody(plan: Plan): string {
  const text = plan.objective.trim()
  const [first, ...rest] = text.split('\n')
  return first.trim() === plan.title.trim() ? rest.join('\n').trim() : text
}

/** UsageTotal is what a plan's (or a phase's) runs used. */
export interface UsageTotal {
  runs: number
  tokens: number
  costUsd: number
}

/** usageByPhase sums the plans' usage per phase number of the milestone. */
export function usageByPhase(milestone: Milestone | undefined, byPlan: Map<string, UsageTotal>): Map<string, UsageTotal> {
  const out = new Map<string, UsageTotal>()
  for (const phase of milestone?.phases ?? []) {
    const sum: UsageTotal = { runs: 0, tokens: 0, costUsd: 0 }
    for (const plan of phase.plans) {
      const u = byPlan.get(plan.id)
      if (!u) continue
      sum.runs += u.runs
      sum.tokens += u.tokens
      sum.costUsd += u.costUsd
    }
    if (sum.runs) out.set(phase.number, sum)
  }
  return out
}

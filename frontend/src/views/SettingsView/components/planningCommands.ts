import type { PlanningCommand } from '@/bridge'

/** CommandRow is a row of the planning command editor: a command plus a key that survives moves and removals. */
export type CommandRow = PlanningCommand & { key: number }

/** Limits Go enforces (backend/planning ValidateCommands). */
export const MaxCommands = 30
export const MaxLabelLength = 40
export const MaxCommandLength = 200

// Line breaks would submit the line early in the terminal; other control characters (escape
// sequences, NUL) would be typed into it.
const controlChars = /[\u0000-\u001f\u007f-\u009f]/
const lineBreaks = /[\r\n\u2028\u2029]/

function lineProblem(s: string): string {
  if (lineBreaks.test(s)) return 'one line only'
  if (controlChars.test(s)) return 'no control characters'
  return ''
}

/**
 * validateCommands checks the rows as Go does so a mistake shows before saving: a label of 1 to
 * 40 characters used once (case does not matter), a command that starts with "/", each on one
 * line without control characters. Errors are keyed "<row index>.<field>"; a problem with the
 * whole list is under "list".
 */
export function validateCommands(rows: CommandRow[]): Record<string, string> {
  const errors: Record<string, string> = {}
  if (rows.length > MaxCommands) errors.list = `Keep at most ${MaxCommands} commands.`
  const seen = new Map<string, number>()
  rows.forEach((r, i) => {
    const label = r.label.trim()
    const command = r.command.trim()
    const labelProblem = lineProblem(label)
    if (!label) errors[`${i}.label`] = 'Enter a label, e.g. Plan phase.'
    else if ([...label].length > MaxLabelLength) errors[`${i}.label`] = `A label has at most ${MaxLabelLength} characters.`
    else if (labelProblem) errors[`${i}.label`] = `Label: ${labelProblem}.`
    else if (seen.has(label.toLowerCase())) errors[`${i}.label`] = `“${label}” is already the label of command ${seen.get(label.toLowerCase())! + 1}.`
    else seen.set(label.toLowerCase(), i)

    const problem = commandProblem(command)
    if (problem) errors[`${i}.command`] = problem
  })
  return errors
}

/** commandProblem says what is wrong with a trimmed slash command as Go would, or ''. */
export function commandProblem(command: string): string {
  const problem = lineProblem(command)
  if (!command) return 'Enter a slash command, e.g. /grd:progress.'
  if (!command.startsWith('/') || command === '/') return 'A command starts with “/”, e.g. /grd:progress.'
  if ([...command].length > MaxCommandLength) return `A command has at most ${MaxCommandLength} characters.`
  if (problem) return `Command: ${problem}.`
  return ''
}

/**
 * goCommandErrors turns Go's field names ("commands[3].label") into the editor's keys
 * ("3.label"); "commands" (the list) becomes "list", "initCommand" becomes "init".
 */
export function goCommandErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [field, msg] of Object.entries(fields)) {
    const m = /^commands\[(\d+)\]\.(label|command)$/.exec(field)
    if (m) out[`${m[1]}.${m[2]}`] = msg
    else if (field === 'commands') out.list = msg
    else if (field === 'initCommand') out.init = msg
  }
  return out
}

// A CLI's failure line is often one JSON event (claude's result, a codex error); the words a
// person reads are in one of its text fields. readableReason finds them so a table cell shows
// "You've hit your session limit · resets 5:48am (UTC)" instead of a wall of JSON; the caller
// keeps the whole line for a tooltip.

const textField = /"(?:result|message|error|detail)"\s*:\s*"((?:[^"\\]|\\.)*)"/

/** readableReason returns the human text inside a JSON failure line, or the line itself. */
export function readableReason(reason: string): string {
  const line = reason.trim()
  if (!line.includes('{') && !line.startsWith('…')) return line
  const m = textField.exec(line)
  if (!m) return line
  try {
    const text = JSON.parse(`"${m[1]}"`) as string
    return text.trim() || line
  } catch {
    return line
  }
}

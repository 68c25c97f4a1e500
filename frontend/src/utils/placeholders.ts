// Placeholder autocomplete in the prompt editor: typing "{" (and maybe the start of a name) before
// the caret opens suggestions; choosing one replaces "{partial" with "{name}".

/** PlaceholderQuery is an unfinished placeholder just before the caret. */
export interface PlaceholderQuery {
  /** index of the "{" */
  start: number
  /** what was typed after it */
  partial: string
}

/** placeholderQuery finds "{name-so-far" ending at the caret, or null. */
export function placeholderQuery(text: string, caret: number): PlaceholderQuery | null {
  const before = text.slice(0, caret)
  const m = /\{([a-z_]*)$/i.exec(before)
  if (!m) return null
  // "{{" is an escaped brace in many template languages; do not pop up there.
  if (m.index > 0 && before[m.index - 1] === '{') return null
  return { start: m.index, partial: m[1] }
}

/** insertPlaceholder replaces the query with "{name}" and returns the new text and caret. */
export function insertPlaceholder(text: string, q: PlaceholderQuery, caret: number, name: string) {
  // A closing brace typed already (e.g. editing "{mess}") is reused, not doubled.
  const after = text.slice(caret).replace(/^[a-z_]*\}/i, '')
  const token = `{${name}}`
  return { text: text.slice(0, q.start) + token + after, caret: q.start + token.length }
}

/** insertAt puts "{name}" at the caret (the chip buttons under the editor). */
export function insertAt(text: string, caret: number, name: string) {
  const token = `{${name}}`
  return { text: text.slice(0, caret) + token + text.slice(caret), caret: caret + token.length }
}

/** rankPlaceholders orders suggestions: names starting with the partial first, then containing it. */
export function rankPlaceholders<T extends { name: string }>(all: readonly T[], partial: string): T[] {
  const p = partial.toLowerCase()
  const starts = all.filter((x) => x.name.toLowerCase().startsWith(p))
  const contains = all.filter((x) => !x.name.toLowerCase().startsWith(p) && x.name.toLowerCase().includes(p))
  return [...starts, ...contains]
}

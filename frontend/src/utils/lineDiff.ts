// A line diff for the template history: which lines a saved version had that the current
// template does not, and the other way round. Templates are short, so a plain LCS table is fine;
// past `maxCells` it degrades to "all removed, all added" rather than freezing the UI.

export interface DiffLine {
  kind: 'same' | 'added' | 'removed'
  text: string
}

/** lineDiff turns `from` into `to`, line by line. */
export function lineDiff(from: string, to: string, maxCells = 250_000): DiffLine[] {
  const a = from.split('\n')
  const b = to.split('\n')
  if (a.length * b.length > maxCells) {
    return [...a.map((text) => ({ kind: 'removed' as const, text })), ...b.map((text) => ({ kind: 'added' as const, text }))]
  }
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] })
      i++
      j++
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ kind: 'removed', text: a[i++] })
    } else {
      out.push({ kind: 'added', text: b[j++] })
    }
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++] })
  while (j < b.length) out.push({ kind: 'added', text: b[j++] })
  return out
}

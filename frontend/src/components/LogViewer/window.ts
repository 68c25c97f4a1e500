// Windowing math of the virtual log. Rows have a fixed height, so the visible range follows from
// scrollTop alone. Browsers cap an element's height (Chromium and WebKit near 33.5 million px,
// Firefox near 17.9 million), and a million 20 px rows is already 20 million px; past MaxScrollPx
// the scroll area is compressed and scrollTop maps to a row proportionally, so any line count
// stays scrollable from top to bottom.

/** MaxScrollPx is the tallest scroll area we create; well under every engine's limit. */
export const MaxScrollPx = 8_000_000

export interface Geometry {
  rowCount: number
  rowHeight: number
  viewportHeight: number
  /** limit for the scroll area height; MaxScrollPx unless a test wants a smaller one */
  maxScrollPx?: number
}

export interface Window {
  /** index (0-based) of the first row rendered, overscan included */
  start: number
  /** index one past the last row rendered */
  end: number
  /** translateY of the first rendered row inside the scroll area */
  offset: number
  /** height of the scroll area */
  scrollHeight: number
}

/** scrollHeight is the height of the scroll area for `rowCount` rows. */
export function scrollHeight(g: Geometry): number {
  return Math.min(g.rowCount * g.rowHeight, g.maxScrollPx ?? MaxScrollPx)
}

const maxScrollTop = (g: Geometry) => Math.max(0, scrollHeight(g) - g.viewportHeight)
const visibleRows = (g: Geometry) => g.viewportHeight / g.rowHeight
// The last row index the top edge of the viewport can reach.
const maxTopRow = (g: Geometry) => Math.max(0, g.rowCount - visibleRows(g))

/** topRow is the (fractional) row index at the top edge of the viewport for a scrollTop. */
export function topRow(g: Geometry, scrollTop: number): number {
  const max = maxScrollTop(g)
  const top = Math.min(Math.max(0, scrollTop), max)
  if (g.rowCount * g.rowHeight <= scrollHeight(g)) return top / g.rowHeight
  return max === 0 ? 0 : (top / max) * maxTopRow(g)
}

/** scrollTopFor is the scrollTop that puts row `index` (0-based) at the top of the viewport. */
export function scrollTopFor(g: Geometry, index: number): number {
  const row = Math.min(Math.max(0, index), maxTopRow(g))
  if (g.rowCount * g.rowHeight <= scrollHeight(g)) return Math.min(row * g.rowHeight, maxScrollTop(g))
  const rows = maxTopRow(g)
  return rows === 0 ? 0 : (row / rows) * maxScrollTop(g)
}

/** scrollTopCentering puts row `index` in the middle of the viewport (search hits). */
export function scrollTopCentering(g: Geometry, index: number): number {
  return scrollTopFor(g, index - Math.floor(visibleRows(g) / 2))
}

/** atBottom says whether the viewport shows the last row (within half a row). */
export function atBottom(g: Geometry, scrollTop: number): boolean {
  return scrollTop >= maxScrollTop(g) - g.rowHeight / 2
}

/** visibleWindow returns the rows to render for scrollTop, with `overscan` rows either side. */
export function visibleWindow(g: Geometry, scrollTop: number, overscan = 10): Window {
  const height = scrollHeight(g)
  if (g.rowCount === 0 || g.rowHeight <= 0) return { start: 0, end: 0, offset: 0, scrollHeight: height }
  const top = topRow(g, scrollTop)
  const first = Math.floor(top)
  const start = Math.max(0, first - overscan)
  const end = Math.min(g.rowCount, Math.ceil(top + visibleRows(g)) + overscan)
  // Rows sit where they would be if the area were not compressed, relative to the viewport top,
  // so compression never shows as a jump between neighbouring rows.
  const clampedTop = Math.min(Math.max(0, scrollTop), Math.max(0, height - g.viewportHeight))
  const offset = clampedTop - (top - start) * g.rowHeight
  return { start, end, offset, scrollHeight: height }
}

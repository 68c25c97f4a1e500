import { describe, expect, it } from 'vitest'
import { atBottom, scrollHeight, scrollTopCentering, scrollTopFor, topRow, visibleWindow, type Geometry } from './window'

const small: Geometry = { rowCount: 100, rowHeight: 20, viewportHeight: 200 }
const huge: Geometry = { rowCount: 1_000_000, rowHeight: 20, viewportHeight: 600 }

describe('virtual log window', () => {
  it('renders only the visible rows plus overscan', () => {
    expect(visibleWindow(small, 0, 5)).toEqual({ start: 0, end: 15, offset: 0, scrollHeight: 2000 })
    const w = visibleWindow(small, 400, 5)
    expect(w).toEqual({ start: 15, end: 35, offset: 300, scrollHeight: 2000 })
  })

  it('clamps at the end and for empty logs', () => {
    expect(visibleWindow(small, 99_999, 5)).toMatchObject({ start: 85, end: 100 })
    expect(visibleWindow({ ...small, rowCount: 0 }, 0)).toEqual({ start: 0, end: 0, offset: 0, scrollHeight: 0 })
  })

  it('keeps a partial row offset so scrolling is smooth', () => {
    const w = visibleWindow(small, 410, 0)
    expect(w.start).toBe(20)
    expect(w.offset).toBe(400) // row 20 starts 10 px above the viewport top (410)
  })

  it('compresses a million rows into a scroll area browsers can handle', () => {
    expect(scrollHeight(huge)).toBe(8_000_000)
    const middle = (8_000_000 - 600) / 2
    const w = visibleWindow(huge, middle, 10)
    const top = topRow(huge, middle)
    expect(top).toBeCloseTo((1_000_000 - 30) / 2, 5)
    expect(w.start).toBe(Math.floor(top) - 10)
    expect(w.end - w.start).toBeLessThanOrEqual(30 + 2 * 10 + 1)
    // The first visible row sits at the viewport top, whatever the compression.
    expect(w.offset + (top - w.start) * 20).toBeCloseTo(middle, 5)
  })

  it('reaches the first and the last row exactly when compressed', () => {
    expect(visibleWindow(huge, 0, 0).start).toBe(0)
    const bottom = scrollHeight(huge) - 600
    const w = visibleWindow(huge, bottom, 0)
    expect(w.end).toBe(1_000_000)
    expect(w.offset + (w.end - w.start) * 20).toBeCloseTo(scrollHeight(huge), 5)
    expect(atBottom(huge, bottom)).toBe(true)
    expect(atBottom(huge, bottom - 50)).toBe(false)
  })

  it('maps a row back to scrollTop (jumps) in both modes', () => {
    expect(scrollTopFor(small, 30)).toBe(600)
    expect(scrollTopFor(small, 99)).toBe(1800) // clamped: the last page
    for (const row of [0, 1234, 500_000, 999_970]) {
      expect(topRow(huge, scrollTopFor(huge, row))).toBeCloseTo(row, 5)
    }
    expect(topRow(huge, scrollTopCentering(huge, 500_000))).toBeCloseTo(500_000 - 15, 5)
  })
})

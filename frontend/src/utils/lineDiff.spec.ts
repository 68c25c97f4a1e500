import { describe, expect, it } from 'vitest'
import { lineDiff } from './lineDiff'

describe('lineDiff', () => {
  it('marks changed lines and keeps common ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
    ])
  })

  it('handles appends and falls back for huge inputs', () => {
    expect(lineDiff('a', 'a\nb').map((l) => l.kind)).toEqual(['same', 'added'])
    expect(lineDiff('a\nb', 'c', 1).map((l) => l.kind)).toEqual(['removed', 'removed', 'added'])
  })
})

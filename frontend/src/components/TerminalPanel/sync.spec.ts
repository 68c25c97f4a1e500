import { describe, expect, it, vi } from 'vitest'
import { OutputSync } from './sync'

const out = (offset: number, data: string) => ({ id: 's', offset, data, size: new TextEncoder().encode(data).length })

describe('OutputSync', () => {
  it('writes the snapshot, then only the batches after it', () => {
    const written: string[] = []
    const resync = vi.fn()
    const sync = new OutputSync((d) => written.push(d), resync)
    sync.push(out(0, 'ab')) // before the snapshot: held
    sync.push(out(2, 'cd'))
    expect(written).toEqual([])
    sync.snapshot({ data: 'ab', end: 2 })
    sync.push(out(4, 'é!')) // two bytes for é: the next offset counts bytes, not characters
    sync.push(out(7, 'x'))
    expect(written).toEqual(['ab', 'cd', 'é!', 'x'])
    expect(resync).not.toHaveBeenCalled()
  })

  it('skips batches the snapshot already holds', () => {
    const written: string[] = []
    const sync = new OutputSync((d) => written.push(d), vi.fn())
    sync.snapshot({ data: 'abcdef', end: 6 })
    sync.push(out(0, 'abc'))
    sync.push(out(3, 'def'))
    sync.push(out(6, 'g'))
    expect(written).toEqual(['abcdef', 'g'])
  })

  it('asks for a new snapshot when a batch was lost, and resumes from it', () => {
    const written: string[] = []
    const resync = vi.fn()
    const sync = new OutputSync((d) => written.push(d), resync)
    sync.snapshot({ data: '', end: 0 })
    sync.push(out(0, 'a'))
    sync.push(out(5, 'lost before me')) // bytes 1..5 never came
    expect(resync).toHaveBeenCalledOnce()
    sync.push(out(19, 'later'))
    expect(written).toEqual(['a'])
    sync.snapshot({ data: 'abcdelost before me', end: 19 })
    expect(written).toEqual(['a', 'abcdelost before me', 'later'])
  })
})

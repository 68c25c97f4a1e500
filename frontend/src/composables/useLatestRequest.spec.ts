import { describe, expect, it } from 'vitest'
import { useLatestRequest } from './useLatestRequest'

// deferred hands out a promise the test settles by hand, so answers can arrive in any order.
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useLatestRequest', () => {
  it('applies an answer, reports loading while it is pending and resolves true', async () => {
    const r = useLatestRequest()
    const answer = deferred<string>()
    const applied: string[] = []
    const done = r.run(() => answer.promise, (a) => applied.push(a))
    expect(r.loading.value).toBe(true)
    answer.resolve('one')
    await expect(done).resolves.toBe(true)
    expect(applied).toEqual(['one'])
    expect(r.loading.value).toBe(false)
    expect(r.error.value).toBe('')
  })

  it('keeps only the latest answer when an earlier one arrives last', async () => {
    const r = useLatestRequest()
    const slow = deferred<string>()
    const fast = deferred<string>()
    const applied: string[] = []
    const first = r.run(() => slow.promise, (a) => applied.push(a))
    const second = r.run(() => fast.promise, (a) => applied.push(a))

    fast.resolve('second')
    await expect(second).resolves.toBe(true)
    expect(r.loading.value).toBe(false)
    slow.resolve('first')
    await expect(first).resolves.toBe(false)
    expect(applied).toEqual(['second'])
    expect(r.loading.value).toBe(false)
  })

  it('stays loading while the latest request is pending, whatever earlier ones do', async () => {
    const r = useLatestRequest()
    const early = deferred<number>()
    const late = deferred<number>()
    const first = r.run(() => early.promise, () => {})
    const second = r.run(() => late.promise, () => {})
    early.reject(new Error('early failure'))
    await expect(first).resolves.toBe(false)
    expect(r.loading.value).toBe(true)
    expect(r.error.value).toBe('')
    late.resolve(2)
    await second
    expect(r.loading.value).toBe(false)
  })

  it('reports the failure of the latest request as text, including a Go string rejection', async () => {
    const r = useLatestRequest()
    const applied: unknown[] = []
    await expect(r.run(() => Promise.reject('trigger not found'), (a) => applied.push(a))).resolves.toBe(false)
    expect(r.error.value).toBe('trigger not found')
    expect(r.loading.value).toBe(false)
    expect(applied).toEqual([])
  })

  it('ignores the failure of a request that a later one replaced', async () => {
    const r = useLatestRequest()
    const stale = deferred<string>()
    const first = r.run(() => stale.promise, () => {})
    await r.run(() => Promise.resolve('fresh'), () => {})
    stale.reject(new Error('too late to matter'))
    await first
    expect(r.error.value).toBe('')
  })

  it('clears an earlier error when a later request succeeds', async () => {
    const r = useLatestRequest()
    await r.run(() => Promise.reject(new Error('offline')), () => {})
    expect(r.error.value).toBe('offline')
    await r.run(() => Promise.resolve(1), () => {})
    expect(r.error.value).toBe('')
  })

  it('applies nothing pending after invalidate and stops loading', async () => {
    const r = useLatestRequest()
    const pending = deferred<string>()
    const applied: string[] = []
    const done = r.run(() => pending.promise, (a) => applied.push(a))
    r.invalidate()
    expect(r.loading.value).toBe(false)
    pending.resolve('after close')
    await expect(done).resolves.toBe(false)
    expect(applied).toEqual([])
  })

  it('keeps separate counters per use, so two screens never cancel each other', async () => {
    const a = useLatestRequest()
    const b = useLatestRequest()
    const slow = deferred<string>()
    const applied: string[] = []
    const first = a.run(() => slow.promise, (x) => applied.push(`a:${x}`))
    await b.run(() => Promise.resolve('b'), (x) => applied.push(`b:${x}`))
    slow.resolve('a')
    await expect(first).resolves.toBe(true)
    expect(applied).toEqual(['b:b', 'a:a'])
  })
})

import { describe, expect, it, vi } from 'vitest'
import type { LinesPage, LogBatch, LogLine } from '@/bridge'
import { RunLog, type RunLogOptions } from './runLog'

// A fake store: lines 1..total exist (generated on demand, so a million costs nothing), paged
// like ExecutionsAPI.Lines, plus a hand-driven live stream.
function fakeSource(initialTotal: number) {
  let total = initialTotal
  let deliver: ((b: LogBatch) => void) | null = null
  const line = (seq: number): LogLine => ({ seq, stream: 'stdout', ts: '', text: `line ${seq}` })
  const gates: (() => void)[] = []
  let gated = false
  const lines = vi.fn(async (_id: string, after: number, limit: number): Promise<LinesPage> => {
    if (gated) await new Promise<void>((r) => gates.push(r))
    const out: LogLine[] = []
    for (let s = after + 1; s <= Math.min(total, after + limit); s++) out.push(line(s))
    const atEnd = after + out.length >= total
    return { lines: out, next: atEnd ? 0 : after + out.length, total }
  })
  const unsubscribe = vi.fn()
  return {
    lines,
    unsubscribe,
    subscribe: vi.fn((_id: string, cb: (b: LogBatch) => void) => {
      deliver = cb
      return unsubscribe
    }),
    /** grow adds lines to the store (they were persisted) */
    grow: (n: number) => (total += n),
    /** emit plays a live batch of first..last */
    emit: (first: number, last: number) =>
      deliver?.({ executionId: 'exec-1', lines: Array.from({ length: last - first + 1 }, (_, i) => line(first + i)) }),
    /** hold makes Lines wait until release() */
    hold: () => (gated = true),
    release: () => {
      gated = false
      gates.splice(0).forEach((r) => r())
    },
  }
}

const seqs = (log: RunLog) => log.cachedLines().map((l) => l.seq)
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i)

function open(total: number, opts: RunLogOptions = {}) {
  const src = fakeSource(total)
  const log = new RunLog('exec-1', src, { pageSize: 10, ...opts })
  return { src, log }
}

describe('RunLog', () => {
  it('subscribes before paging the store', async () => {
    const { src, log } = open(5)
    const started = log.start()
    expect(src.subscribe).toHaveBeenCalledOnce()
    expect(src.lines).not.toHaveBeenCalled() // queued behind the subscription
    await started
    expect(src.subscribe.mock.invocationCallOrder[0]).toBeLessThan(src.lines.mock.invocationCallOrder[0])
    expect(seqs(log)).toEqual(range(1, 5))
    expect(log.ready).toBe(true)
  })

  it('pages stored lines then applies batches that arrived meanwhile, without duplicates', async () => {
    const { src, log } = open(25)
    src.hold()
    const started = log.start()
    // While Lines is in flight the CLI prints lines 20..30; the store already had 1..25.
    src.grow(5)
    src.emit(20, 30)
    src.release()
    await started
    await log.idle()
    expect(seqs(log)).toEqual(range(1, 30))
    expect(log.lastSeq).toBe(30)
  })

  it('drops lines it already has when batches overlap', async () => {
    const { src, log } = open(10)
    await log.start()
    src.grow(10)
    src.emit(8, 15)
    src.emit(15, 20)
    await log.idle()
    expect(seqs(log)).toEqual(range(1, 20))
  })

  it('fetches a gap from the store before applying a batch', async () => {
    const { src, log } = open(10)
    await log.start()
    src.lines.mockClear()
    src.grow(15) // lines 11..25 persisted, but the batch for 11..19 never arrived
    src.emit(20, 25)
    await log.idle()
    expect(src.lines).toHaveBeenCalledWith('exec-1', 10, 10)
    expect(seqs(log)).toEqual(range(1, 25))
  })

  it('handles batches arriving out of order', async () => {
    const { src, log } = open(5)
    await log.start()
    src.grow(10)
    src.emit(11, 15) // arrives first
    src.emit(6, 10) // late: everything in it is already there
    await log.idle()
    expect(seqs(log)).toEqual(range(1, 15))
    expect(log.lastSeq).toBe(15)
  })

  it('accepts a hole the store cannot fill yet and fills it on demand later', async () => {
    const { src, log } = open(5, { retryMs: 0 })
    await log.start()
    src.emit(9, 10) // lines 6..8 not persisted yet
    await log.idle()
    expect(log.lastSeq).toBe(10)
    expect(log.lineAt(7)).toBeUndefined()
    src.grow(5)
    await log.ensure(1, 10)
    expect(seqs(log)).toEqual(range(1, 10))
  })

  it('opens a million-line run with a few calls and bounded memory', async () => {
    const { src, log } = open(1_000_000, { pageSize: 1000, maxPages: 8 })
    await log.start()
    expect(log.lastSeq).toBe(1_000_000)
    expect(src.lines.mock.calls.length).toBeLessThanOrEqual(3)
    expect(log.lineAt(1_000_000)?.text).toBe('line 1000000')
    expect(log.lineAt(500_000)).toBeUndefined()

    await log.ensure(500_000, 500_040)
    expect(log.lineAt(500_000)?.text).toBe('line 500000')
    expect(log.lineAt(500_040)?.seq).toBe(500_040)

    // Scrolling through many places never keeps more than the LRU bound (+ the tail page).
    for (let k = 0; k < 50; k++) await log.ensure(k * 17_000 + 1, k * 17_000 + 60)
    expect(log.cachedPages).toBeLessThanOrEqual(9)
    expect(log.cachedLines().length).toBeLessThanOrEqual(9 * 1000)
    // The tail page survived, so live lines keep appending to it.
    src.grow(1)
    src.emit(1_000_001, 1_000_001)
    await log.idle()
    expect(log.lineAt(1_000_001)?.seq).toBe(1_000_001)
  })

  it('skips a huge gap instead of reading all of it', async () => {
    const { src, log } = open(10, { pageSize: 10, jumpThreshold: 30 })
    await log.start()
    src.lines.mockClear()
    src.grow(10_000)
    src.emit(10_001, 10_010)
    await log.idle()
    expect(src.lines.mock.calls.length).toBeLessThanOrEqual(2)
    expect(log.lastSeq).toBe(10_010)
    await log.ensure(5000, 5005)
    expect(log.lineAt(5003)?.text).toBe('line 5003')
  })

  it('does not fetch the same page twice at once', async () => {
    const { src, log } = open(100, { maxPages: 2, jumpThreshold: 1000 })
    await log.start()
    expect(log.lineAt(1)).toBeUndefined() // evicted by the catch-up
    src.lines.mockClear()
    await Promise.all([log.ensure(1, 5), log.ensure(3, 8)])
    expect(src.lines).toHaveBeenCalledTimes(1)
  })

  it('resyncs from the store after missed events', async () => {
    const { src, log } = open(10)
    await log.start()
    src.grow(7)
    await log.resync()
    expect(seqs(log)).toEqual(range(1, 17))
  })

  it('records store errors and recovers on the next batch', async () => {
    const onChange = vi.fn()
    const { src, log } = open(3, { onChange })
    src.lines.mockRejectedValueOnce(new Error('database is locked'))
    await log.start()
    expect(log.error).toBe('database is locked')
    expect(onChange).toHaveBeenCalled()
    src.emit(4, 4)
    await log.idle()
    expect(log.error).toBe('')
    expect(seqs(log)).toEqual(range(1, 4))
  })

  it('stops listening and ignores late answers', async () => {
    const { src, log } = open(5)
    src.hold()
    const started = log.start()
    log.stop()
    src.release()
    await started
    expect(src.unsubscribe).toHaveBeenCalledOnce()
    expect(seqs(log)).toEqual([])
  })
})

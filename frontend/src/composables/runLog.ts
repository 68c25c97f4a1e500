// RunLog keeps the readable part of one run's log consistent with the store and the live stream:
// every line appears once, in seq order, with no gap, whatever order the batches arrive in. It
// holds only a bounded LRU of pages (pageSize lines each); rows outside the cache are paged from
// the store on demand, so a million-line run costs the same memory as a short one.
//
// Protocol (no gap, no duplicate): subscribe to the live batches first; page Lines(after=lastSeq) until the end;
// then apply the batches that arrived meanwhile and all later ones, dropping seq <= lastSeq and
// fetching a gap (first seq > lastSeq+1) from the store before applying. All of that runs on one
// promise chain, so the catch-up and every batch are applied strictly one after another.
import type { LinesPage, LogBatch, LogLine, Unsubscribe } from '@/bridge'

/** RunLogSource is what RunLog needs from the bridge; tests pass a fake. */
export interface RunLogSource {
  lines(id: string, after: number, limit: number): Promise<LinesPage>
  subscribe(id: string, onBatch: (batch: LogBatch) => void): Unsubscribe
}

export interface RunLogOptions {
  /** lines per page and per Lines call (default 1000) */
  pageSize?: number
  /** pages kept in memory (default 24) */
  maxPages?: number
  /**
   * When the store is more than this many lines ahead, the catch-up skips to the last page
   * instead of reading everything in between (default 3 pages); skipped rows are paged on demand.
   */
  jumpThreshold?: number
  /** called after anything visible changed (new lines, a page arrived, an error) */
  onChange?: () => void
  /** a page whose rows are still missing after a fetch is not fetched again for this long */
  retryMs?: number
}

type Page = (LogLine | undefined)[]

export class RunLog {
  /** lastSeq is the highest seq known to exist: the log has rows 1..lastSeq. */
  lastSeq = 0
  /** ready turns true once the first catch-up finished. */
  ready = false
  /** error is the last failure talking to the store ('' when fine). */
  error = ''

  private readonly size: number
  private readonly maxPages: number
  private readonly jump: number
  private readonly retryMs: number
  private readonly pages = new Map<number, Page>() // insertion order = LRU order
  private readonly inflight = new Map<number, Promise<void>>()
  private readonly retryAfter = new Map<number, number>()
  private chain: Promise<void> = Promise.resolve()
  private unsubscribe: Unsubscribe | null = null
  private stopped = false

  constructor(
    readonly id: string,
    private readonly source: RunLogSource,
    private readonly opts: RunLogOptions = {},
  ) {
    this.size = opts.pageSize ?? 1000
    this.maxPages = Math.max(2, opts.maxPages ?? 24)
    this.jump = opts.jumpThreshold ?? 3 * this.size
    this.retryMs = opts.retryMs ?? 2000
  }

  /** start subscribes, then catches up with the store; resolves when the catch-up is done. */
  start(): Promise<void> {
    // Subscribing first is the point: a batch emitted while Lines is in flight is queued on the
    // chain behind the catch-up instead of being lost.
    this.unsubscribe = this.source.subscribe(this.id, (batch) => this.enqueue(() => this.applyBatch(batch)))
    return this.enqueue(async () => {
      await this.fillTo(Infinity)
      this.ready = true
    })
  }

  /** stop unsubscribes; later answers from the store are ignored. */
  stop() {
    this.stopped = true
    this.unsubscribe?.()
    this.unsubscribe = null
  }

  /** resync re-pages from the store, e.g. after the bus said this window missed events. */
  resync(): Promise<void> {
    return this.enqueue(() => this.fillTo(Infinity))
  }

  /** idle resolves when everything queued so far has been applied (tests, and "wait then jump"). */
  idle(): Promise<void> {
    return this.chain
  }

  /** lineAt returns the line with this seq if its page is cached; it marks the page recently used. */
  lineAt(seq: number): LogLine | undefined {
    const k = this.pageOf(seq)
    const page = this.pages.get(k)
    if (!page) return undefined
    this.touch(k, page)
    return page[seq - k * this.size - 1]
  }

  /** ensure fetches the pages holding rows from..to (seq, inclusive) that are not in memory. */
  ensure(from: number, to: number): Promise<void> {
    const last = Math.min(to, this.lastSeq)
    const jobs: Promise<void>[] = []
    for (let k = this.pageOf(Math.max(1, from)); k <= this.pageOf(last) && last >= 1; k++) {
      if (this.missingIn(k, Math.max(from, k * this.size + 1), Math.min(last, (k + 1) * this.size))) {
        jobs.push(this.fetchPage(k))
      }
    }
    return Promise.all(jobs).then(() => undefined)
  }

  /** cachedPages is how many pages are in memory (never more than maxPages + the tail page). */
  get cachedPages(): number {
    return this.pages.size
  }

  /** cachedLines lists the cached lines in seq order (tests and debugging). */
  cachedLines(): LogLine[] {
    return [...this.pages.keys()]
      .sort((a, b) => a - b)
      .flatMap((k) => (this.pages.get(k) ?? []).filter((l): l is LogLine => !!l))
  }

  private pageOf(seq: number) {
    return Math.floor((seq - 1) / this.size)
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.stopped) return
      try {
        await work()
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e)
        this.changed()
      }
    })
    return this.chain
  }

  private changed() {
    if (!this.stopped) this.opts.onChange?.()
  }

  // fillTo pages the store from lastSeq until it reaches `target` or the end of the log.
  private async fillTo(target: number) {
    while (!this.stopped && this.lastSeq < target) {
      const before = this.lastSeq
      const res = await this.source.lines(this.id, this.lastSeq, this.size)
      if (this.stopped) return
      this.error = ''
      this.append(res.lines)
      const end = Math.min(target, res.total)
      if (end - this.lastSeq > this.jump) {
        // Far behind: skip ahead (to the start of the last page, or to the end of a gap); the
        // rows in between exist in the store and are paged on demand when someone scrolls there.
        const to = target === Infinity ? Math.floor((end - 1) / this.size) * this.size : end
        this.lastSeq = Math.max(this.lastSeq, to)
      } else if (res.next === 0 || res.lines.length === 0) {
        break
      }
      if (this.lastSeq === before) break // the store gave nothing new: never spin
      this.changed()
    }
    this.changed()
  }

  private async applyBatch(batch: LogBatch) {
    const fresh = batch.lines.filter((l) => l.seq > this.lastSeq).sort((a, b) => a.seq - b.seq)
    if (fresh.length === 0) return
    // A gap means events were lost or reordered: read the missing lines from the store first.
    if (fresh[0].seq > this.lastSeq + 1) await this.fillTo(fresh[0].seq - 1)
    // Whatever the store could not give yet is accepted as a hole and paged on demand later.
    if (fresh[0].seq > this.lastSeq + 1) this.lastSeq = fresh[0].seq - 1
    this.append(fresh)
    this.changed()
  }

  // append writes lines into the cache and advances lastSeq over the ones that extend the log.
  private append(lines: readonly LogLine[]) {
    for (const line of lines) {
      if (line.seq > this.lastSeq) this.lastSeq = line.seq
      this.put(line)
    }
    this.evict()
  }

  private put(line: LogLine) {
    const k = this.pageOf(line.seq)
    let page = this.pages.get(k)
    if (!page) {
      page = []
      this.pages.set(k, page)
    }
    page[line.seq - k * this.size - 1] = line
  }

  private touch(k: number, page: Page) {
    this.pages.delete(k)
    this.pages.set(k, page)
  }

  // Evict least recently used pages, never the tail page live lines are written to.
  private evict() {
    const tail = this.pageOf(this.lastSeq + 1)
    for (const k of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) break
      if (k !== tail && k !== this.pageOf(this.lastSeq)) this.pages.delete(k)
    }
  }

  private missingIn(k: number, from: number, to: number): boolean {
    if ((this.retryAfter.get(k) ?? 0) > Date.now()) return false
    const page = this.pages.get(k)
    if (!page) return true
    for (let seq = from; seq <= to; seq++) if (!page[seq - k * this.size - 1]) return true
    return false
  }

  private fetchPage(k: number): Promise<void> {
    const running = this.inflight.get(k)
    if (running) return running
    const job = this.source
      .lines(this.id, k * this.size, this.size)
      .then((res) => {
        if (this.stopped) return
        const end = (k + 1) * this.size
        for (const line of res.lines) if (line.seq > k * this.size && line.seq <= end) this.put(line)
        const page = this.pages.get(k)
        if (page) this.touch(k, page)
        // Rows still missing (not stored yet, or dropped by the output cap) are not asked for
        // again at every scroll event.
        const through = Math.min(end, this.lastSeq)
        const filled = page && page.filter(Boolean).length >= through - k * this.size
        if (!filled) this.retryAfter.set(k, Date.now() + this.retryMs)
        else this.retryAfter.delete(k)
        this.evict()
        this.changed()
      })
      .catch((e: unknown) => {
        this.error = e instanceof Error ? e.message : String(e)
        this.retryAfter.set(k, Date.now() + this.retryMs)
        this.changed()
      })
      .finally(() => this.inflight.delete(k))
    this.inflight.set(k, job)
    return job
  }
}

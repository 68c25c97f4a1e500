import type { TerminalOutput, TerminalSnapshot } from '@/bridge'

/**
 * OutputSync joins a session's scrollback snapshot and its live batches into one gapless stream.
 * Batches are numbered by byte offset: one that the snapshot already holds is skipped, one that
 * starts past what was written (the event bus dropped some for a slow window) asks for a resync,
 * and batches that arrive before the snapshot wait for it.
 */
export class OutputSync {
  private expected = -1 // offset of the next byte to write; -1 while waiting for a snapshot
  private early: TerminalOutput[] = []

  constructor(
    private readonly write: (data: string) => void,
    private readonly resync: () => void,
  ) {}

  /** snapshot writes the kept scrollback, then whatever arrived while it was fetched. */
  snapshot(snap: Pick<TerminalSnapshot, 'data' | 'end'>): void {
    if (snap.data) this.write(snap.data)
    this.expected = snap.end
    const early = this.early
    this.early = []
    for (const out of early) this.push(out)
  }

  /** push takes one live batch. */
  push(out: TerminalOutput): void {
    if (this.expected < 0) {
      this.early.push(out)
      return
    }
    if (out.offset + out.size <= this.expected) return
    if (out.offset !== this.expected) {
      // Batches end where snapshots end, so anything else means output was lost on the way.
      this.reset()
      this.early.push(out)
      this.resync()
      return
    }
    this.write(out.data)
    this.expected += out.size
  }

  /** reset forgets the position: the next snapshot starts over (the screen was cleared). */
  reset(): void {
    this.expected = -1
    this.early = []
  }
}

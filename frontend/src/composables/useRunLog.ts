import { onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { logLines, onBusMissed, subscribeLog, type LogLine } from '@/bridge'
import { RunLog, type RunLogOptions } from './runLog'

/**
 * useRunLog follows one run's log with the no-gap/no-duplicate protocol of RunLog and exposes it
 * to a component: `lastSeq` (row count), `version` (bumped whenever visible data changed, read it
 * in the template so rows re-render), `lineAt(seq)` and `ensure(from, to)` for the rows on screen.
 * A new id starts over; leaving the component unsubscribes.
 */
export function useRunLog(id: MaybeRefOrGetter<string>, options: Omit<RunLogOptions, 'onChange'> = {}) {
  const lastSeq = ref(0)
  const ready = ref(false)
  const error = ref('')
  const version = ref(0)
  let log: RunLog | null = null

  function attach(next: string) {
    log?.stop()
    lastSeq.value = 0
    ready.value = false
    error.value = ''
    version.value++
    if (!next) {
      log = null
      return
    }
    const current = new RunLog(next, { lines: logLines, subscribe: subscribeLog }, {
      ...options,
      onChange: () => {
        lastSeq.value = current.lastSeq
        ready.value = current.ready
        error.value = current.error
        version.value++
      },
    })
    log = current
    void current.start()
  }

  watch(() => toValue(id), attach, { immediate: true })
  // The bus dropped events for this window: whatever was missed is in the store.
  onScopeDispose(onBusMissed(() => void log?.resync()))
  onScopeDispose(() => log?.stop())

  return {
    lastSeq,
    ready,
    error,
    version,
    lineAt: (seq: number): LogLine | undefined => log?.lineAt(seq),
    ensure: (from: number, to: number): Promise<void> => log?.ensure(from, to) ?? Promise.resolve(),
    resync: (): Promise<void> => log?.resync() ?? Promise.resolve(),
    idle: (): Promise<void> => log?.idle() ?? Promise.resolve(),
  }
}

export type RunLogHandle = ReturnType<typeof useRunLog>

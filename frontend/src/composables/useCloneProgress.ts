import { onUnmounted, ref, watch, type Ref } from 'vue'
import { currentCloneProgress, onCloneProgress, type CloneProgress, type Unsubscribe } from '@/bridge'

/**
 * useCloneProgress follows the clone or sync of one project while `active` is true: the latest
 * progress first (a screen opened mid-clone), then every event. It ends with the final event
 * (done) kept, so the screen can say how it ended until the project reloads.
 */
export function useCloneProgress(projectId: Ref<string>, active: Ref<boolean>) {
  const progress = ref<CloneProgress | null>(null)
  let off: Unsubscribe | null = null

  function stop() {
    off?.()
    off = null
  }

  watch(
    [projectId, active],
    async ([id, on]) => {
      stop()
      if (!on || !id) return
      let live = false
      off = onCloneProgress(id, (p) => {
        live = true
        progress.value = p
      })
      try {
        const now = await currentCloneProgress(id)
        if (!live && now) progress.value = now
      } catch {
        // Events still arrive; the bar just starts at the next one.
      }
    },
    { immediate: true },
  )
  onUnmounted(stop)
  return { progress }
}

// Where each phase sits on one bar from 0 to 100: git reports percentages per phase, and nothing
// while the pack downloads, so the bar shows the phases in order.
const spans: Record<string, [number, number]> = {
  Connecting: [0, 2],
  'Enumerating objects': [2, 5],
  'Counting objects': [5, 15],
  'Compressing objects': [15, 30],
  'Receiving objects': [30, 85],
  'Resolving deltas': [85, 92],
  'Checking out files': [92, 99],
  Done: [100, 100],
}

/** overallPercent places a phase's own percentage on the whole clone's bar. */
export function overallPercent(p: CloneProgress | null): number {
  if (!p) return 0
  const [from, to] = spans[p.phase] ?? [0, 2]
  if (p.percent < 0) return from
  return Math.round(from + ((to - from) * Math.min(p.percent, 100)) / 100)
}

import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import {
  createTrigger,
  deleteTrigger,
  listBackends,
  listPlaceholders,
  listTriggers,
  on,
  onExecutionStatus,
  runTrigger,
  resumeTrigger,
  setTriggerEnabled,
  updateTrigger,
  type Execution,
  type Placeholder,
  type Trigger,
  type TriggerSummary,
} from '@/bridge'
import { KnownCLIs } from '@/constants/providers'
import { useLatestRequest } from '@/composables/useLatestRequest'
import { Events } from '@/constants/events'

/** matchesQuery is the client-side filter of the list: every word must appear somewhere. */
export function matchesQuery(t: TriggerSummary, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const hay = [t.name, t.description, t.id, t.backendType, t.triggerSource, t.model].join(' ').toLowerCase()
  return words.every((w) => hay.includes(w))
}

// An execution is newer than the row's last run when it was queued after that run started.
const newer = (e: Execution, row: TriggerSummary) =>
  e.id === row.lastExecutionId || !row.lastStartedAt || (e.queuedAt || e.startedAt) >= row.lastStartedAt

/** useTriggersStore holds the trigger list and the editor's reference data (placeholders, backends). */
export const useTriggersStore = defineStore('triggers', () => {
  const list = ref<TriggerSummary[]>([])
  const query = ref('')
  // The query Go answered for: until the answer for the current query arrives, the list is
  // filtered here so typing feels instant.
  const answeredQuery = ref<string | null>(null)
  const loaded = ref(false)
  // A newer search replaces one still on its way, so typing never shows an older query's answer.
  const search = useLatestRequest()
  const { loading, error } = search
  const placeholders = ref<Placeholder[]>([])
  const backends = ref<string[]>([])

  const visible = computed(() =>
    answeredQuery.value === query.value.trim() ? list.value : list.value.filter((t) => matchesQuery(t, query.value)),
  )

  /** load asks Go for the triggers matching the current query; failures end up in error. */
  async function load() {
    const q = query.value.trim()
    await search.run(
      () => listTriggers(q),
      (rows) => {
        list.value = rows ?? []
        answeredQuery.value = q
        loaded.value = true
      },
    )
  }

  /** merge copies a saved trigger into its list row (keeping the row's run information). */
  function merge(t: Trigger) {
    list.value = list.value.map((row) => (row.id === t.id ? { ...row, ...t } : row))
  }

  /** setEnabled switches a trigger on or off; Go errors are thrown. */
  async function setEnabled(id: string, enabled: boolean): Promise<Trigger> {
    const t = await setTriggerEnabled(id, enabled)
    merge(t)
    return t
  }

  /** resume lets a paused trigger fire again; Go errors are thrown. */
  async function resume(id: string): Promise<Trigger> {
    const t = await resumeTrigger(id)
    merge(t)
    return t
  }

  /**
   * save creates (no id) or updates a trigger and returns what Go stored; Go errors are thrown.
   * A new trigger has no row to merge into: a loaded list is fetched again so the screens that
   * name triggers from it (run links, the history filter) know it without a visit to the list.
   */
  async function save(t: Trigger): Promise<Trigger> {
    const stored = t.id ? await updateTrigger(t) : await createTrigger(t)
    merge(stored)
    if (!t.id && loaded.value) void load()
    return stored
  }

  /** run starts a trigger and returns the new execution id. */
  function run(id: string, message: string): Promise<string> {
    return runTrigger(id, message)
  }

  async function remove(id: string) {
    await deleteTrigger(id)
    list.value = list.value.filter((t) => t.id !== id)
  }

  /** loadPlaceholders fetches the placeholder list once; the editor's autocomplete uses it. */
  async function loadPlaceholders() {
    if (placeholders.value.length === 0) placeholders.value = await listPlaceholders()
    return placeholders.value
  }

  /** loadBackends fetches the selectable backends once, falling back to the four known CLIs. */
  async function loadBackends() {
    if (backends.value.length > 0) return backends.value
    try {
      backends.value = await listBackends()
    } catch {
      backends.value = []
    }
    if (backends.value.length === 0) backends.value = KnownCLIs.map((c) => c.name)
    return backends.value
  }

  // A trigger can change without the user: it pauses itself after repeated failures, or a
  // script edits it over REST. A loaded list follows.
  onScopeDispose(
    on(Events.TriggersChanged, () => {
      if (loaded.value) void load()
    }),
  )
  // A deleted project takes its links with it: rows show the linked projects.
  onScopeDispose(
    on(Events.ProjectsChanged, () => {
      if (loaded.value) void load()
    }),
  )

  // Keep "last run" live: any run that changes state updates its trigger's row.
  onScopeDispose(
    onExecutionStatus((e) => {
      list.value = list.value.map((row) =>
        row.id === e.triggerId && newer(e, row)
          ? {
              ...row,
              lastExecutionId: e.id,
              lastStatus: e.status,
              lastStartedAt: e.startedAt || e.queuedAt,
              lastFinishedAt: e.finishedAt,
            }
          : row,
      )
    }),
  )

  return {
    list,
    query,
    visible,
    loading,
    loaded,
    error,
    placeholders,
    backends,
    load,
    merge,
    setEnabled,
    resume,
    save,
    run,
    remove,
    loadPlaceholders,
    loadBackends,
  }
})

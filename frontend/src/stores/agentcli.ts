import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import { detectAgentCLIs, listAgentCLIs, on, setAgentCLIPath, toError, type AgentCLI } from '@/bridge'
import { Events } from '@/constants/events'
import { KnownCLIs } from '@/constants/providers'

/** CLIRow pairs a known CLI with its last detection result (null until Go has checked it). */
export interface CLIRow {
  name: string
  displayName: string
  info: AgentCLI | null
}

/** useAgentCLIStore tracks which AI CLIs were found and lets the user re-detect or override paths. */
export const useAgentCLIStore = defineStore('agentcli', () => {
  const clis = ref<AgentCLI[]>([])
  const loading = ref(false)
  const detecting = ref(false)
  const error = ref('')

  // The four known CLIs always get a row, in a fixed order; anything else Go reports follows.
  const rows = computed<CLIRow[]>(() => {
    const known = KnownCLIs.map((k) => {
      const info = clis.value.find((c) => c.name === k.name) ?? null
      return { name: k.name, displayName: info?.displayName || k.displayName, info }
    })
    const knownNames = new Set<string>(KnownCLIs.map((k) => k.name))
    const extra = clis.value
      .filter((c) => !knownNames.has(c.name))
      .map((c) => ({ name: c.name, displayName: c.displayName || c.name, info: c }))
    return [...known, ...extra]
  })

  /** checked is false until a detection pass has reported at least one CLI. */
  const checked = computed(() => clis.value.length > 0)
  const foundCount = computed(() => clis.value.filter((c) => c.found).length)

  // Start-up detection runs in Go's background and announces its result with this event.
  onScopeDispose(on<AgentCLI[]>(Events.AgentCLIDetected, (list) => Array.isArray(list) && (clis.value = list)))

  async function load() {
    loading.value = true
    error.value = ''
    try {
      clis.value = await listAgentCLIs()
    } catch (e) {
      error.value = toError(e).message
    } finally {
      loading.value = false
    }
  }

  /** detect re-runs detection; failures end up in error. */
  async function detect() {
    detecting.value = true
    error.value = ''
    try {
      clis.value = await detectAgentCLIs()
    } catch (e) {
      error.value = toError(e).message
    } finally {
      detecting.value = false
    }
  }

  /** setPath stores a custom binary path (empty clears it). A path Go rejects is thrown. */
  async function setPath(name: string, path: string): Promise<AgentCLI> {
    const updated = await setAgentCLIPath(name, path.trim())
    const known = clis.value.some((c) => c.name === updated.name)
    clis.value = known ? clis.value.map((c) => (c.name === updated.name ? updated : c)) : [...clis.value, updated]
    return updated
  }

  return { clis, loading, detecting, error, rows, checked, foundCount, load, detect, setPath }
})

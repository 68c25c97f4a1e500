import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import {
  deleteKey,
  getKeyringStatus,
  listKeys,
  on,
  setKey,
  toError,
  type KeyringStatus,
  type ProviderKey,
} from '@/bridge'
import { Events } from '@/constants/events'
import { BuiltinProviders } from '@/constants/providers'

/** KeyRow is one line of the API keys list: a slot's description, never its value. */
export interface KeyRow {
  provider: string
  label: string
  envVars: string[]
  usedBy: string
  custom: boolean
  stored: boolean
  fromEnv: boolean
}

/** KeyState is the user-facing state of a key slot. */
export type KeyState = 'env' | 'stored' | 'unset'

/** keyState decides which label a row shows; an env var wins because Go gives it precedence. */
export function keyState(row: Pick<KeyRow, 'stored' | 'fromEnv'>): KeyState {
  if (row.fromEnv) return 'env'
  return row.stored ? 'stored' : 'unset'
}

/**
 * useKeysStore tracks which API keys exist. Key values pass through `save` straight to Go and
 * are never assigned to store state: only Go's stored/fromEnv flags come back.
 */
export const useKeysStore = defineStore('keys', () => {
  const status = ref<KeyringStatus | null>(null)
  const keys = ref<ProviderKey[]>([])
  const loading = ref(false)
  const loadError = ref('')
  /** loaded turns true after the first successful load; until then no row's state is known. */
  const loaded = ref(false)
  const busy = ref<Record<string, 'saving' | 'deleting'>>({})

  /** available is true only once Go confirmed the keyring works. */
  const available = computed(() => status.value?.available === true)

  const rows = computed<KeyRow[]>(() => {
    const builtins = BuiltinProviders.map((p) => {
      const k = keys.value.find((x) => x.provider === p.id)
      const envVars = k?.envVar && !p.envVars.includes(k.envVar) ? [k.envVar, ...p.envVars] : p.envVars
      return {
        provider: p.id,
        label: k?.label || p.label,
        envVars,
        usedBy: p.usedBy,
        custom: false,
        stored: k?.stored ?? false,
        fromEnv: k?.fromEnv ?? false,
      }
    })
    const builtinIds = new Set<string>(BuiltinProviders.map((p) => p.id))
    const custom = keys.value
      .filter((k) => !builtinIds.has(k.provider))
      .map((k) => ({
        provider: k.provider,
        label: k.label || k.provider,
        envVars: [k.envVar || k.provider],
        usedBy: '',
        custom: true,
        stored: k.stored,
        fromEnv: k.fromEnv,
      }))
      .sort((a, b) => a.provider.localeCompare(b.provider))
    return [...builtins, ...custom]
  })

  async function refreshList() {
    keys.value = await listKeys()
  }

  /** load fetches keyring status and key slots; failures end up in loadError. */
  async function load() {
    loading.value = true
    loadError.value = ''
    try {
      const [s, list] = await Promise.all([getKeyringStatus(), listKeys()])
      status.value = s
      keys.value = list
      loaded.value = true
    } catch (e) {
      loadError.value = toError(e).message
    } finally {
      loading.value = false
    }
  }

  // Go says a key changed (here, or via another window); it never says which value.
  onScopeDispose(on(Events.SecretsChanged, () => void load()))

  async function withBusy(provider: string, kind: 'saving' | 'deleting', work: () => Promise<void>) {
    busy.value = { ...busy.value, [provider]: kind }
    try {
      await work()
    } finally {
      const rest = { ...busy.value }
      delete rest[provider]
      busy.value = rest
    }
  }

  /** save stores a key in the keyring. The value is passed on, not kept. Go errors are thrown. */
  function save(provider: string, value: string): Promise<void> {
    return withBusy(provider, 'saving', async () => {
      await setKey(provider, value)
      await refreshList()
    })
  }

  /** remove deletes a stored key. Go errors are thrown. */
  function remove(provider: string): Promise<void> {
    return withBusy(provider, 'deleting', async () => {
      await deleteKey(provider)
      await refreshList()
    })
  }

  return { status, keys, loading, loadError, loaded, busy, available, rows, load, save, remove }
})

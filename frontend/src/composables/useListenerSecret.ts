import { computed, ref, type Ref } from 'vue'
import { useListenerStore } from '@/stores'
import { toError } from '@/bridge'

/** Which listener secret a settings row shows. */
export interface ListenerSecretSlot {
  /** 'keyring' | 'env' | '' as Go reports it. */
  source: () => string
  configured: () => boolean
  /** The environment variable that overrides it, as Go reports it. */
  envVar: () => string
  /** What "not set" means for this secret. */
  notSetText: string
}

/**
 * useListenerSecret holds what the API key and GitHub secret rows share: the state tag (checking,
 * set by environment, stored, not set) and one action at a time with its error. `busy` names the
 * running action so each button can show its own spinner.
 */
export function useListenerSecret<A extends string>(slot: ListenerSecretSlot) {
  const listener = useListenerStore()
  const busy = ref('') as Ref<A | ''>
  const error = ref('')
  const fromEnv = computed(() => slot.source() === 'env')
  const configured = computed(() => slot.configured())
  const state = computed(() => {
    if (!listener.status) return { text: listener.loadError ? 'Unknown' : 'Checking', type: 'default' as const }
    if (fromEnv.value) return { text: `Set by environment (${slot.envVar()})`, type: 'info' as const }
    if (configured.value) return { text: 'Stored in the keyring', type: 'success' as const }
    return { text: slot.notSetText, type: 'warning' as const }
  })

  async function run(kind: A, work: () => Promise<void>) {
    busy.value = kind
    error.value = ''
    try {
      await work()
    } catch (e) {
      error.value = toError(e).message
    } finally {
      busy.value = ''
    }
  }

  return { busy, error, fromEnv, configured, state, run }
}

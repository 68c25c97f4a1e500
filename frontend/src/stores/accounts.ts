import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  clearCooldown,
  createAccount,
  deleteAccount,
  fieldErrorsOf,
  listAccounts,
  listCooldowns,
  onAccountsChanged,
  toError,
  updateAccount,
  type Account,
  type AccountInput,
  type Cooldown,
  type Unsubscribe,
} from '@/bridge'

/**
 * useAccountsStore holds the accounts of every backend and the cooldowns in force. Keys pass
 * through `save` to Go (and the keyring) and are never kept in state.
 */
export const useAccountsStore = defineStore('accounts', () => {
  const accounts = ref<Account[]>([])
  const cooldowns = ref<Cooldown[]>([])
  const loadError = ref('')
  const loaded = ref(false)
  let unsubscribe: Unsubscribe | null = null

  async function load() {
    try {
      const [a, c] = await Promise.all([listAccounts(), listCooldowns()])
      accounts.value = a
      cooldowns.value = c
      loadError.value = ''
      loaded.value = true
    } catch (e) {
      loadError.value = toError(e).message
    }
  }

  /** watch keeps the lists current while a screen shows them. */
  function watch() {
    if (!unsubscribe) unsubscribe = onAccountsChanged(() => void load())
  }

  /** save creates (id "") or updates; it resolves with Go's field errors, {} on success. */
  async function save(id: string, input: AccountInput): Promise<Record<string, string>> {
    try {
      if (id) await updateAccount(id, input)
      else await createAccount(input)
      await load()
      return {}
    } catch (e) {
      const err = toError(e)
      const fields = fieldErrorsOf(err)
      return Object.keys(fields).length ? fields : { _: err.message }
    }
  }

  async function remove(id: string) {
    await deleteAccount(id)
    await load()
  }

  async function clear(key: string) {
    await clearCooldown(key)
    await load()
  }

  const byBackend = (backend: string) => computed(() => accounts.value.filter((a) => a.backend === backend))

  /** label names an account for a select or a sentence; "" is the backend's default. */
  function label(backend: string, id: string): string {
    if (!id) {
      const def = accounts.value.find((a) => a.backend === backend && a.isDefault)
      return def ? `Default (${def.name})` : 'Default (global API key or CLI login)'
    }
    return accounts.value.find((a) => a.id === id)?.name ?? `missing account ${id}`
  }

  return { accounts, cooldowns, loadError, loaded, load, watch, save, remove, clear, byBackend, label }
})

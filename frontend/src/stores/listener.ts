import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  clearAPIKey,
  clearGitHubSecret,
  configureListener,
  generateAPIKey,
  getListenerSettings,
  getListenerStatus,
  setGitHubSecret,
  toError,
  type ListenerSettings,
  type ListenerStatus,
} from '@/bridge'
import { fromListenerDraft, listenerFieldErrors, validateListener, type ListenerDraft, type ListenerErrors } from '@/utils/listener'

/**
 * useListenerStore holds the HTTP listener's configuration and status for Settings → Listener,
 * the trigger editor and the deliveries screen. It never holds a secret: the API key that
 * generateKey returns goes straight back to the caller.
 */
export const useListenerStore = defineStore('listener', () => {
  const status = ref<ListenerStatus | null>(null)
  const config = ref<ListenerSettings | null>(null)
  const loading = ref(false)
  const loadError = ref('')
  const saving = ref(false)
  const saveError = ref('')
  const fieldErrors = ref<ListenerErrors>({})

  /** loadStatus refreshes the status only (the editor and deliveries screen need no more). */
  async function loadStatus() {
    try {
      status.value = await getListenerStatus()
      loadError.value = ''
    } catch (e) {
      loadError.value = toError(e).message
    }
  }

  /** load fetches status and stored configuration; failures end up in loadError. */
  async function load() {
    loading.value = true
    loadError.value = ''
    try {
      const [s, c] = await Promise.all([getListenerStatus(), getListenerSettings()])
      status.value = s
      config.value = c
    } catch (e) {
      loadError.value = toError(e).message
    } finally {
      loading.value = false
    }
  }

  /**
   * save validates, stores and applies the draft. A bind failure is not a save failure: Go
   * stores the settings and says why in status.error. Go's field messages land in fieldErrors.
   */
  async function save(draft: ListenerDraft): Promise<boolean> {
    saveError.value = ''
    fieldErrors.value = validateListener(draft)
    if (Object.keys(fieldErrors.value).length > 0) return false
    saving.value = true
    try {
      status.value = await configureListener(fromListenerDraft(draft))
      // Go normalises what it stores (trimmed, lower-case origins): show that.
      config.value = await getListenerSettings()
      return true
    } catch (e) {
      const err = toError(e)
      fieldErrors.value = listenerFieldErrors(err)
      saveError.value = err.message
      return false
    } finally {
      saving.value = false
    }
  }

  function clearFieldError(field: keyof ListenerErrors) {
    if (!fieldErrors.value[field]) return
    const rest = { ...fieldErrors.value }
    delete rest[field]
    fieldErrors.value = rest
  }

  /** generateKey makes a new API key and returns it for one showing; it is not kept here. */
  async function generateKey(): Promise<string> {
    const key = await generateAPIKey()
    await loadStatus()
    return key
  }

  // The setters below throw Go's errors for the section to show next to its control.
  async function clearKey() {
    status.value = await clearAPIKey()
  }

  async function setGitHub(value: string) {
    status.value = await setGitHubSecret(value)
  }

  async function clearGitHub() {
    status.value = await clearGitHubSecret()
  }

  return {
    status,
    config,
    loading,
    loadError,
    saving,
    saveError,
    fieldErrors,
    load,
    loadStatus,
    save,
    clearFieldError,
    generateKey,
    clearKey,
    setGitHub,
    clearGitHub,
  }
})

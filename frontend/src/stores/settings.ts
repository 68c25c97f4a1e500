import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import {
  clearSentryDSN,
  getAppInfo,
  getSentryStatus,
  getSettings,
  on,
  setSentryDSN,
  toError,
  updateSettings,
  type AppInfo,
  type SentryStatus,
  type Settings,
  type Theme,
} from '@/bridge'
import { Events } from '@/constants/events'
import { goFieldErrors, toSettings, validateSettings, type FieldErrors, type SettingsDraft } from '@/utils/validate'
import { useThemeStore } from './theme'

/** useSettingsStore holds the stored preferences, the app's paths and the Sentry status. */
export const useSettingsStore = defineStore('settings', () => {
  const theme = useThemeStore()

  const current = ref<Settings | null>(null)
  const info = ref<AppInfo | null>(null)
  const sentry = ref<SentryStatus | null>(null)
  const loading = ref(false)
  const loadError = ref('')
  const saving = ref(false)
  const saveError = ref('')
  const fieldErrors = ref<FieldErrors>({})
  const sentryError = ref('')

  function accept(next: Settings) {
    current.value = next
    theme.setMode(next.theme)
  }

  // Another window or the HTTP API may change settings; Go broadcasts the stored result.
  onScopeDispose(on<Settings>(Events.SettingsChanged, (next) => next && accept(next)))

  /** load fetches settings and app info; failures end up in loadError, never thrown. */
  async function load() {
    loading.value = true
    loadError.value = ''
    try {
      const [stored, appInfo] = await Promise.all([getSettings(), getAppInfo()])
      accept(stored)
      info.value = appInfo
    } catch (e) {
      loadError.value = toError(e).message
    } finally {
      loading.value = false
    }
  }

  /**
   * save validates the draft, stores it and reports success. Invalid fields get a message in
   * fieldErrors before Go is asked; a Go error lands in saveError and under each field it names.
   */
  async function save(draft: SettingsDraft): Promise<boolean> {
    saveError.value = ''
    fieldErrors.value = validateSettings(draft)
    if (Object.keys(fieldErrors.value).length > 0) return false
    if (!current.value) return false
    saving.value = true
    try {
      accept(await updateSettings({ ...current.value, ...toSettings(draft) }))
      return true
    } catch (e) {
      const err = toError(e)
      fieldErrors.value = goFieldErrors(err)
      saveError.value = err.message
      return false
    } finally {
      saving.value = false
    }
  }

  /** clearFieldError drops the message of a field the user is editing again. */
  function clearFieldError(field: keyof Settings) {
    if (!fieldErrors.value[field]) return
    const rest = { ...fieldErrors.value }
    delete rest[field]
    fieldErrors.value = rest
  }

  /**
   * saveTheme applies the theme at once and stores it on its own, so a theme switch never saves
   * half-edited numbers from the General form. A failed save puts the previous theme back.
   */
  async function saveTheme(next: Theme) {
    theme.setMode(next)
    if (!current.value) return
    const previous = current.value
    try {
      accept(await updateSettings({ ...previous, theme: next }))
    } catch (e) {
      theme.setMode(previous.theme)
      throw toError(e)
    }
  }

  /**
   * savePatch stores some fields on their own (a switch that applies when flipped), over the
   * stored settings. Go's error is thrown for the caller to show.
   */
  async function savePatch(patch: Partial<Settings>) {
    if (!current.value) throw new Error('Settings are not loaded yet')
    accept(await updateSettings({ ...current.value, ...patch }))
  }

  async function loadSentry() {
    sentryError.value = ''
    try {
      sentry.value = await getSentryStatus()
    } catch (e) {
      sentryError.value = toError(e).message
    }
  }

  /** setSentry stores a DSN (or clears it when dsn is empty); Go errors are thrown. */
  async function setSentry(dsn: string) {
    sentry.value = dsn ? await setSentryDSN(dsn) : await clearSentryDSN()
  }

  return {
    current,
    info,
    sentry,
    loading,
    loadError,
    saving,
    saveError,
    fieldErrors,
    sentryError,
    load,
    save,
    clearFieldError,
    saveTheme,
    savePatch,
    loadSentry,
    setSentry,
  }
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import * as bridge from '@/test/bridgeMock'
import { settingsFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { useSettingsStore } from './settings'
import { useThemeStore } from './theme'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

const draft = (over = {}) => ({ maxConcurrentRuns: 4, retentionDays: 30, outputCapMiB: 256, webhookMessageCapKiB: 256, routerMaxAttempts: 5, defaultCooldownSeconds: 300, theme: 'system' as const, ...over })

beforeEach(() => {
  bridge.resetBridgeMock()
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('settings store', () => {
  it('loads settings and app info and applies the stored theme', async () => {
    bridge.getSettings.mockResolvedValue(settingsFixture({ theme: 'dark' }))
    const store = useSettingsStore()
    await store.load()
    expect(store.current?.maxConcurrentRuns).toBe(4)
    expect(store.info?.dataDir).toBe('/home/test/.config/Agented')
    expect(useThemeStore().mode).toBe('dark')
    expect(store.loadError).toBe('')
  })

  it('reports a load failure instead of throwing', async () => {
    bridge.getAppInfo.mockRejectedValue(new Error('database is locked'))
    const store = useSettingsStore()
    await store.load()
    expect(store.loadError).toBe('database is locked')
    expect(store.loading).toBe(false)
  })

  it('does not call Go when a field is out of range and says which field', async () => {
    const store = useSettingsStore()
    const ok = await store.save(draft({ maxConcurrentRuns: 65, retentionDays: null }))
    expect(ok).toBe(false)
    expect(bridge.updateSettings).not.toHaveBeenCalled()
    expect(store.fieldErrors.maxConcurrentRuns).toBe('Must be between 1 and 64.')
    expect(store.fieldErrors.retentionDays).toMatch(/from 1 to 3650/)
    expect(store.fieldErrors.outputCapMiB).toBeUndefined()
  })

  it('saves a valid draft over the stored settings and keeps what Go stored', async () => {
    bridge.getSettings.mockResolvedValue(settingsFixture({ autoPauseAfterFailures: 3, keepRunningInBackground: true }))
    bridge.updateSettings.mockResolvedValue(settingsFixture({ maxConcurrentRuns: 8 }))
    const store = useSettingsStore()
    await store.load()
    expect(await store.save(draft({ maxConcurrentRuns: 8 }))).toBe(true)
    // Fields the General form does not show are sent back as stored, not reset.
    expect(bridge.updateSettings).toHaveBeenCalledWith({
      maxConcurrentRuns: 8,
      retentionDays: 30,
      outputCapMiB: 256,
      webhookMessageCapKiB: 256,
      routerMaxAttempts: 5,
      defaultCooldownSeconds: 300,
      theme: 'system',
      autoPauseAfterFailures: 3,
      keepRunningInBackground: true,
      startAtLogin: false,
      updateCheck: false,
      updateFeedUrl: '',
    })
    expect(store.current?.maxConcurrentRuns).toBe(8)
    expect(store.fieldErrors).toEqual({})
  })

  it('puts a Go validation error under the field it names', async () => {
    const goError = 'invalid settings: outputCapMiB: must be between 1 and 4096'
    // What Wails delivers for a Go validation error (backend/bindings.FormatError).
    bridge.updateSettings.mockRejectedValue({
      message: goError,
      subject: 'settings',
      fields: { outputCapMiB: 'must be between 1 and 4096' },
    })
    const store = useSettingsStore()
    await store.load()
    expect(await store.save(draft())).toBe(false)
    expect(store.saveError).toBe(goError)
    expect(store.fieldErrors).toEqual({ outputCapMiB: 'Must be between 1 and 4096.' })
    store.clearFieldError('outputCapMiB')
    expect(store.fieldErrors.outputCapMiB).toBeUndefined()
  })

  it('saves a patch over the stored settings, and throws what Go refuses', async () => {
    const store = useSettingsStore()
    await expect(store.savePatch({ startAtLogin: true })).rejects.toThrow('not loaded')
    await store.load()
    await store.savePatch({ startAtLogin: true })
    expect(bridge.updateSettings).toHaveBeenLastCalledWith(settingsFixture({ startAtLogin: true }))
    expect(store.current?.startAtLogin).toBe(true)
    bridge.updateSettings.mockRejectedValue(new Error('invalid settings: startAtLogin: could not change the login entry: read-only'))
    await expect(store.savePatch({ startAtLogin: false })).rejects.toThrow('read-only')
    expect(store.current?.startAtLogin).toBe(true)
  })

  it('follows settings:changed from the backend', async () => {
    const store = useSettingsStore()
    expect(bridge.listenerCount(Events.SettingsChanged)).toBe(1)
    bridge.emit(Events.SettingsChanged, settingsFixture({ retentionDays: 90, theme: 'light' }))
    expect(store.current?.retentionDays).toBe(90)
    expect(useThemeStore().mode).toBe('light')
  })

  it('applies a theme at once and puts the old one back when saving fails', async () => {
    const store = useSettingsStore()
    await store.load()
    bridge.updateSettings.mockRejectedValue(new Error('read-only database'))
    const theme = useThemeStore()
    const pending = store.saveTheme('dark')
    expect(theme.mode).toBe('dark')
    await expect(pending).rejects.toThrow('read-only database')
    expect(theme.mode).toBe('system')
  })

  it('stores and clears the Sentry DSN without keeping it', async () => {
    const store = useSettingsStore()
    await store.setSentry('https://secret@example.invalid/1')
    expect(bridge.setSentryDSN).toHaveBeenCalledWith('https://secret@example.invalid/1')
    expect(store.sentry?.configured).toBe(true)
    expect(JSON.stringify(store.$state)).not.toContain('secret@')
    await store.setSentry('')
    expect(bridge.clearSentryDSN).toHaveBeenCalledOnce()
    expect(store.sentry?.configured).toBe(false)
  })
})

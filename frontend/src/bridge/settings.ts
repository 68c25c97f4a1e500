import * as SettingsAPI from '@wails/go/bindings/SettingsAPI'
import type { config, settings } from '@wails/go/models'
import { call } from './call'

export type Settings = settings.Settings
export type SentryStatus = settings.SentryStatus
export type AppInfo = config.AppInfo

/** Theme is the UI colour scheme preference stored in Settings.theme. */
export type Theme = 'system' | 'dark' | 'light'

export const getSettings = (): Promise<Settings> => call(() => SettingsAPI.Get())

/** updateSettings validates and stores `next` in Go and returns what was stored. */
export const updateSettings = (next: Settings): Promise<Settings> => call(() => SettingsAPI.Update(next))

/** getAllowedRoots returns the directories linked directories must be inside; [] = no limit. */
export const getAllowedRoots = (): Promise<string[]> => call(async () => (await SettingsAPI.AllowedRoots()) ?? [])

/** setAllowedRoots validates and stores the roots in Go and returns them cleaned. */
export const setAllowedRoots = (roots: string[]): Promise<string[]> =>
  call(async () => (await SettingsAPI.SetAllowedRoots(roots)) ?? [])

export const getAppInfo = (): Promise<AppInfo> => call(() => SettingsAPI.Info())

export const getSentryStatus = (): Promise<SentryStatus> => call(() => SettingsAPI.GetSentry())

/** setSentryDSN stores the DSN in the keyring; the DSN never comes back, only the status. */
export const setSentryDSN = (dsn: string): Promise<SentryStatus> => call(() => SettingsAPI.SetSentryDSN(dsn))

/** clearSentryDSN removes the stored DSN (Go treats an empty DSN as "clear"). */
export const clearSentryDSN = (): Promise<SentryStatus> => setSentryDSN('')

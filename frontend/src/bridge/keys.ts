import * as KeysAPI from '@wails/go/bindings/KeysAPI'
import type { secret } from '@wails/go/models'
import { call } from './call'

export type KeyringStatus = secret.Status
export type ProviderKey = secret.ProviderKey

export const getKeyringStatus = (): Promise<KeyringStatus> => call(() => KeysAPI.Status())

/** listKeys describes every key slot; it never returns a key's value. */
export const listKeys = (): Promise<ProviderKey[]> => call(() => KeysAPI.List())

/**
 * setKey stores `value` in the OS keyring under `provider` (`anthropic`, `openai`, `google`, or the
 * env var name of a custom key). The value goes straight to Go; nothing here keeps it.
 */
export const setKey = (provider: string, value: string): Promise<void> => call(() => KeysAPI.Set(provider, value))

export const deleteKey = (provider: string): Promise<void> => call(() => KeysAPI.Delete(provider))

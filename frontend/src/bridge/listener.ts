import * as ListenerAPI from '@wails/go/bindings/ListenerAPI'
import type { httpserver, settings } from '@wails/go/models'
import { call } from './call'
import { list, type Data } from './data'

export type ListenerStatus = Data<httpserver.Status>
export type ListenerSettings = Data<settings.Listener>

/** SecretSource says where a listener secret comes from; an env var cannot be changed here. */
export type SecretSource = 'keyring' | 'env' | ''

// Lists from Go may be null (a nil slice); the calls below hand back [] instead.
const status = (s: ListenerStatus): ListenerStatus => ({
  ...s,
  corsOrigins: list(s.corsOrigins),
  trustedProxies: list(s.trustedProxies),
})

const config = (l: ListenerSettings): ListenerSettings => ({
  ...l,
  corsOrigins: list(l.corsOrigins),
  trustedProxies: list(l.trustedProxies),
})

/** getListenerStatus says whether the listener runs, its URLs and which secrets exist (never their values). */
export const getListenerStatus = (): Promise<ListenerStatus> => call(() => ListenerAPI.Status()).then(status)

/** getListenerSettings returns the stored listener configuration for the form. */
export const getListenerSettings = (): Promise<ListenerSettings> => call(() => ListenerAPI.Settings()).then(config)

/**
 * configureListener saves the configuration and applies it at once (start, stop or re-bind).
 * Validation failures reject with a FieldError; a failed bind resolves, with Status.error set.
 */
export const configureListener = (next: ListenerSettings): Promise<ListenerStatus> =>
  call(() => ListenerAPI.Configure(next)).then(status)

/**
 * generateAPIKey stores a new random API key and resolves with it: the only time it is ever
 * shown. The previous key stops working at once. Callers show it and drop it; never store it.
 */
export const generateAPIKey = (): Promise<string> => call(() => ListenerAPI.GenerateAPIKey())

/** clearAPIKey deletes the stored API key, which closes /admin and /api. */
export const clearAPIKey = (): Promise<ListenerStatus> => call(() => ListenerAPI.ClearAPIKey()).then(status)

/** setGitHubSecret stores the secret GitHub signs deliveries with; only the status comes back. */
export const setGitHubSecret = (value: string): Promise<ListenerStatus> =>
  call(() => ListenerAPI.SetGitHubSecret(value)).then(status)

/** clearGitHubSecret deletes the stored GitHub secret; every GitHub delivery is then rejected. */
export const clearGitHubSecret = (): Promise<ListenerStatus> => call(() => ListenerAPI.ClearGitHubSecret()).then(status)

import * as APIKeysAPI from '@wails/go/bindings/APIKeysAPI'
import type { apikey } from '@wails/go/models'
import { call } from './call'
import { list, type Data } from './data'

/** ApiKeyScope is what a named key may do; each includes the ones before it. */
export type ApiKeyScope = 'read' | 'run' | 'admin'

export type ApiKey = Data<apikey.Key>
export type CreatedApiKey = Data<apikey.Created>

/** listApiKeys returns every named key of the HTTP API, oldest first, never their secrets. */
export const listApiKeys = (): Promise<ApiKey[]> => call(() => APIKeysAPI.List()).then(list)

/**
 * createApiKey makes a named key and resolves with its secret in `key`: the only time it is ever
 * shown. Callers show it and drop it; never store it. A bad name or scope rejects with a FieldError.
 */
export const createApiKey = (name: string, scope: ApiKeyScope): Promise<CreatedApiKey> =>
  call(() => APIKeysAPI.Create({ name, scope }))

/** revokeApiKey deletes a key; requests that send it fail from now on. */
export const revokeApiKey = (id: string): Promise<void> => call(() => APIKeysAPI.Revoke(id))

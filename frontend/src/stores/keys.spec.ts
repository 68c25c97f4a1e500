import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import * as bridge from '@/test/bridgeMock'
import { keyringFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { keyState, useKeysStore } from './keys'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => {
  bridge.resetBridgeMock()
  setActivePinia(createPinia())
})

describe('keys store', () => {
  it('always lists the three providers first, then custom keys', async () => {
    bridge.listKeys.mockResolvedValueOnce([])
    const store = useKeysStore()
    await store.load()
    expect(store.rows.map((r) => r.provider)).toEqual(['anthropic', 'openai', 'google'])
    expect(store.rows[1].envVars).toEqual(['OPENAI_API_KEY', 'CODEX_API_KEY'])

    await store.load()
    expect(store.rows.map((r) => r.provider)).toEqual(['anthropic', 'openai', 'google', 'OPENROUTER_API_KEY'])
    expect(store.rows.map(keyState)).toEqual(['stored', 'unset', 'env', 'stored'])
    expect(store.available).toBe(true)
  })

  it('reports an unavailable keyring', async () => {
    bridge.getKeyringStatus.mockResolvedValue(keyringFixture({ available: false, reason: 'no secret service' }))
    const store = useKeysStore()
    await store.load()
    expect(store.loaded).toBe(true)
    expect(store.available).toBe(false)
    expect(store.status?.reason).toBe('no secret service')
  })

  it('passes a key to Go without keeping it anywhere in the store', async () => {
    const store = useKeysStore()
    await store.load()
    const secretValue = 'fake-anthropic-very-secret-123'
    const pending = store.save('openai', secretValue)
    expect(store.busy.openai).toBe('saving')
    await pending
    expect(bridge.setKey).toHaveBeenCalledWith('openai', secretValue)
    expect(bridge.listKeys).toHaveBeenCalledTimes(2)
    expect(store.busy).toEqual({})
    expect(JSON.stringify(store.$state)).not.toContain(secretValue)
  })

  it('rethrows a Go error and clears the busy flag', async () => {
    bridge.setKey.mockRejectedValue(new Error('keyring locked'))
    const store = useKeysStore()
    await expect(store.save('anthropic', 'x')).rejects.toThrow('keyring locked')
    expect(store.busy).toEqual({})
  })

  it('deletes a key and refreshes the list', async () => {
    const store = useKeysStore()
    await store.remove('anthropic')
    expect(bridge.deleteKey).toHaveBeenCalledWith('anthropic')
    expect(bridge.listKeys).toHaveBeenCalledOnce()
  })

  it('stays not loaded when Go cannot be asked', async () => {
    bridge.listKeys.mockRejectedValue(new Error('not connected'))
    const store = useKeysStore()
    await store.load()
    expect(store.loaded).toBe(false)
    expect(store.loadError).toBe('not connected')
  })

  it('reloads when the backend says secrets changed', async () => {
    useKeysStore()
    bridge.emit(Events.SecretsChanged)
    await vi.waitFor(() => expect(bridge.getKeyringStatus).toHaveBeenCalledOnce())
  })

  it('shows an env var as taking precedence over a stored key', () => {
    expect(keyState({ stored: true, fromEnv: true })).toBe('env')
    expect(keyState({ stored: false, fromEnv: false })).toBe('unset')
  })
})

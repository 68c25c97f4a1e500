// Stand-in for '@/bridge' in store and component tests:
//   vi.mock('@/bridge', () => import('@/test/bridgeMock'))
// Every binding is a vi.fn answering with the fixtures; `emit` plays a backend event to whoever
// subscribed with `on`. Error helpers are the real ones, so Error handling is exercised as shipped.
import { vi } from 'vitest'
import type * as Bridge from '@/bridge'
import { appInfoFixture, clisFixture, keyringFixture, keysFixture, sentryFixture, settingsFixture } from './fixtures'

export { BackendUnavailableError, backendPresent, call, toError } from '@/bridge/call'

type Fn<K extends keyof typeof Bridge> = (typeof Bridge)[K] extends (...args: infer A) => infer R ? (...args: A) => R : never

export const getSettings = vi.fn<Fn<'getSettings'>>()
export const updateSettings = vi.fn<Fn<'updateSettings'>>()
export const getAppInfo = vi.fn<Fn<'getAppInfo'>>()
export const getSentryStatus = vi.fn<Fn<'getSentryStatus'>>()
export const setSentryDSN = vi.fn<Fn<'setSentryDSN'>>()
export const clearSentryDSN = vi.fn<Fn<'clearSentryDSN'>>()
export const getKeyringStatus = vi.fn<Fn<'getKeyringStatus'>>()
export const listKeys = vi.fn<Fn<'listKeys'>>()
export const setKey = vi.fn<Fn<'setKey'>>()
export const deleteKey = vi.fn<Fn<'deleteKey'>>()
export const listAgentCLIs = vi.fn<Fn<'listAgentCLIs'>>()
export const detectAgentCLIs = vi.fn<Fn<'detectAgentCLIs'>>()
export const setAgentCLIPath = vi.fn<Fn<'setAgentCLIPath'>>()
export const copyText = vi.fn<Fn<'copyText'>>()
export const openExternal = vi.fn<Fn<'openExternal'>>()

const handlers = new Map<string, Set<(payload: unknown) => void>>()

export const on = vi.fn((name: string, handler: (payload: never) => void) => {
  const set = handlers.get(name) ?? new Set()
  set.add(handler as (payload: unknown) => void)
  handlers.set(name, set)
  return () => set.delete(handler as (payload: unknown) => void)
})

/** emit delivers a backend event to the current subscribers. */
export function emit(name: string, payload?: unknown) {
  for (const h of handlers.get(name) ?? []) h(payload)
}

/** listenerCount tells how many handlers are subscribed to an event. */
export function listenerCount(name: string): number {
  return handlers.get(name)?.size ?? 0
}

/** resetBridgeMock restores the default answers; call it in beforeEach. */
export function resetBridgeMock() {
  handlers.clear()
  for (const fn of [getSettings, updateSettings, getAppInfo, getSentryStatus, setSentryDSN, clearSentryDSN]) fn.mockReset()
  for (const fn of [getKeyringStatus, listKeys, setKey, deleteKey, listAgentCLIs, detectAgentCLIs, setAgentCLIPath]) fn.mockReset()
  copyText.mockReset()
  openExternal.mockReset()
  on.mockClear()

  getSettings.mockImplementation(async () => settingsFixture())
  updateSettings.mockImplementation(async (s) => ({ ...s }))
  getAppInfo.mockImplementation(async () => appInfoFixture())
  getSentryStatus.mockImplementation(async () => sentryFixture())
  setSentryDSN.mockImplementation(async (dsn) => sentryFixture({ configured: !!dsn, active: !!dsn }))
  clearSentryDSN.mockImplementation(async () => sentryFixture())
  getKeyringStatus.mockImplementation(async () => keyringFixture())
  listKeys.mockImplementation(async () => keysFixture())
  setKey.mockImplementation(async () => undefined)
  deleteKey.mockImplementation(async () => undefined)
  listAgentCLIs.mockImplementation(async () => clisFixture())
  detectAgentCLIs.mockImplementation(async () => clisFixture())
  setAgentCLIPath.mockImplementation(async (name, path) => {
    const found = clisFixture().find((c) => c.name === name) ?? clisFixture()[0]
    return { ...found, customPath: path, path: path || found.path, source: path ? 'custom' : found.source }
  })
  copyText.mockImplementation(async () => undefined)
}

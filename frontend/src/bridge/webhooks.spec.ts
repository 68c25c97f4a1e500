import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as ListenerAPI from '@wails/go/bindings/ListenerAPI'
import * as WebhooksAPI from '@wails/go/bindings/WebhooksAPI'
import * as runtime from '@wails/runtime/runtime'
import {
  clearAPIKey,
  clearGitHubSecret,
  clearTriggerSecret,
  configureListener,
  generateAPIKey,
  getDelivery,
  getListenerSettings,
  getListenerStatus,
  listDeliveries,
  onWebhookDelivery,
  replayDelivery,
  setGitHubSecret,
  setTriggerSecret,
  webhookExample,
  type Delivery,
} from '@/bridge'
import { listenerSettingsFixture } from '@/test/fixtures'

vi.mock('@wails/go/bindings/ListenerAPI', () => ({
  Status: vi.fn(),
  Settings: vi.fn(),
  Configure: vi.fn(),
  GenerateAPIKey: vi.fn(),
  ClearAPIKey: vi.fn(),
  SetGitHubSecret: vi.fn(),
  ClearGitHubSecret: vi.fn(),
}))
vi.mock('@wails/go/bindings/WebhooksAPI', () => ({
  ListDeliveries: vi.fn(),
  GetDelivery: vi.fn(),
  Replay: vi.fn(),
  SetTriggerSecret: vi.fn(),
  ClearTriggerSecret: vi.fn(),
  Example: vi.fn(),
}))
vi.mock('@wails/runtime/runtime', () => ({ EventsOn: vi.fn() }))

beforeEach(() => {
  vi.resetAllMocks()
  delete window.runtime
})

// What Go sends for a delivery whose slices and maps are nil.
const nilDelivery = { id: 'd1', runs: null, duplicates: null, skipped: null, signedTriggers: null, headers: null } as never

describe('listener bridge', () => {
  it('turns Go’s null lists into empty arrays', async () => {
    const nulls = { corsOrigins: null, trustedProxies: null } as never
    for (const fn of [ListenerAPI.Status, ListenerAPI.Configure, ListenerAPI.ClearAPIKey, ListenerAPI.SetGitHubSecret, ListenerAPI.ClearGitHubSecret]) {
      vi.mocked(fn as () => Promise<unknown>).mockResolvedValue(nulls)
    }
    vi.mocked(ListenerAPI.Settings).mockResolvedValue(nulls)
    for (const s of [
      await getListenerStatus(),
      await getListenerSettings(),
      await configureListener(listenerSettingsFixture()),
      await clearAPIKey(),
      await setGitHubSecret('s3cret'),
      await clearGitHubSecret(),
    ]) {
      expect(s).toMatchObject({ corsOrigins: [], trustedProxies: [] })
    }
  })

  it('passes arguments through and returns a generated key as is', async () => {
    vi.mocked(ListenerAPI.Configure).mockResolvedValue({ corsOrigins: [], trustedProxies: [] } as never)
    vi.mocked(ListenerAPI.SetGitHubSecret).mockResolvedValue({} as never)
    vi.mocked(ListenerAPI.GenerateAPIKey).mockResolvedValue('k-123')
    const l = listenerSettingsFixture({ port: 20001 })
    await configureListener(l)
    await setGitHubSecret('gh-secret')
    expect(await generateAPIKey()).toBe('k-123')
    expect(ListenerAPI.Configure).toHaveBeenCalledWith(l)
    expect(ListenerAPI.SetGitHubSecret).toHaveBeenCalledWith('gh-secret')
  })

  it('rejects with Go’s validation text as an Error', async () => {
    vi.mocked(ListenerAPI.Configure).mockRejectedValue('invalid listener settings: port: must be between 1 and 65535')
    await expect(configureListener(listenerSettingsFixture())).rejects.toThrow('invalid listener settings: port')
  })
})

describe('webhooks bridge', () => {
  it('turns Go’s null lists and maps into empty ones', async () => {
    vi.mocked(WebhooksAPI.ListDeliveries).mockResolvedValue({ deliveries: null, total: 0 } as never)
    expect((await listDeliveries({ source: '', outcome: '', limit: 25, offset: 0 })).deliveries).toEqual([])

    vi.mocked(WebhooksAPI.ListDeliveries).mockResolvedValue({ deliveries: [nilDelivery], total: 1 } as never)
    vi.mocked(WebhooksAPI.GetDelivery).mockResolvedValue(nilDelivery)
    vi.mocked(WebhooksAPI.Replay).mockResolvedValue(nilDelivery)
    const empty = { runs: [], duplicates: [], skipped: [], signedTriggers: [], headers: {} }
    expect((await listDeliveries({ source: 'github', outcome: '', limit: 25, offset: 0 })).deliveries[0]).toMatchObject(empty)
    expect(await getDelivery('d1')).toMatchObject(empty)
    expect(await replayDelivery('d1')).toMatchObject(empty)

    vi.mocked(WebhooksAPI.Example).mockResolvedValue({ curl: 'curl', notes: null, headers: null } as never)
    expect(await webhookExample('t1', 'http://127.0.0.1:20000')).toMatchObject({ notes: [], headers: {} })
  })

  it('passes arguments through in order', async () => {
    vi.mocked(WebhooksAPI.ListDeliveries).mockResolvedValue({ deliveries: [], total: 0 } as never)
    vi.mocked(WebhooksAPI.SetTriggerSecret).mockResolvedValue({} as never)
    vi.mocked(WebhooksAPI.ClearTriggerSecret).mockResolvedValue({} as never)
    vi.mocked(WebhooksAPI.Example).mockResolvedValue({} as never)
    vi.mocked(WebhooksAPI.Replay).mockRejectedValue('webhook: delivery not replayable: its signature was invalid when it arrived')
    const filter = { source: 'github', outcome: 'dispatched', limit: 25, offset: 50 }
    await listDeliveries(filter)
    await setTriggerSecret('trig-1', 'abcdefgh')
    await clearTriggerSecret('trig-1')
    await webhookExample('trig-1', '')
    await expect(replayDelivery('d9')).rejects.toThrow('not replayable')
    expect(WebhooksAPI.ListDeliveries).toHaveBeenCalledWith(filter)
    expect(WebhooksAPI.SetTriggerSecret).toHaveBeenCalledWith('trig-1', 'abcdefgh')
    expect(WebhooksAPI.ClearTriggerSecret).toHaveBeenCalledWith('trig-1')
    expect(WebhooksAPI.Example).toHaveBeenCalledWith('trig-1', '')
    expect(WebhooksAPI.Replay).toHaveBeenCalledWith('d9')
  })

  it('delivers webhook:delivery rows and drops malformed payloads', () => {
    window.runtime = {}
    let deliver: (...data: unknown[]) => void = () => {}
    const off = vi.fn()
    vi.mocked(runtime.EventsOn).mockImplementation((_name, cb) => {
      deliver = cb
      return off
    })
    const seen: Delivery[] = []
    const unsubscribe = onWebhookDelivery((d) => seen.push(d))
    expect(runtime.EventsOn).toHaveBeenCalledWith('webhook:delivery', expect.any(Function))
    deliver(nilDelivery)
    deliver({ outcome: 'dispatched' })
    deliver(null)
    unsubscribe()
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ id: 'd1', runs: [], skipped: [] })
    expect(off).toHaveBeenCalledOnce()
  })
})

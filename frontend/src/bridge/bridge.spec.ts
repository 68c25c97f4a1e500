import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as SettingsAPI from '@wails/go/bindings/SettingsAPI'
import * as KeysAPI from '@wails/go/bindings/KeysAPI'
import * as AgentCLIAPI from '@wails/go/bindings/AgentCLIAPI'
import * as runtime from '@wails/runtime/runtime'
import {
  BackendUnavailableError,
  clearSentryDSN,
  deleteKey,
  detectAgentCLIs,
  getKeyringStatus,
  getSettings,
  listAgentCLIs,
  on,
  setAgentCLIPath,
  setKey,
  setSentryDSN,
  toError,
  FieldError,
  fieldErrorsOf,
  updateSettings,
} from '@/bridge'
import { Events, executionLog } from '@/constants/events'

vi.mock('@wails/go/bindings/SettingsAPI', () => ({
  Get: vi.fn(),
  Update: vi.fn(),
  Info: vi.fn(),
  GetSentry: vi.fn(),
  SetSentryDSN: vi.fn(),
}))
vi.mock('@wails/go/bindings/KeysAPI', () => ({ Status: vi.fn(), List: vi.fn(), Set: vi.fn(), Delete: vi.fn() }))
vi.mock('@wails/go/bindings/AgentCLIAPI', () => ({ List: vi.fn(), Detect: vi.fn(), SetPath: vi.fn() }))
vi.mock('@wails/runtime/runtime', () => ({ EventsOn: vi.fn(), BrowserOpenURL: vi.fn(), ClipboardSetText: vi.fn() }))

beforeEach(() => {
  vi.resetAllMocks()
})

afterEach(() => {
  delete window.go
  delete window.runtime
})

describe('bridge calls', () => {
  it('turns a string rejection from Go into an Error with the same message', async () => {
    vi.mocked(SettingsAPI.Get).mockRejectedValue('open settings: disk full')
    const err = await getSettings().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toBe('open settings: disk full')
  })

  it('keeps a rejection that is already an Error', async () => {
    const original = new Error('boom')
    vi.mocked(KeysAPI.Status).mockRejectedValue(original)
    await expect(getKeyringStatus()).rejects.toBe(original)
  })

  it('says the backend is not connected when window.go is missing', async () => {
    vi.mocked(AgentCLIAPI.List).mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'bindings')")
    })
    await expect(listAgentCLIs()).rejects.toBeInstanceOf(BackendUnavailableError)
  })

  it('passes arguments through in order', async () => {
    vi.mocked(KeysAPI.Set).mockResolvedValue()
    vi.mocked(KeysAPI.Delete).mockResolvedValue()
    vi.mocked(AgentCLIAPI.SetPath).mockResolvedValue({} as never)
    vi.mocked(AgentCLIAPI.Detect).mockResolvedValue([])
    vi.mocked(SettingsAPI.SetSentryDSN).mockResolvedValue({} as never)
    vi.mocked(SettingsAPI.Update).mockImplementation(async (s) => s)

    await setKey('OPENROUTER_API_KEY', 'value-1')
    await deleteKey('anthropic')
    await setAgentCLIPath('codex', '/opt/codex')
    await detectAgentCLIs()
    await setSentryDSN('https://k@example.invalid/1')
    await clearSentryDSN()
    const next = {
      maxConcurrentRuns: 8,
      retentionDays: 7,
      theme: 'dark',
      outputCapMiB: 64,
      webhookMessageCapKiB: 512,
      autoPauseAfterFailures: 3,
      keepRunningInBackground: true,
      startAtLogin: false,
      routerMaxAttempts: 5,
      defaultCooldownSeconds: 300,
      updateCheck: false,
      updateFeedUrl: '',
    }
    await expect(updateSettings(next)).resolves.toEqual(next)

    expect(KeysAPI.Set).toHaveBeenCalledWith('OPENROUTER_API_KEY', 'value-1')
    expect(KeysAPI.Delete).toHaveBeenCalledWith('anthropic')
    expect(AgentCLIAPI.SetPath).toHaveBeenCalledWith('codex', '/opt/codex')
    expect(AgentCLIAPI.Detect).toHaveBeenCalledOnce()
    expect(SettingsAPI.SetSentryDSN).toHaveBeenNthCalledWith(1, 'https://k@example.invalid/1')
    expect(SettingsAPI.SetSentryDSN).toHaveBeenNthCalledWith(2, '')
    expect(SettingsAPI.Update).toHaveBeenCalledWith(next)
  })
})

describe('toError', () => {
  it.each([
    ['a string', 'bad', 'bad'],
    ['an empty string', '', 'Unknown error from the backend'],
    ['an object with a message', { message: 'obj' }, 'obj'],
    ['anything else', 42, 'Unexpected error from the backend: 42'],
  ])('handles %s', (_, input, message) => {
    expect(toError(input).message).toBe(message)
  })

  it('decodes a Go validation error into a FieldError, keeping ";" and ":" in its messages', () => {
    // The object Wails rejects with for a validation error (backend/bindings.FormatError).
    const wire = {
      message: 'invalid trigger: githubEvents: must look like pull_request:opened,synchronize;push; name: must not be empty',
      subject: 'trigger',
      fields: { githubEvents: 'must look like pull_request:opened,synchronize;push', name: 'must not be empty', bad: 7 },
    }
    const err = toError(wire)
    expect(err).toBeInstanceOf(FieldError)
    expect(err.message).toBe(wire.message)
    expect((err as FieldError).subject).toBe('trigger')
    expect(fieldErrorsOf(err)).toEqual({
      githubEvents: 'must look like pull_request:opened,synchronize;push',
      name: 'must not be empty',
    })
  })

  it('gives no fields for an error without them', () => {
    expect(toError({ message: 'database is locked' })).not.toBeInstanceOf(FieldError)
    expect(fieldErrorsOf(toError({ message: 'x', fields: 'not an object' }))).toEqual({})
    expect(fieldErrorsOf(new Error('invalid trigger: name: must not be empty'))).toEqual({})
  })
})

describe('events.on', () => {
  it('is a no-op outside Wails', () => {
    const off = on(Events.SettingsChanged, () => {})
    expect(runtime.EventsOn).not.toHaveBeenCalled()
    expect(off).not.toThrow()
  })

  it('delivers the first payload and unsubscribes once', () => {
    window.runtime = {}
    const off = vi.fn()
    let deliver: (...data: unknown[]) => void = () => {}
    vi.mocked(runtime.EventsOn).mockImplementation((_name, cb) => {
      deliver = cb
      return off
    })
    const seen: unknown[] = []
    const unsubscribe = on<string>(Events.AgentCLIDetected, (p) => seen.push(p))

    expect(runtime.EventsOn).toHaveBeenCalledWith('agentcli:detected', expect.any(Function))
    deliver('first', 'ignored')
    unsubscribe()
    unsubscribe()
    deliver('late')

    expect(seen).toEqual(['first'])
    expect(off).toHaveBeenCalledOnce()
  })

  it('takes only names the backend emits (checked by vue-tsc)', () => {
    window.runtime = {}
    vi.mocked(runtime.EventsOn).mockReturnValue(() => {})
    on(Events.ExecutionStatus, () => {})
    on(executionLog('exec-1'), () => {})
    // @ts-expect-error a misspelt fixed name is refused
    on('execution:statuses', () => {})
    // @ts-expect-error a name the backend never emits is refused
    on('window_changed', () => {})
    // @ts-expect-error an id without its prefix is refused
    on('exec-1', () => {})
    expect(vi.mocked(runtime.EventsOn).mock.calls.map(([name]) => name)).toEqual([
      'execution:status',
      'execution:log:exec-1',
      'execution:statuses',
      'window_changed',
      'exec-1',
    ])
  })
})

import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as TriggersAPI from '@wails/go/bindings/TriggersAPI'
import * as ExecutionsAPI from '@wails/go/bindings/ExecutionsAPI'
import * as runtime from '@wails/runtime/runtime'
import { trigger } from '@wails/go/models'
import {
  addTriggerPath,
  createTrigger,
  getDashboard,
  listExecutions,
  listTriggers,
  logLines,
  onExecutionStatus,
  previewPrompt,
  removeTriggerPath,
  searchLog,
  statusOf,
  subscribeLog,
  templateHistory,
  transcript,
} from '@/bridge'
import { executionFixture, triggerFixture } from '@/test/fixtures'

vi.mock('@wails/go/bindings/TriggersAPI', () => ({
  List: vi.fn(),
  Create: vi.fn(),
  Preview: vi.fn(),
  History: vi.fn(),
  AddPath: vi.fn(),
  RemovePath: vi.fn(),
}))
vi.mock('@wails/go/bindings/ExecutionsAPI', () => ({
  List: vi.fn(),
  Lines: vi.fn(),
  Search: vi.fn(),
  Transcript: vi.fn(),
  Dashboard: vi.fn(),
}))
vi.mock('@wails/runtime/runtime', () => ({ EventsOn: vi.fn() }))

beforeEach(() => {
  vi.resetAllMocks()
  delete window.runtime
})

describe('trigger and execution bridge', () => {
  it('passes arguments through in Go’s order', async () => {
    vi.mocked(TriggersAPI.Preview).mockResolvedValue({ rendered: 'x', unknownPlaceholders: [] })
    vi.mocked(TriggersAPI.AddPath).mockResolvedValue({} as never)
    vi.mocked(TriggersAPI.RemovePath).mockResolvedValue({} as never)
    const sample = { message: 'm', paths: '', prUrl: '', prNumber: '', prTitle: '', prAuthor: '', repoUrl: '', repoFullName: '' }
    await previewPrompt('{message}', '/skill', sample)
    await addTriggerPath('trig-1', '/src')
    await removeTriggerPath('trig-1', 7)
    expect(TriggersAPI.Preview).toHaveBeenCalledWith('{message}', '/skill', sample)
    expect(TriggersAPI.AddPath).toHaveBeenCalledWith('trig-1', '/src')
    expect(TriggersAPI.RemovePath).toHaveBeenCalledWith('trig-1', 7)
  })

  it('sends a trigger as the Wails model class (its JSON is the same)', async () => {
    vi.mocked(TriggersAPI.Create).mockImplementation(async (t) => t)
    const t = triggerFixture()
    await createTrigger(t)
    const sent = vi.mocked(TriggersAPI.Create).mock.calls[0][0]
    expect(sent).toBeInstanceOf(trigger.Trigger)
    expect(JSON.parse(JSON.stringify(sent))).toEqual(t)
  })

  it('turns Go’s null slices into empty arrays', async () => {
    vi.mocked(TriggersAPI.List).mockResolvedValue(null as never)
    vi.mocked(TriggersAPI.History).mockResolvedValue(null as never)
    vi.mocked(ExecutionsAPI.List).mockResolvedValue({ executions: null, total: 0 } as never)
    vi.mocked(ExecutionsAPI.Lines).mockResolvedValue({ lines: null, next: 0, total: 0 } as never)
    vi.mocked(ExecutionsAPI.Search).mockResolvedValue({ hits: null, total: 0 } as never)
    vi.mocked(ExecutionsAPI.Transcript).mockResolvedValue(null as never)
    vi.mocked(ExecutionsAPI.Dashboard).mockResolvedValue({ running: null, queued: null, recentFailures: null, todayTotal: 0 } as never)
    expect(await listTriggers('')).toEqual([])
    expect(await templateHistory('t')).toEqual([])
    expect((await listExecutions({} as never)).executions).toEqual([])
    expect((await logLines('e', 0, 10)).lines).toEqual([])
    expect((await searchLog('e', 'q', 10)).hits).toEqual([])
    expect(await transcript('e', 0, 10)).toEqual([])
    expect(await getDashboard()).toMatchObject({ running: [], queued: [], recentFailures: [] })
    expect(ExecutionsAPI.Lines).toHaveBeenCalledWith('e', 0, 10)
  })

  it('reads execution:status payloads, wrapped or not', () => {
    const e = executionFixture()
    expect(statusOf(e)?.id).toBe('exec-1')
    expect(statusOf({ execution: e })).toBeNull()
    expect(statusOf(null)).toBeNull()
    expect(statusOf({ nothing: true })).toBeNull()
  })

  it('subscribes to the per-run log event and the status event', () => {
    window.runtime = {}
    const handlers = new Map<string, (p: unknown) => void>()
    vi.mocked(runtime.EventsOn).mockImplementation((name, cb) => {
      handlers.set(name, cb)
      return () => handlers.delete(name)
    })
    const batches: unknown[] = []
    const statuses: string[] = []
    const offLog = subscribeLog('exec-9', (b) => batches.push(b))
    const offStatus = onExecutionStatus((e) => statuses.push(e.status))
    handlers.get('execution:log:exec-9')?.({ executionId: 'exec-9', lines: [{ seq: 1 }] })
    handlers.get('execution:log:exec-9')?.({ executionId: 'exec-9' }) // malformed: ignored
    handlers.get('execution:status')?.(executionFixture({ status: 'success' }))
    expect(batches).toHaveLength(1)
    expect(statuses).toEqual(['success'])
    offLog()
    offStatus()
    expect(handlers.size).toBe(0)
  })
})

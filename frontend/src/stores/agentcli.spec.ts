import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import * as bridge from '@/test/bridgeMock'
import { clisFixture } from '@/test/fixtures'
import { Events } from '@/constants/events'
import { useAgentCLIStore } from './agentcli'

vi.mock('@/bridge', () => import('@/test/bridgeMock'))

beforeEach(() => {
  bridge.resetBridgeMock()
  setActivePinia(createPinia())
})

describe('agentcli store', () => {
  it('shows the four known CLIs before detection has reported', async () => {
    bridge.listAgentCLIs.mockResolvedValue([])
    const store = useAgentCLIStore()
    await store.load()
    expect(store.rows.map((r) => r.name)).toEqual(['claude', 'codex', 'gemini', 'opencode'])
    expect(store.rows.every((r) => r.info === null)).toBe(true)
    expect(store.checked).toBe(false)
  })

  it('re-detects with a loading state and counts what was found', async () => {
    let finish: (v: ReturnType<typeof clisFixture>) => void = () => {}
    bridge.detectAgentCLIs.mockReturnValue(new Promise((r) => (finish = r)))
    const store = useAgentCLIStore()
    const pending = store.detect()
    expect(store.detecting).toBe(true)
    finish(clisFixture())
    await pending
    expect(store.detecting).toBe(false)
    expect(store.foundCount).toBe(3)
    expect(store.rows.find((r) => r.name === 'gemini')?.info?.found).toBe(false)
  })

  it('keeps detection errors for display', async () => {
    bridge.detectAgentCLIs.mockRejectedValue(new Error('login shell timed out'))
    const store = useAgentCLIStore()
    await store.detect()
    expect(store.error).toBe('login shell timed out')
    expect(store.detecting).toBe(false)
  })

  it('replaces one CLI after a custom path is saved, and rethrows a rejected path', async () => {
    const store = useAgentCLIStore()
    await store.load()
    await store.setPath('codex', '  /opt/codex  ')
    expect(bridge.setAgentCLIPath).toHaveBeenCalledWith('codex', '/opt/codex')
    expect(store.rows.find((r) => r.name === 'codex')?.info?.customPath).toBe('/opt/codex')
    expect(store.clis).toHaveLength(4)

    bridge.setAgentCLIPath.mockRejectedValue(new Error('/nope: no such file'))
    await expect(store.setPath('codex', '/nope')).rejects.toThrow('/nope: no such file')
  })

  it('takes results from the agentcli:detected event', () => {
    const store = useAgentCLIStore()
    bridge.emit(Events.AgentCLIDetected, clisFixture())
    expect(store.checked).toBe(true)
    expect(store.foundCount).toBe(3)
  })
})

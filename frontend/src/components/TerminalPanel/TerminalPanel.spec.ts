import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { TerminalOutput, TerminalSession } from '@/bridge'
import { mountWithApp } from '@/test/mount'
import { byId } from '@/test/dom'
import TerminalPanel from './index.vue'

const outputHandlers = new Map<string, (o: TerminalOutput) => void>()
let changedHandler: (s: TerminalSession) => void = () => {}
const writes: string[] = []

vi.mock('@/bridge', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/bridge')>()
  return {
    ...real,
    listTerminals: vi.fn(),
    startTerminal: vi.fn(),
    terminalSnapshot: vi.fn(),
    resizeTerminal: vi.fn(async () => {}),
    closeTerminal: vi.fn(async () => {}),
    writeTerminal: vi.fn(async (_id: string, data: string) => {
      writes.push(data)
    }),
    terminalWriter: (id: string) => (data: string) => {
      writes.push(`${id}:${data}`)
    },
    onTerminalOutput: (id: string, h: (o: TerminalOutput) => void) => {
      outputHandlers.set(id, h)
      return () => outputHandlers.delete(id)
    },
    onTerminalChanged: (h: (s: TerminalSession) => void) => {
      changedHandler = h
      return () => {}
    },
  }
})

const bridge = await import('@/bridge')

const session = (over: Partial<TerminalSession> = {}): TerminalSession => ({
  id: 's1',
  projectId: 'p1',
  dir: '/work/p1',
  kind: 'shell',
  args: [],
  title: 'bash',
  rows: 24,
  cols: 80,
  pid: 42,
  status: 'running',
  exitCode: 0,
  exitText: '',
  startedAt: '2026-12-07T08:00:00Z',
  endedAt: '',
  ...over,
})

// What the xterm DOM renderer shows (all rows, joined).
const screenText = () => document.querySelector('.xterm-rows')?.textContent ?? ''

async function settle() {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 30)) // xterm writes and renders asynchronously
  await flushPromises()
}

describe('TerminalPanel', () => {
  beforeEach(() => {
    outputHandlers.clear()
    writes.length = 0
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('reopens a project session with its scrollback, then follows live output', async () => {
    vi.mocked(bridge.listTerminals).mockResolvedValue([session(), session({ id: 'other', projectId: 'p2' })])
    vi.mocked(bridge.terminalSnapshot).mockResolvedValue({
      session: session(),
      data: 'restored line\r\n$ ',
      start: 0,
      end: 17,
    })
    const mounted = await mountWithApp({
      components: { TerminalPanel },
      template: '<TerminalPanel project-id="p1" />',
    })
    await settle()
    expect(bridge.listTerminals).toHaveBeenCalledWith('p1')
    expect(mounted.wrapper.find('[data-testid="terminal-tab-other"]').exists()).toBe(false)
    expect(byId(mounted.wrapper, 'terminal-tab-s1').text()).toContain('bash')
    expect(screenText()).toContain('restored line')
    outputHandlers.get('s1')?.({ id: 's1', offset: 0, data: 'restored line\r\n$ ', size: 17 }) // already shown
    outputHandlers.get('s1')?.({ id: 's1', offset: 17, data: 'echo hi\r\nhi ✓', size: 15 })
    await settle()
    expect(screenText().match(/restored line/g)).toHaveLength(1)
    expect(screenText()).toContain('hi ✓')
    mounted.wrapper.unmount()
  })

  it('starts a shell at the measured size and shows its exit status', async () => {
    vi.mocked(bridge.listTerminals).mockResolvedValue([])
    vi.mocked(bridge.startTerminal).mockImplementation(async (o) => session({ id: 'new1', rows: o.rows, cols: o.cols }))
    vi.mocked(bridge.terminalSnapshot).mockResolvedValue({ session: session({ id: 'new1' }), data: '', start: 0, end: 0 })
    const { wrapper } = await mountWithApp({ components: { TerminalPanel }, template: '<TerminalPanel project-id="p1" />' })
    await settle()
    expect(wrapper.text()).toContain('No terminal open')
    await byId(wrapper, 'terminal-new').trigger('click')
    await settle()
    const opts = vi.mocked(bridge.startTerminal).mock.calls[0][0]
    expect(opts).toMatchObject({ kind: 'shell', projectId: 'p1' })
    expect(opts.rows).toBeGreaterThan(1)
    expect(opts.cols).toBeGreaterThan(1)
    // The start event for our own session does not add a second tab.
    changedHandler(session({ id: 'new1' }))
    await settle()
    expect(wrapper.findAll('[data-testid="terminal-tab-new1"]')).toHaveLength(1)
    changedHandler(session({ id: 'new1', status: 'exited', exitCode: 3, exitText: 'exit status 3' }))
    await settle()
    expect(byId(wrapper, 'terminal-exit').text()).toBe('exit 3')
    expect(screenText()).toContain('[process ended: exit status 3]')
    changedHandler(session({ id: 'new1', status: 'closed' }))
    await settle()
    expect(wrapper.find('[data-testid="terminal-tab-new1"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('keeps a terminal opened before the list of sessions arrived', async () => {
    let answer: (list: TerminalSession[]) => void = () => {}
    let started: (s: TerminalSession) => void = () => {}
    vi.mocked(bridge.listTerminals).mockReturnValue(new Promise((r) => (answer = r)))
    vi.mocked(bridge.startTerminal).mockReturnValue(new Promise((r) => (started = r)))
    vi.mocked(bridge.terminalSnapshot).mockResolvedValue({ session: session({ id: 'quick' }), data: '', start: 0, end: 0 })
    const { wrapper } = await mountWithApp({ components: { TerminalPanel }, template: '<TerminalPanel project-id="p1" />' })
    await byId(wrapper, 'terminal-new').trigger('click')
    await settle()
    // The list was asked for before the new session existed.
    answer([session({ id: 'old' })])
    await settle()
    started(session({ id: 'quick' }))
    await settle()
    const tabs = wrapper.findAll('[data-testid^="terminal-tab-"]').map((t) => t.attributes('data-testid'))
    expect(tabs).toEqual(['terminal-tab-old', 'terminal-tab-quick'])
    expect(wrapper.find('.n-tabs-tab--active [data-testid="terminal-tab-quick"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('adds a tab for a session started elsewhere for the project, and types into it', async () => {
    vi.mocked(bridge.listTerminals).mockResolvedValue([])
    vi.mocked(bridge.terminalSnapshot).mockResolvedValue({ session: session({ id: 'plan' }), data: '', start: 0, end: 0 })
    const { wrapper } = await mountWithApp({ components: { TerminalPanel }, template: '<TerminalPanel project-id="p1" />' })
    await settle()
    changedHandler(session({ id: 'plan', kind: 'claude', title: 'Claude Code', args: ['/gsd:plan-phase 3'] }))
    changedHandler(session({ id: 'elsewhere', projectId: 'p9' }))
    await settle()
    expect(byId(wrapper, 'terminal-tab-plan').text()).toContain('Claude Code')
    expect(wrapper.find('[data-testid="terminal-tab-elsewhere"]').exists()).toBe(false)
    const textarea = document.querySelector<HTMLTextAreaElement>('.xterm-helper-textarea')
    expect(textarea).not.toBeNull()
    textarea!.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', keyCode: 65, bubbles: true }))
    textarea!.dispatchEvent(new KeyboardEvent('keypress', { key: 'a', charCode: 97, keyCode: 97, bubbles: true }))
    await settle()
    expect(writes).toContain('plan:a')
    wrapper.unmount()
  })

  it('shows why a terminal could not start', async () => {
    vi.mocked(bridge.listTerminals).mockResolvedValue([])
    vi.mocked(bridge.startTerminal).mockRejectedValue(new Error('terminals are not supported on Windows yet'))
    const { wrapper } = await mountWithApp({ components: { TerminalPanel }, template: '<TerminalPanel dir="/tmp" />' })
    await settle()
    await byId(wrapper, 'terminal-new').trigger('click')
    await settle()
    expect(byId(wrapper, 'terminal-error').text()).toContain('not supported on Windows')
    expect(wrapper.text()).toContain('No terminal open')
    wrapper.unmount()
  })
})

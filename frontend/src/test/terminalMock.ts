// The terminal part of the bridge stand-in (re-exported by bridgeMock): no session is open, a
// start answers with a running shell, and the events go through bridgeMock's `on`, so `emit`
// plays `pty:changed` and `pty:output:<id>` to a mounted panel.
import { vi } from 'vitest'
import type * as Bridge from '@/bridge'
import type { TerminalOutput, TerminalSession } from '@/bridge'
import { Events, ptyOutput } from '@/constants/events'
import { on } from './bridgeMock'

type Fn<K extends keyof typeof Bridge> = (typeof Bridge)[K] extends (...args: infer A) => infer R ? (...args: A) => R : never

export const terminalSessionFixture = (over: Partial<TerminalSession> = {}): TerminalSession => ({
  id: 'term1',
  projectId: '',
  dir: '/data/projects/web',
  kind: 'shell',
  args: [],
  title: 'bash',
  rows: 24,
  cols: 80,
  pid: 4242,
  status: 'running',
  exitCode: 0,
  exitText: '',
  startedAt: '2026-12-07T08:00:00Z',
  endedAt: '',
  ...over,
})

export const listTerminals = vi.fn<Fn<'listTerminals'>>()
export const startTerminal = vi.fn<Fn<'startTerminal'>>()
export const terminalSnapshot = vi.fn<Fn<'terminalSnapshot'>>()
export const resizeTerminal = vi.fn<Fn<'resizeTerminal'>>()
export const closeTerminal = vi.fn<Fn<'closeTerminal'>>()
export const writeTerminal = vi.fn<Fn<'writeTerminal'>>()
export const terminalWriter = (id: string) => (data: string) => void writeTerminal(id, data)
export const onTerminalOutput = (id: string, handler: (o: TerminalOutput) => void) => on(ptyOutput(id), handler)
export const onTerminalChanged = (handler: (s: TerminalSession) => void) => on(Events.PtyChanged, handler)

export function resetTerminalMock() {
  for (const fn of [listTerminals, startTerminal, terminalSnapshot, resizeTerminal, closeTerminal, writeTerminal]) fn.mockReset()
  listTerminals.mockImplementation(async () => [])
  startTerminal.mockImplementation(async (o) =>
    terminalSessionFixture({ projectId: o.projectId ?? '', kind: o.kind ?? 'shell', rows: o.rows ?? 24, cols: o.cols ?? 80 }),
  )
  terminalSnapshot.mockImplementation(async (id) => ({ session: terminalSessionFixture({ id }), data: '', start: 0, end: 0 }))
  resizeTerminal.mockImplementation(async () => undefined)
  closeTerminal.mockImplementation(async () => undefined)
  writeTerminal.mockImplementation(async () => undefined)
}

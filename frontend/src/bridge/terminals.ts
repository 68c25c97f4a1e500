import * as TerminalAPI from '@wails/go/bindings/TerminalAPI'
import type { terminal } from '@wails/go/models'
import { Events, ptyOutput } from '@/constants/events'
import { call } from './call'
import { list, type Data } from './data'
import { on, type Unsubscribe } from './events'

export type TerminalSession = Data<terminal.Session>
export type TerminalSnapshot = Data<terminal.Snapshot>
export type TerminalStartOptions = Data<terminal.StartOptions>

/**
 * TerminalOutput is the payload of `pty:output:<id>`. No bound method returns it, so Wails does
 * not generate it; it mirrors terminal.Output in backend/terminal/types.go. `offset` and `size`
 * count bytes of the session's whole output: the next batch starts at offset + size.
 */
export interface TerminalOutput {
  id: string
  offset: number
  data: string
  size: number
}

/** startTerminal opens a session (a login shell unless `kind` names an AI CLI) of rows×cols. */
export const startTerminal = (opts: Partial<TerminalStartOptions>): Promise<TerminalSession> =>
  call(() =>
    TerminalAPI.Start({
      projectId: opts.projectId ?? '',
      dir: opts.dir ?? '',
      kind: opts.kind ?? 'shell',
      args: opts.args ?? [],
      title: opts.title ?? '',
      rows: opts.rows ?? 24,
      cols: opts.cols ?? 80,
    }),
  )

/** listTerminals returns a project's sessions ('' for every session), oldest first. */
export const listTerminals = (projectId: string): Promise<TerminalSession[]> =>
  call(() => TerminalAPI.List(projectId)).then(list)

export const terminalSnapshot = (id: string): Promise<TerminalSnapshot> => call(() => TerminalAPI.Snapshot(id))

export const resizeTerminal = (id: string, rows: number, cols: number): Promise<void> =>
  call(() => TerminalAPI.Resize(id, rows, cols))

export const closeTerminal = (id: string): Promise<void> => call(() => TerminalAPI.Close(id))

/** writeTerminal sends keys as they are; prefer terminalWriter, which keeps keystrokes in order. */
export const writeTerminal = (id: string, data: string): Promise<void> => call(() => TerminalAPI.Write(id, data))

/**
 * terminalWriter returns a function that types into session `id`. Calls to the backend may
 * complete in any order, so one write is in flight at a time and keys typed meanwhile go out
 * together in the next one. `onError` hears a failed write (the session ended, for instance).
 */
export function terminalWriter(id: string, onError: (err: Error) => void): (data: string) => void {
  let queued = ''
  let busy = false
  const pump = async () => {
    busy = true
    while (queued) {
      const data = queued
      queued = ''
      try {
        await writeTerminal(id, data)
      } catch (err) {
        onError(err as Error)
      }
    }
    busy = false
  }
  return (data: string) => {
    queued += data
    if (!busy) void pump()
  }
}

/** onTerminalOutput delivers session `id`'s output batches in the order Wails emits them. */
export function onTerminalOutput(id: string, handler: (out: TerminalOutput) => void): Unsubscribe {
  return on<TerminalOutput>(ptyOutput(id), (out) => {
    if (out && typeof out.data === 'string' && typeof out.offset === 'number') handler(out)
  })
}

/** onTerminalChanged hears every session start, exit (with its status) and close. */
export function onTerminalChanged(handler: (s: TerminalSession) => void): Unsubscribe {
  return on<TerminalSession>(Events.PtyChanged, (s) => {
    if (s && typeof s.id === 'string' && s.id) handler(s)
  })
}

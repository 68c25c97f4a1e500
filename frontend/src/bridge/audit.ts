import * as AuditAPI from '@wails/go/bindings/AuditAPI'
import type { audit } from '@wails/go/models'
import { Events } from '@/constants/events'
import { call } from './call'
import { list, type Data } from './data'
import { on, type Unsubscribe } from './events'

export type AuditEntry = Data<audit.Entry>
export type AuditChange = Data<audit.Change>

/** AuditQuery selects entries: actor exact, action exact or a prefix ending in "." ("trigger."). */
export interface AuditQuery {
  actor: string
  action: string
  limit: number
  offset: number
}

export interface AuditPage {
  entries: AuditEntry[]
  total: number
}

/** listAudit returns one page of the audit log, newest first. */
export const listAudit = (q: AuditQuery): Promise<AuditPage> =>
  call(() => AuditAPI.List(q)).then((p) => ({
    total: p.total,
    entries: list(p.entries).map(entry),
  }))

const entry = (e: audit.Entry): AuditEntry => ({ ...e, diff: e.diff ?? {} })

/** onAuditAdded calls `fn` with every audit entry as soon as it is recorded. */
export const onAuditAdded = (fn: (e: AuditEntry) => void): Unsubscribe =>
  on<audit.Entry>(Events.AuditAdded, (e) => fn(entry(e)))

/** auditActions lists the actions recorded so far (for the filter). */
export const auditActions = (): Promise<string[]> => call(() => AuditAPI.Actions()).then(list)

/** auditActors lists the actors recorded so far: "desktop" and API key names. */
export const auditActors = (): Promise<string[]> => call(() => AuditAPI.Actors()).then(list)

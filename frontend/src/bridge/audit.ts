import * as AuditAPI from '@wails/go/bindings/AuditAPI'
import type { audit } from '@wails/go/models'
import { call } from './call'
import { list, type Data } from './data'

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
    entries: list(p.entries).map((e) => ({ ...e, diff: e.diff ?? {} })),
  }))

/** auditActions lists the actions recorded so far (for the filter). */
export const auditActions = (): Promise<string[]> => call(() => AuditAPI.Actions()).then(list)

/** auditActors lists the actors recorded so far: "desktop" and API key names. */
export const auditActors = (): Promise<string[]> => call(() => AuditAPI.Actors()).then(list)

import * as UpdateAPI from '@wails/go/bindings/UpdateAPI'
import type { update } from '@wails/go/models'
import { call } from './call'
import type { Data } from './data'

/** UpdateStatus is the outcome of the last update check (Settings → Updates). */
export type UpdateStatus = Data<update.Status>

/** updateStatus returns the last check's outcome without reading the feed. */
export const updateStatus = (): Promise<UpdateStatus> => call(() => UpdateAPI.Status())

/** checkForUpdate reads the release feed now; a feed that cannot be read is reported in `error`. */
export const checkForUpdate = (): Promise<UpdateStatus> => call(() => UpdateAPI.Check())

import * as SchedulesAPI from '@wails/go/bindings/SchedulesAPI'
import { schedule } from '@wails/go/models'
import { call } from './call'
import { list, type Data } from './data'

export type ScheduleSpec = Data<schedule.Spec>
export type SchedulePreview = Data<schedule.Preview>
export type ScheduleState = Data<schedule.State>
export type UpcomingRun = Data<schedule.Upcoming>

/**
 * previewSchedule describes unsaved schedule fields: the sentence ("Every Monday at 09:00,
 * Europe/Berlin") and the next five fire times, or per-field errors. Nothing is stored.
 */
export const previewSchedule = (spec: ScheduleSpec): Promise<SchedulePreview> =>
  call(() => SchedulesAPI.Preview(schedule.Spec.createFrom(spec))).then((p) => ({
    ...p,
    nextFireTimes: p.nextFireTimes ?? [],
    errors: p.errors ?? {},
  }))

/** scheduleState is a saved trigger's plan: sentence, next fire times and the last outcome. */
export const scheduleState = (triggerId: string): Promise<ScheduleState> =>
  call(() => SchedulesAPI.State(triggerId)).then((s) => ({ ...s, nextFireTimes: s.nextFireTimes ?? [] }))

/** upcomingRuns lists the next `limit` scheduled firings across all triggers, soonest first. */
export const upcomingRuns = (limit: number): Promise<UpcomingRun[]> => call(() => SchedulesAPI.Upcoming(limit)).then(list)

import { z } from 'zod'
import { OkSchema, TimestampSchema } from './common'
import { defineRoute } from './http'

/** The list shows at most this many stuck alarms, newest first; `total` counts them all. */
export const STUCK_ALARMS_SHOWN = 100

/**
 * A webhook call that was accepted (answered 200) but whose fold into an alarm and incident failed on its own
 * the folder's maximum number of times: it waits in the alarm inbox for an admin to retry or discard it.
 */
export const StuckAlarmSchema = z.object({
  /** The inbox row (not the alarm): what retry and discard take. */
  id: z.number().int(),
  /** When the webhook accepted the call. */
  received_at: TimestampSchema,
  /** Failed folds of this row on its own. */
  attempts: z.number().int(),
  /** Why the last fold failed (e.g. a database error), at most 2,000 characters. */
  last_error: z.string().nullable(),
  /** `alarmId` and `alarmName` of the webhook body. */
  alarm_id: z.string(),
  alarm_name: z.string(),
  /** `alarmStatus` of the call: `ok` records a recovery. */
  alarm_status: z.enum(['alarm', 'ok']),
  /** The integration key the call came with, by name. */
  key_name: z.string(),
})
export type StuckAlarm = z.infer<typeof StuckAlarmSchema>

export const StuckAlarmListSchema = z.object({
  items: z.array(StuckAlarmSchema),
  total: z.number().int(),
})

const StuckAlarmParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })

/** Stuck alarms of the caller's tenant (admins): visible, retried or discarded instead of only logged. */
export const alarmInboxRoutes = {
  listFailed: defineRoute({
    method: 'GET',
    path: '/api/incidents/alarm-inbox/failed',
    response: StuckAlarmListSchema,
    access: 'admin:manage',
    summary: 'Alarms accepted by the webhook that could not be turned into incidents (newest first)',
  }),
  retryFailed: defineRoute({
    method: 'POST',
    path: '/api/incidents/alarm-inbox/failed/:id/retry',
    params: StuckAlarmParams,
    response: OkSchema,
    access: 'admin:manage',
    summary: 'Fold a stuck alarm again now, with its attempts counted from zero',
  }),
  discardFailed: defineRoute({
    method: 'DELETE',
    path: '/api/incidents/alarm-inbox/failed/:id',
    params: StuckAlarmParams,
    response: OkSchema,
    access: 'admin:manage',
    summary: 'Discard a stuck alarm (audited with its alarm id)',
  }),
}

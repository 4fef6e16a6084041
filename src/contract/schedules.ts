import { z } from 'zod'
import { PageQuerySchema, TimestampSchema } from './common'
import { defineRoute, pageOf } from './http'

/**
 * Schedules (bk-job cron): a plan run on a Quartz expression (`0 0/5 * * * ?`, 6 or 7 fields, seconds first,
 * day-of-week 1–7 = SUN–SAT) or a 5-field cron, in a time zone. A new schedule starts paused, as bk-job's
 * save_cron does. Each fire runs once across replicas; fires missed while the console was down are recorded
 * and run once at start when the schedule asks for catch-up.
 */
export const ScheduleBodySchema = z.object({
  name: z.string().min(1).max(64),
  planId: z.string().uuid(),
  expression: z.string().min(9).max(128),
  timeZone: z.string().min(1).max(64).default('UTC'),
  /** What a fire missed during downtime does: `skip` (reported only) or `run_once` (one run at start). */
  catchUp: z.enum(['skip', 'run_once']).default('skip'),
  variables: z.record(z.string(), z.string().max(1024)).default({}),
})
export type ScheduleBody = z.infer<typeof ScheduleBodySchema>

export const CronPreviewBodySchema = z.object({
  expression: z.string().min(1).max(128),
  timeZone: z.string().min(1).max(64).default('UTC'),
})
export const CronPreviewSchema = z.object({
  /** `quartz` (seconds first) or `cron` (5 fields). */
  kind: z.enum(['quartz', 'cron']),
  /** The next five fire times (ISO, UTC). */
  next: z.array(TimestampSchema),
})
export type CronPreview = z.infer<typeof CronPreviewSchema>

export const ScheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  planId: z.string(),
  planName: z.string(),
  expression: z.string(),
  kind: z.enum(['quartz', 'cron']),
  timeZone: z.string(),
  catchUp: z.enum(['skip', 'run_once']),
  enabled: z.boolean(),
  /** Sensitive values masked. */
  variables: z.record(z.string(), z.string()),
  next: z.array(TimestampSchema),
  lastFireAt: TimestampSchema.nullable(),
  creatorName: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
})
export type Schedule = z.infer<typeof ScheduleSchema>

export const ScheduleFireSchema = z.object({
  slotAt: TimestampSchema,
  firedAt: TimestampSchema,
  /** `fired` on time; `missed` during downtime (not run); `caught_up` run late by catch-up; `failed` to start. */
  status: z.enum(['fired', 'missed', 'caught_up', 'failed']),
  runId: z.string().nullable(),
  message: z.string(),
})
export type ScheduleFire = z.infer<typeof ScheduleFireSchema>

const idParams = z.object({ scheduleId: z.string().uuid() })

export const scheduleRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/schedules',
    query: PageQuerySchema.extend({ planId: z.string().uuid().optional() }),
    response: pageOf(ScheduleSchema),
    summary: 'Schedules with their next fire times',
    access: 'read',
  }),
  preview: defineRoute({
    method: 'POST',
    path: '/api/schedules/preview',
    body: CronPreviewBodySchema,
    response: CronPreviewSchema,
    summary: 'Parse an expression and show the next 5 fire times',
    access: 'read',
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/schedules',
    body: ScheduleBodySchema,
    response: ScheduleSchema,
    status: 201,
    summary: 'Create a schedule (paused)',
    access: 'executions:run',
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/api/schedules/:scheduleId',
    params: idParams,
    response: ScheduleSchema,
    summary: 'A schedule',
    access: 'read',
  }),
  update: defineRoute({
    method: 'PUT',
    path: '/api/schedules/:scheduleId',
    params: idParams,
    body: ScheduleBodySchema,
    response: ScheduleSchema,
    summary: 'Change a schedule (keeps its enabled state)',
    access: 'executions:run',
  }),
  setEnabled: defineRoute({
    method: 'POST',
    path: '/api/schedules/:scheduleId/status',
    params: idParams,
    body: z.object({ enabled: z.boolean() }),
    response: ScheduleSchema,
    summary: 'Enable or disable a schedule',
    access: 'executions:run',
  }),
  fires: defineRoute({
    method: 'GET',
    path: '/api/schedules/:scheduleId/fires',
    params: idParams,
    query: PageQuerySchema,
    response: pageOf(ScheduleFireSchema),
    summary: 'Run history of a schedule (fires, missed fires, catch-ups)',
    access: 'read',
  }),
}

import { z } from 'zod'
import { IdSchema, OkSchema, TimestampSchema } from './common'
import { defineRoute } from './http'
import { IncidentLevelSchema } from './incidents'

/** A console user as schedules and policies show them. */
export const PersonSchema = z.object({ id: IdSchema, username: z.string(), displayName: z.string() })
export type Person = z.infer<typeof PersonSchema>

const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz })
      return true
    } catch {
      return false
    }
  }, 'unknown IANA time zone')

export const ScheduleBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  timeZone: TimeZoneSchema,
  rotation: z.enum(['daily', 'weekly']),
  /** Local hand-off time, `HH:MM`. */
  handoffTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** Local date of the first hand-off (members[0] from then), `YYYY-MM-DD`. */
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** User ids in rotation order. */
  memberIds: z.array(IdSchema).min(1).max(50),
})
export type ScheduleBody = z.infer<typeof ScheduleBodySchema>

export const OverrideSchema = z.object({
  id: IdSchema,
  user: PersonSchema,
  startsAt: TimestampSchema,
  endsAt: TimestampSchema,
  createdBy: z.string(),
})
export type ScheduleOverride = z.infer<typeof OverrideSchema>

export const ScheduleSchema = ScheduleBodySchema.omit({ memberIds: true }).extend({
  id: IdSchema,
  members: z.array(PersonSchema),
  /** Who is on call now (override or rotation); null without members. */
  onCallNow: PersonSchema.nullable(),
  /** Overrides that have not ended yet. */
  overrides: z.array(OverrideSchema),
})
export type Schedule = z.infer<typeof ScheduleSchema>

export const ShiftSchema = z.object({
  user: PersonSchema,
  start: TimestampSchema,
  end: TimestampSchema,
  override: z.boolean(),
})
export type ShiftDto = z.infer<typeof ShiftSchema>

export const ShiftQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }),
  /** At most 62 days after `from`. */
  to: z.iso.datetime({ offset: true }),
})

export const CreateOverrideBodySchema = z
  .object({
    userId: IdSchema,
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), { message: 'endsAt must be after startsAt' })

export const EscalationTargetSchema = z.object({ type: z.enum(['schedule', 'user']), id: IdSchema })
export const EscalationStepSchema = z.object({
  /** Seconds without acknowledgement before the next level is notified (10 s – 24 h). */
  timeoutSec: z.number().int().min(1).max(86_400),
  targets: z.array(EscalationTargetSchema).min(1).max(10),
})

export const PolicyBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** Incident applications (current_cloud_service) it covers; empty: every application. */
  applicationIds: z.array(z.string().min(1).max(255)).max(50).default([]),
  /** Incident levels it covers; empty: every level. */
  incidentLevels: z.array(IncidentLevelSchema).default([]),
  /** Levels that escalate until someone accepts; the others only notify the first level (default P1, P2). */
  escalateLevels: z.array(IncidentLevelSchema).default(['level_10', 'level_20']),
  /** Times the whole chain runs again after its last level (0–9). */
  repeatCount: z.number().int().min(0).max(9).default(0),
  steps: z.array(EscalationStepSchema).min(1).max(10),
})
export type PolicyBody = z.input<typeof PolicyBodySchema>
/** A policy body after defaults. */
export type PolicyValues = z.infer<typeof PolicyBodySchema>

export const PolicySchema = PolicyBodySchema.extend({
  id: IdSchema,
  /** Names of the targets, by id (schedules and users). */
  targetNames: z.record(z.string(), z.string()),
})
export type EscalationPolicy = z.infer<typeof PolicySchema>

/** Where the paging of one incident stands, and what was sent. */
export const PagingSchema = z.object({
  status: z.enum(['none', 'paging', 'notified', 'acknowledged', 'exhausted', 'unrouted']),
  policyName: z.string().nullable(),
  /** Escalation level reached (0 = first level). */
  step: z.number().int(),
  acknowledgedBy: z.string().nullable(),
  deliveries: z.array(
    z.object({
      channel: z.string(),
      recipient: z.string(),
      status: z.enum(['pending', 'retrying', 'sent', 'skipped', 'failed']),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      updatedAt: TimestampSchema,
    }),
  ),
})
export type Paging = z.infer<typeof PagingSchema>

const scheduleParams = z.object({ scheduleId: IdSchema })
const policyParams = z.object({ policyId: IdSchema })

export const oncallRoutes = {
  listSchedules: defineRoute({
    method: 'GET',
    path: '/api/oncall-schedules',
    response: z.array(ScheduleSchema),
    access: 'read',
    summary: 'On-call schedules of the tenant, with who is on call now',
  }),
  createSchedule: defineRoute({
    method: 'POST',
    path: '/api/oncall-schedules',
    body: ScheduleBodySchema,
    response: ScheduleSchema,
    status: 201,
    access: 'incidents:write',
    summary: 'Create an on-call schedule',
  }),
  updateSchedule: defineRoute({
    method: 'PUT',
    path: '/api/oncall-schedules/:scheduleId',
    params: scheduleParams,
    body: ScheduleBodySchema,
    response: ScheduleSchema,
    access: 'incidents:write',
    summary: 'Change an on-call schedule',
  }),
  deleteSchedule: defineRoute({
    method: 'DELETE',
    path: '/api/oncall-schedules/:scheduleId',
    params: scheduleParams,
    response: OkSchema,
    access: 'incidents:write',
    summary: 'Delete an on-call schedule',
  }),
  shifts: defineRoute({
    method: 'GET',
    path: '/api/oncall-schedules/:scheduleId/shifts',
    params: scheduleParams,
    query: ShiftQuerySchema,
    response: z.array(ShiftSchema),
    access: 'read',
    summary: 'Who is on call in a period (rotation with overrides), for the calendar',
  }),
  createOverride: defineRoute({
    method: 'POST',
    path: '/api/oncall-schedules/:scheduleId/overrides',
    params: scheduleParams,
    body: CreateOverrideBodySchema,
    response: ScheduleSchema,
    status: 201,
    access: 'incidents:write',
    summary: 'Put someone on call for a period instead of the rotation',
  }),
  deleteOverride: defineRoute({
    method: 'DELETE',
    path: '/api/oncall-schedules/:scheduleId/overrides/:overrideId',
    params: scheduleParams.extend({ overrideId: IdSchema }),
    response: ScheduleSchema,
    access: 'incidents:write',
    summary: 'Remove an override',
  }),
  listPolicies: defineRoute({
    method: 'GET',
    path: '/api/escalation-policies',
    response: z.array(PolicySchema),
    access: 'read',
    summary: 'Escalation policies of the tenant',
  }),
  createPolicy: defineRoute({
    method: 'POST',
    path: '/api/escalation-policies',
    body: PolicyBodySchema,
    response: PolicySchema,
    status: 201,
    access: 'incidents:write',
    summary: 'Create an escalation policy',
  }),
  updatePolicy: defineRoute({
    method: 'PUT',
    path: '/api/escalation-policies/:policyId',
    params: policyParams,
    body: PolicyBodySchema,
    response: PolicySchema,
    access: 'incidents:write',
    summary: 'Change an escalation policy',
  }),
  deletePolicy: defineRoute({
    method: 'DELETE',
    path: '/api/escalation-policies/:policyId',
    params: policyParams,
    response: OkSchema,
    access: 'incidents:write',
    summary: 'Delete an escalation policy',
  }),
  paging: defineRoute({
    method: 'GET',
    path: '/api/incidents/:incident_num/paging',
    params: z.object({ incident_num: z.string().min(1).max(255) }),
    response: PagingSchema,
    access: 'read',
    summary: "An incident's paging: policy, level reached, acknowledgement, deliveries and their failures",
  }),
  people: defineRoute({
    method: 'GET',
    path: '/api/oncall-people',
    response: z.array(PersonSchema),
    access: 'read',
    summary: 'Enabled users of the tenant, to put in schedules and policies',
  }),
}

import { onCallAt, type RotationSpec, shiftsBetween } from '../../../contract/oncall-rotation'
import type { ScheduleBody } from '../../../contract/oncall'
import type { Db, Tx } from '../../db/client'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { OncallRepository, OverrideRow, ScheduleRow as Row } from './oncall.repository'
import { type People, unknownPerson } from './people'
import { refusal } from '../../../contract/refusal-text'

const MAX_WINDOW_MS = 62 * 86_400_000

const specOf = (r: Row): RotationSpec => ({
  timeZone: r.timeZone,
  rotation: r.rotation,
  handoffTime: r.handoffTime,
  startDate: r.startDate,
  members: r.memberIds,
})
const windowOf = (o: OverrideRow[]) =>
  o.map((x) => ({ userId: x.userId, start: x.startsAt.getTime(), end: x.endsAt.getTime() }))

/**
 * On-call schedules: a rotation (daily or weekly hand-off at a local time, members in order) plus overrides.
 * Who is on call is computed by the contract's pure rotation functions, here and in the SPA's calendar.
 */
export class SchedulesService {
  constructor(
    private readonly db: Db,
    private readonly repo: OncallRepository,
    private readonly audit: AuditService,
    private readonly people: People,
  ) {}

  private async row(tenantId: string, id: string, tx: Tx = this.db) {
    const row = await this.repo.schedule(tenantId, id, tx)
    if (!row) throw new NotFoundError(refusal('oncall.schedule-not-found', { id }))
    return row
  }

  private async overrides(scheduleId: string, after: Date, tx: Tx = this.db) {
    return this.repo.overrides(scheduleId, after, tx)
  }

  private async dto(r: Row, now = Date.now()) {
    const overrides = await this.overrides(r.id, new Date(now))
    const ids = [...r.memberIds, ...overrides.map((o) => o.userId)]
    const people = await this.people.byIds(r.tenantId, ids)
    const person = (id: string) => people.get(id) ?? unknownPerson(id)
    const now_ = onCallAt(specOf(r), windowOf(overrides), now)
    return {
      id: r.id,
      name: r.name,
      timeZone: r.timeZone,
      rotation: r.rotation,
      handoffTime: r.handoffTime,
      startDate: r.startDate,
      members: r.memberIds.map(person),
      onCallNow: now_ ? person(now_) : null,
      overrides: overrides.map((o) => ({
        id: o.id,
        user: person(o.userId),
        startsAt: o.startsAt.toISOString(),
        endsAt: o.endsAt.toISOString(),
        createdBy: o.createdBy,
      })),
    }
  }

  async list(tenantId: string) {
    const rows = await this.repo.schedules(tenantId)
    return Promise.all(rows.map((r) => this.dto(r)))
  }

  private async checkMembers(tenantId: string, ids: string[], tx: Tx) {
    const found = await this.people.byIds(tenantId, ids, tx)
    const missing = ids.filter((id) => !found.get(id) || found.get(id)!.disabled)
    if (missing.length)
      throw new ValidationError(
        // A disabled member is named by user name; an unknown id has no name.
        refusal('oncall.members-unknown', { users: missing.map((id) => found.get(id)?.username ?? id).join(', ') }),
        missing.map(() => ({ path: 'body.memberIds', message: 'unknown or disabled user' })),
      )
  }

  async create(principal: Principal, b: ScheduleBody, ctx?: RequestContext) {
    const row = await this.db.transaction(async (tx) => {
      await this.checkMembers(principal.tenantId, b.memberIds, tx)
      const row = await this.repo.insertSchedule(tx, principal.tenantId, b)
      if (!row) throw new ConflictError(refusal('oncall.schedule-name-taken', { name: b.name }))
      await this.audit.record(
        tx,
        principal,
        { action: 'oncall-schedule.create', targetType: 'oncall-schedule', targetId: row.id, after: b },
        ctx,
      )
      return row
    })
    return this.dto(row)
  }

  async update(principal: Principal, id: string, b: ScheduleBody, ctx: RequestContext) {
    const row = await this.db.transaction(async (tx) => {
      const before = await this.row(principal.tenantId, id, tx)
      await this.checkMembers(principal.tenantId, b.memberIds, tx)
      const row = await this.repo.updateSchedule(tx, id, b)
      await this.audit.record(
        tx,
        principal,
        {
          action: 'oncall-schedule.update',
          targetType: 'oncall-schedule',
          targetId: id,
          before: specOf(before),
          after: b,
        },
        ctx,
      )
      return row
    })
    return this.dto(row)
  }

  async remove(principal: Principal, id: string, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const before = await this.row(principal.tenantId, id, tx)
      await this.repo.deleteSchedule(tx, id)
      await this.audit.record(
        tx,
        principal,
        {
          action: 'oncall-schedule.delete',
          targetType: 'oncall-schedule',
          targetId: id,
          before: { name: before.name },
        },
        ctx,
      )
    })
  }

  async shifts(tenantId: string, id: string, from: number, to: number) {
    if (to <= from || to - from > MAX_WINDOW_MS)
      throw new ValidationError(refusal('oncall.window'), [{ path: 'query.to', message: 'window' }])
    const r = await this.row(tenantId, id)
    const overrides = await this.overrides(id, new Date(from))
    const shifts = shiftsBetween(specOf(r), windowOf(overrides.filter((o) => o.startsAt.getTime() < to)), from, to)
    const people = await this.people.byIds(
      tenantId,
      shifts.map((s) => s.userId),
    )
    return shifts.map((s) => ({
      user: people.get(s.userId) ?? unknownPerson(s.userId),
      start: new Date(s.start).toISOString(),
      end: new Date(s.end).toISOString(),
      override: s.override,
    }))
  }

  async addOverride(
    principal: Principal,
    id: string,
    b: { userId: string; startsAt: string; endsAt: string },
    ctx: RequestContext,
  ) {
    await this.db.transaction(async (tx) => {
      await this.row(principal.tenantId, id, tx)
      await this.checkMembers(principal.tenantId, [b.userId], tx)
      const o = await this.repo.insertOverride(tx, {
        scheduleId: id,
        userId: b.userId,
        startsAt: new Date(b.startsAt),
        endsAt: new Date(b.endsAt),
        createdBy: principal.username,
      })
      await this.audit.record(
        tx,
        principal,
        {
          action: 'oncall-schedule.override',
          targetType: 'oncall-schedule',
          targetId: id,
          after: { override: o.id, ...b },
        },
        ctx,
      )
    })
    return this.dto(await this.row(principal.tenantId, id))
  }

  async removeOverride(principal: Principal, id: string, overrideId: string, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      await this.row(principal.tenantId, id, tx)
      if (!(await this.repo.deleteOverride(tx, id, overrideId)))
        throw new NotFoundError(refusal('oncall.override-not-found', { id: overrideId }))
      await this.audit.record(
        tx,
        principal,
        {
          action: 'oncall-schedule.override-delete',
          targetType: 'oncall-schedule',
          targetId: id,
          before: { override: overrideId },
        },
        ctx,
      )
    })
    return this.dto(await this.row(principal.tenantId, id))
  }

  /** Who is on call on a schedule at `at` (null: no such schedule of the tenant, or nobody). */
  async onCall(tx: Tx, tenantId: string, scheduleId: string, at = Date.now()): Promise<string | null> {
    const r = await this.repo.schedule(tenantId, scheduleId, tx)
    if (!r) return null
    return onCallAt(specOf(r), windowOf(await this.overrides(r.id, new Date(at), tx)), at)
  }

  /** Schedule names by id (for policy DTOs). */
  async names(tenantId: string, tx?: Tx) {
    const rows = await this.repo.scheduleNames(tenantId, tx)
    return new Map(rows.map((r) => [r.id, r.name]))
  }
}

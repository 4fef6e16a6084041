import { isAdminRole } from '../../../contract/identity'
import { randomBytes, randomInt } from 'node:crypto'
import { and, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import { utcStamp } from '../../../contract/common'
import { type CreateWarRoomBodySchema, type ListWarRoomsBody, warRoomWindow } from '../../../contract/war-rooms'
import type { Db, Tx } from '../../db/client'
import { incidents, users, warRoomEvents, warRooms } from '../../db/schema'
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { InboxService } from '../inbox/inbox.service'
import type { IncidentChange } from '../incidents/incidents.service'
import { toTenantInfo, type WarRoomRow } from './war-room-view'
import type { Log } from '../../lib/log'
import { containsPattern } from '../../lib/like'

type Actor = Pick<Principal, 'username' | 'tenantId'> & { userId: string | null; role?: Principal['role'] }
const COC_FAIL = 'COC.00000001'
const DAY = 86_400_000
/** 9999-12-31T23:59:59.999Z: the seed's Long times (up to 2^63−1) are clamped to a date every layer can write. */
const MAX_DATE_MS = 253_402_300_799_999
const at = (ms: number) => new Date(Math.min(ms, MAX_DATE_MS))
const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `WR` + yyyyMMddHHmmss + 10 digits, like the seed's WR202403181334366050100030. */
function newWarRoomNum(now = new Date()) {
  return `WR${utcStamp(now)}${pad(randomInt(0, 100_000), 5)}${pad(randomInt(0, 100_000), 5)}`
}

/**
 * War rooms: opened for an incident (by API, or automatically for P1/P2 incidents with a region), followed
 * through the incident's lifecycle (recovery on RESOLVED, closed on COMPLETED/REJECTED), with members,
 * notes and status reports; participants hear about it in their inbox.
 */
export class WarRoomsService {
  /** Who is on call for an incident (username), from the on-call module; rooms get a person as admin. */
  private onCallFor: (incident: typeof incidents.$inferSelect) => Promise<string | null> = async () => null

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly inbox: InboxService,
    private readonly options: { autoOpen: boolean },
    private readonly log: Log,
  ) {}

  async create(actor: Actor, body: z.infer<typeof CreateWarRoomBodySchema>, ctx?: RequestContext) {
    const row = await this.db.transaction(async (tx) => {
      const [incident] = await tx
        .select()
        .from(incidents)
        .where(and(eq(incidents.tenantId, actor.tenantId), eq(incidents.incidentNum, body.incident_number)))
      if (!incident)
        throw new ValidationError(
          `Incident ${body.incident_number} not found`,
          [{ path: 'body.incident_number', message: 'no such incident' }],
          COC_FAIL,
        )
      if (!['0', 'default', actor.tenantId].includes(body.enterprise_project_id)) {
        throw new ValidationError(
          'enterprise_project_id is not your enterprise project',
          [{ path: 'body.enterprise_project_id', message: 'unknown project' }],
          COC_FAIL,
        )
      }
      return this.open(
        tx,
        actor,
        incident,
        {
          title: body.war_room_name,
          description: body.description ?? '',
          admin: body.war_room_admin,
          regionCodes: body.region_code_list ?? [],
          regionNames: body.region_names ?? [],
          applicationIds: body.application_id_list,
          applicationNames: body.application_names ?? [],
          participants: body.participant ?? [],
          scheduleGroup: body.schedule_group,
          notificationType: body.notification_type ?? null,
          enterpriseProjectId: body.enterprise_project_id,
        },
        ctx,
      )
    })
    return row
  }

  private async open(
    tx: Tx,
    actor: Actor,
    incident: typeof incidents.$inferSelect,
    v: Omit<
      typeof warRooms.$inferInsert,
      'id' | 'tenantId' | 'warRoomNum' | 'incidentId' | 'status' | 'source' | 'circularLevel'
    >,
    ctx?: RequestContext,
  ) {
    const [running] = await tx
      .select({ num: warRooms.warRoomNum })
      .from(warRooms)
      .where(and(eq(warRooms.incidentId, incident.id), eq(warRooms.status, 'running')))
    if (running)
      throw new InvalidTransitionError(
        `Incident ${incident.incidentNum} already has a running war room (${running.num})`,
        COC_FAIL,
      )
    const [row] = await tx
      .insert(warRooms)
      .values({
        ...v,
        id: randomBytes(12).toString('hex'),
        tenantId: incident.tenantId,
        warRoomNum: newWarRoomNum(),
        incidentId: incident.id,
        status: 'running',
        source: incident.source,
        circularLevel: incident.level,
        occurTime: incident.createdAt,
      })
      .returning()
    await tx.update(incidents).set({ warroomId: row.warRoomNum }).where(eq(incidents.id, incident.id))
    await tx.insert(warRoomEvents).values({
      warRoomId: row.id,
      actor: actor.username,
      kind: 'status',
      text: `War room opened for ${incident.incidentNum}`,
    })
    await this.audit.record(
      tx,
      actor,
      {
        action: 'war-room.create',
        targetType: 'war-room',
        targetId: row.warRoomNum,
        after: { title: row.title, incident: incident.incidentNum },
      },
      ctx,
    )
    await this.notify(tx, row, `War room opened: ${row.title}`)
    return row
  }

  /** Inbox message to the admin and every participant who is a console user (by id or name). */
  private async notify(tx: Tx, room: WarRoomRow, title: string) {
    const people = [...new Set([room.admin, ...room.participants, ...room.recoverLeader, ...room.recoverMember])]
    if (!people.length) return
    const uuids = people.filter((p) => /^[0-9a-f-]{36}$/i.test(p))
    const found = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.tenantId, room.tenantId),
          uuids.length
            ? sql`(${inArray(users.username, people)} OR ${inArray(users.id, uuids)})`
            : inArray(users.username, people),
        ),
      )
    for (const u of found)
      await this.inbox.post(tx, {
        tenantId: room.tenantId,
        recipientId: u.id,
        kind: 'war-room',
        title,
        link: `/war-rooms/${room.warRoomNum}`,
      })
  }

  /** Set by the on-call module: an auto-opened room's admin is the on-call when nobody is assigned yet. */
  resolveAdminWith(fn: (incident: typeof incidents.$inferSelect) => Promise<string | null>) {
    this.onCallFor = fn
  }

  /** Whether an incident change needs the `war-room-incident-change` job (a P1/P2 to open, or a transition). */
  followsChange(c: IncidentChange) {
    if (c.action !== 'create') return true
    return this.options.autoOpen && ['level_10', 'level_20'].includes(c.incident.level) && !!c.incident.region
  }

  /**
   * Follows the incident (the `war-room-incident-change` job, one at a time in queue order): auto-open for
   * P1/P2 with a region, recovery on RESOLVED, close on COMPLETED/REJECTED. Safe to run again after a crash:
   * an incident that has a war room already is not given a second; an error throws so the queue retries.
   */
  async onIncidentChange(c: IncidentChange) {
    const i = c.incident
    if (c.action === 'create') {
      if (!this.followsChange(c) || i.warroomId) return
      this.log.info(
        { tenantId: i.tenantId, incidentId: i.id, incidentNum: i.incidentNum },
        'war room auto-open for incident',
      )
      // A person, never the integration that created the incident: the assignee, else whoever is on call.
      const admin = (await this.userName(i.tenantId, i.assignee)) ?? (await this.onCallFor(i)) ?? i.creator
      await this.db.transaction((tx) =>
        this.open(tx, { userId: null, username: 'system', tenantId: i.tenantId }, i, {
          title: `[${i.level === 'level_10' ? 'P1' : 'P2'}] ${i.title}`.slice(0, 255),
          description: i.description.slice(0, 255),
          admin,
          regionCodes: [i.region!],
          regionNames: [i.region!],
          applicationIds: i.applicationId ? [i.applicationId] : [],
          applicationNames: [],
          participants: i.assignee ? [i.assignee] : [],
          scheduleGroup: [],
          notificationType: null,
          enterpriseProjectId: i.enterpriseProject ?? i.tenantId,
        }),
      )
      return
    }
    const [room] = await this.db
      .select()
      .from(warRooms)
      .where(and(eq(warRooms.incidentId, i.id), eq(warRooms.status, 'running')))
    if (!room) return
    await this.db.transaction(async (tx) => {
      const now = new Date()
      const acceptor = c.action === 'acceptedIncident1' ? await this.userName(i.tenantId, i.assignee) : null
      if (acceptor && acceptor !== room.admin) {
        // Whoever accepts leads the room; the previous admin stays as a participant.
        await tx
          .update(warRooms)
          .set({ admin: acceptor, participants: [...new Set([...room.participants, room.admin, acceptor])] })
          .where(eq(warRooms.id, room.id))
        await tx.insert(warRoomEvents).values({
          warRoomId: room.id,
          actor: acceptor,
          kind: 'member',
          text: `${acceptor} accepted the incident and leads the room`,
        })
      } else if (c.to === 'INCIDENT_STATUS_RESOLVED') {
        await tx
          .update(warRooms)
          .set({
            recoverTime: room.recoverTime ?? now,
            recoveryNotificationTime: now,
            faultCause: room.faultCause ?? i.cause?.slice(0, 255) ?? null,
          })
          .where(eq(warRooms.id, room.id))
        await tx
          .insert(warRoomEvents)
          .values({ warRoomId: room.id, actor: 'system', kind: 'status', text: 'Incident resolved: service recovered' })
        await this.notify(tx, room, `Recovered: ${room.title}`)
      } else if (c.from === 'INCIDENT_STATUS_RESOLVED' && c.to === 'INCIDENT_STATUS_ACKNOWLEDGED') {
        await tx
          .update(warRooms)
          .set({ recoverTime: null, recoveryNotificationTime: null })
          .where(eq(warRooms.id, room.id))
        await tx
          .insert(warRoomEvents)
          .values({ warRoomId: room.id, actor: 'system', kind: 'status', text: 'Verification failed: not recovered' })
      } else if (c.to === 'INCIDENT_STATUS_COMPLETED' || c.to === 'INCIDENT_STATUS_REJECTED') {
        await tx
          .update(warRooms)
          .set({
            status: 'closed',
            closedAt: now,
            recoverTime: room.recoverTime ?? (c.to === 'INCIDENT_STATUS_COMPLETED' ? now : null),
          })
          .where(eq(warRooms.id, room.id))
        await tx.insert(warRoomEvents).values({
          warRoomId: room.id,
          actor: 'system',
          kind: 'status',
          text: `War room closed: incident ${c.to === 'INCIDENT_STATUS_COMPLETED' ? 'completed' : 'rejected'}`,
        })
      }
    })
  }

  /** The username of a user given by id or name in the tenant, or null. */
  private async userName(tenantId: string, idOrName: string | null) {
    if (!idOrName) return null
    const isId = /^[0-9a-f-]{36}$/i.test(idOrName)
    const [u] = await this.db
      .select({ username: users.username })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), isId ? eq(users.id, idOrName) : eq(users.username, idOrName)))
    return u?.username ?? null
  }

  async list(principal: Principal, q: ListWarRoomsBody) {
    const now = Date.now()
    const cond = q.war_room_nums?.length
      ? and(eq(warRooms.tenantId, principal.tenantId), inArray(warRooms.warRoomNum, q.war_room_nums))
      : this.listFilter(principal.tenantId, q, now)
    const [counts] = await this.db
      .select({
        total: sql<number>`count(*)::int`,
        running: sql<number>`(count(*) filter (where ${warRooms.status} = 'running'))::int`,
      })
      .from(warRooms)
      .innerJoin(incidents, eq(incidents.id, warRooms.incidentId))
      .where(cond)
    const stats = { running_num: counts.running, closed_num: counts.total - counts.running, total_num: counts.total }
    if (q.statistic_flag) return stats
    const { first, count } = warRoomWindow(q)
    const rows = await this.db
      .select({ room: warRooms, num: incidents.incidentNum, level: incidents.level, source: incidents.source })
      .from(warRooms)
      .innerJoin(incidents, eq(incidents.id, warRooms.incidentId))
      .where(cond)
      .orderBy(desc(warRooms.createdAt))
      .limit(count)
      .offset(first)
    return { ...stats, total: counts.total, list: rows.map((r) => toTenantInfo(r.room, r, now)) }
  }

  /** The seed's filters of ListWarRooms (all but war_room_nums, which overrides them). */
  private listFilter(tenantId: string, q: ListWarRoomsBody, now: number) {
    const where: SQL[] = [
      eq(warRooms.tenantId, tenantId),
      gte(warRooms.createdAt, at(q.triggered_start_time ?? now - 30 * DAY)),
      lte(warRooms.createdAt, at(q.triggered_end_time ?? now)),
    ]
    if (q.incident_num) where.push(eq(incidents.incidentNum, q.incident_num))
    if (q.title) where.push(ilike(warRooms.title, containsPattern(q.title)))
    if (q.region_code_list?.length) where.push(sql`${warRooms.regionCodes} && ${sql.param(q.region_code_list)}::text[]`)
    if (q.incident_levels?.length) where.push(inArray(incidents.level, q.incident_levels))
    if (q.impacted_application_ids?.length)
      where.push(sql`${warRooms.applicationIds} && ${sql.param(q.impacted_application_ids)}::text[]`)
    if (q.admin?.length) where.push(inArray(warRooms.admin, q.admin))
    if (q.status?.length)
      where.push(inArray(warRooms.status, q.status.map((s) => s.toLowerCase()) as ('running' | 'closed')[]))
    if (q.occur_start_time !== undefined) where.push(gte(warRooms.occurTime, at(q.occur_start_time)))
    if (q.occur_end_time !== undefined) where.push(lte(warRooms.occurTime, at(q.occur_end_time)))
    if (q.recover_start_time !== undefined) where.push(gte(warRooms.recoverTime, at(q.recover_start_time)))
    if (q.recover_end_time !== undefined) where.push(lte(warRooms.recoverTime, at(q.recover_end_time)))
    if (q.notification_level?.length) where.push(inArray(warRooms.circularLevel, q.notification_level))
    if (q.enterprise_project_ids?.length) where.push(inArray(warRooms.enterpriseProjectId, q.enterprise_project_ids))
    if (q.war_room_num) where.push(eq(warRooms.warRoomNum, q.war_room_num))
    return and(...where)
  }

  private async room(tenantId: string, id: string, tx: Tx = this.db) {
    const [r] = await tx
      .select({
        room: warRooms,
        num: incidents.incidentNum,
        level: incidents.level,
        source: incidents.source,
        title: incidents.title,
        status: incidents.status,
      })
      .from(warRooms)
      .innerJoin(incidents, eq(incidents.id, warRooms.incidentId))
      // The public id is the war-room number (WR…); the internal key still opens links made before that.
      .where(and(eq(warRooms.tenantId, tenantId), or(eq(warRooms.warRoomNum, id), eq(warRooms.id, id))))
    if (!r) throw new NotFoundError(`War room ${id} not found`)
    return r
  }

  async detail(principal: Principal, id: string) {
    const r = await this.room(principal.tenantId, id)
    const events = await this.db
      .select()
      .from(warRoomEvents)
      .where(eq(warRoomEvents.warRoomId, r.room.id))
      .orderBy(warRoomEvents.at, warRoomEvents.id)
    const canManage = r.room.status === 'running' && (isAdminRole(principal.role) || principal.role === 'operator')
    return {
      ...toTenantInfo(r.room, r, Date.now()),
      participants: r.room.participants,
      incident_title: r.title,
      incident_status: r.status,
      events: events.map((e) => ({ at: e.at.getTime(), actor: e.actor, kind: e.kind, text: e.text })),
      can_manage: canManage,
    }
  }

  private async mutate(
    principal: Principal,
    id: string,
    ctx: RequestContext,
    action: string,
    fn: (tx: Tx, room: WarRoomRow) => Promise<void>,
  ) {
    const num = await this.db.transaction(async (tx) => {
      const { room } = await this.room(principal.tenantId, id, tx)
      if (room.status !== 'running') throw new InvalidTransitionError('The war room is closed')
      await fn(tx, room)
      await this.audit.record(
        tx,
        principal,
        { action: `war-room.${action}`, targetType: 'war-room', targetId: room.warRoomNum },
        ctx,
      )
      return room.warRoomNum
    })
    return this.detail(principal, num)
  }

  addNote(principal: Principal, id: string, text: string, kind: 'note' | 'report', ctx: RequestContext) {
    return this.mutate(principal, id, ctx, kind, async (tx, room) => {
      await tx.insert(warRoomEvents).values({ warRoomId: room.id, actor: principal.username, kind, text })
      if (kind === 'report' && !room.firstReportTime)
        await tx.update(warRooms).set({ firstReportTime: new Date() }).where(eq(warRooms.id, room.id))
      if (kind === 'report') await this.notify(tx, room, `Status report: ${room.title}`)
    })
  }

  updateMembers(
    principal: Principal,
    id: string,
    body: { participants?: string[]; recover_leader?: string[]; recover_member?: string[] },
    ctx: RequestContext,
  ) {
    return this.mutate(principal, id, ctx, 'members', async (tx, room) => {
      const merge = (a: string[], b?: string[]) => [...new Set([...a, ...(b ?? [])])]
      const [updated] = await tx
        .update(warRooms)
        .set({
          participants: merge(room.participants, body.participants),
          recoverLeader: merge(room.recoverLeader, body.recover_leader),
          recoverMember: merge(room.recoverMember, body.recover_member),
        })
        .where(eq(warRooms.id, room.id))
        .returning()
      const added = [...(body.participants ?? []), ...(body.recover_leader ?? []), ...(body.recover_member ?? [])]
      await tx
        .insert(warRoomEvents)
        .values({ warRoomId: room.id, actor: principal.username, kind: 'member', text: `Added ${added.join(', ')}` })
      await this.notify(
        tx,
        { ...updated, participants: added, recoverLeader: [], recoverMember: [], admin: '' },
        `You joined the war room: ${room.title}`,
      )
    })
  }

  close(principal: Principal, id: string, body: { fault_cause?: string; fault_impact?: string }, ctx: RequestContext) {
    return this.mutate(principal, id, ctx, 'close', async (tx, room) => {
      if (!isAdminRole(principal.role) && room.admin !== principal.username && room.admin !== principal.userId)
        throw new ForbiddenError('Only the war room admin or an administrator can close it')
      const now = new Date()
      await tx
        .update(warRooms)
        .set({
          status: 'closed',
          closedAt: now,
          faultCause: body.fault_cause ?? room.faultCause,
          faultImpact: body.fault_impact ?? room.faultImpact,
        })
        .where(eq(warRooms.id, room.id))
      await tx
        .insert(warRoomEvents)
        .values({ warRoomId: room.id, actor: principal.username, kind: 'status', text: 'War room closed' })
    })
  }

  async stats(tenantId: string, days: number) {
    const since = new Date(Date.now() - days * DAY)
    const rows = await this.db
      .select({ room: warRooms, level: incidents.level })
      .from(warRooms)
      .innerJoin(incidents, eq(incidents.id, warRooms.incidentId))
      .where(and(eq(warRooms.tenantId, tenantId), gte(warRooms.createdAt, since)))
    const tally = (keys: string[]) =>
      [...keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>())].map(([key, count]) => ({
        key,
        count,
      }))
    const perDay = tally(rows.map((r) => r.room.createdAt.toISOString().slice(0, 10)))
      .map(({ key, count }) => ({ day: key, count }))
      .sort((a, b) => a.day.localeCompare(b.day))
    const edges: [string, number][] = [
      ['≤15', 15],
      ['≤30', 30],
      ['≤60', 60],
      ['≤240', 240],
      ['>240', Infinity],
    ]
    const restored = rows
      .filter((r) => r.room.recoverTime)
      .map((r) => (r.room.recoverTime!.getTime() - (r.room.occurTime ?? r.room.createdAt).getTime()) / 60_000)
    const running = rows.filter((r) => r.room.status === 'running').length
    return {
      running_num: running,
      closed_num: rows.length - running,
      total_num: rows.length,
      per_day: perDay,
      restoration_buckets: edges.map(([bucket, max], i) => ({
        bucket,
        count: restored.filter((m) => m <= max && (i === 0 || m > edges[i - 1][1])).length,
      })),
      by_application: tally(
        rows.flatMap((r) => (r.room.applicationNames.length ? r.room.applicationNames : r.room.applicationIds)),
      )
        .sort((a, b) => b.count - a.count)
        .slice(0, 10),
      by_level: tally(rows.map((r) => r.level)).sort((a, b) => a.key.localeCompare(b.key)),
    }
  }
}

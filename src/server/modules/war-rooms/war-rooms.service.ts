import { composed, type InboxPhraseKey, phrase } from '../../../contract/inbox-text'
import { isAdminRole } from '../../../contract/identity'
import { randomBytes, randomInt } from 'node:crypto'
import type { z } from 'zod'
import { utcStamp } from '../../../contract/common'
import { type CreateWarRoomBodySchema, type ListWarRoomsBody, warRoomWindow } from '../../../contract/war-rooms'
import type { Db, Tx } from '../../db/client'
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { InboxService } from '../inbox/inbox.service'
import type { IncidentChange, IncidentsService } from '../incidents/incidents.service'
import type { IncidentRow } from '../incidents/incident-dto'
import type { UsersService } from '../identity/users.service'
import type { NewWarRoom, WarRoomsRepository } from './war-rooms.repository'
import { toTenantInfo, type WarRoomRow } from './war-room-view'
import type { Log } from '../../lib/log'
import type { LiveEvents } from '../live/live-events'
import { consoleLinks } from '../../../contract/inbox'
import { refusal } from '../../../contract/refusal-text'

type Actor = Pick<Principal, 'username' | 'tenantId'> & { userId: string | null; role?: Principal['role'] }
const COC_FAIL = 'COC.00000001'
const DAY = 86_400_000
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
  private onCallFor: (incident: IncidentRow) => Promise<string | null> = async () => null

  constructor(
    private readonly db: Db,
    private readonly repo: WarRoomsRepository,
    private readonly incidents: Pick<IncidentsService, 'findByNum' | 'linkWarRoom' | 'summaries' | 'idsMatching'>,
    private readonly users: Pick<UsersService, 'tenantUsers'>,
    private readonly audit: AuditService,
    private readonly inbox: InboxService,
    private readonly options: { autoOpen: boolean },
    private readonly log: Log,
    /** Tells every replica's live streams when a room changes (in the change's transaction). */
    private readonly live?: Pick<LiveEvents, 'warRoomChanged'>,
  ) {}

  /** Every change of a room adds to its timeline; the live streams hear of it with the same commit. */
  private async addEvent(
    tx: Tx,
    room: Pick<WarRoomRow, 'id' | 'tenantId' | 'warRoomNum'>,
    e: Omit<Parameters<WarRoomsRepository['addEvent']>[1], 'warRoomId'>,
  ) {
    await this.repo.addEvent(tx, { warRoomId: room.id, ...e })
    await this.live?.warRoomChanged(tx, room)
  }

  async create(actor: Actor, body: z.infer<typeof CreateWarRoomBodySchema>, ctx?: RequestContext) {
    const row = await this.db.transaction(async (tx) => {
      const incident = await this.incidents.findByNum(actor.tenantId, body.incident_number, tx)
      if (!incident)
        throw new ValidationError(
          refusal('incident.not-found', { incident: body.incident_number }),
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
    incident: IncidentRow,
    v: Omit<NewWarRoom, 'id' | 'tenantId' | 'warRoomNum' | 'incidentId' | 'status' | 'source' | 'circularLevel'>,
    ctx?: RequestContext,
  ) {
    const running = await this.repo.runningOf(incident.id, tx)
    if (running)
      throw new InvalidTransitionError(
        refusal('war-room.already-running', { incident: incident.incidentNum, warRoom: running.warRoomNum }),
        COC_FAIL,
      )
    const row = await this.repo.insert(tx, {
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
    await this.incidents.linkWarRoom(tx, incident.id, row.warRoomNum)
    await this.addEvent(tx, row, {
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
    await this.notify(tx, row, 'war-room.opened')
    return row
  }

  /** Inbox message to the admin and every participant who is a console user (by id or name). */
  private async notify(tx: Tx, room: WarRoomRow, what: Extract<InboxPhraseKey, `war-room.${string}`>) {
    const people = [...new Set([room.admin, ...room.participants, ...room.recoverLeader, ...room.recoverMember])]
    if (!people.length) return
    const found = await this.users.tenantUsers(room.tenantId, people, tx)
    for (const u of found)
      await this.inbox.post(tx, {
        tenantId: room.tenantId,
        recipientId: u.id,
        kind: 'war-room',
        ...composed({ title: phrase(what, { title: room.title }) }),
        link: consoleLinks.warRoom(room.warRoomNum),
      })
  }

  /** Set by the on-call module: an auto-opened room's admin is the on-call when nobody is assigned yet. */
  resolveAdminWith(fn: (incident: IncidentRow) => Promise<string | null>) {
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
    const room = await this.repo.runningOf(i.id)
    if (!room) return
    // Read before the transaction: inside it, the lookup would hold one pooled connection waiting for another.
    const acceptor = c.action === 'acceptedIncident1' ? await this.userName(i.tenantId, i.assignee) : null
    await this.db.transaction(async (tx) => {
      const now = new Date()
      if (acceptor && acceptor !== room.admin) {
        // Whoever accepts leads the room; the previous admin stays as a participant.
        await this.repo.update(tx, room.id, {
          admin: acceptor,
          participants: [...new Set([...room.participants, room.admin, acceptor])],
        })
        await this.addEvent(tx, room, {
          actor: acceptor,
          kind: 'member',
          text: `${acceptor} accepted the incident and leads the room`,
        })
      } else if (c.to === 'INCIDENT_STATUS_RESOLVED') {
        await this.repo.update(tx, room.id, {
          recoverTime: room.recoverTime ?? now,
          recoveryNotificationTime: now,
          faultCause: room.faultCause ?? i.cause?.slice(0, 255) ?? null,
        })
        await this.addEvent(tx, room, {
          actor: 'system',
          kind: 'status',
          text: 'Incident resolved: service recovered',
        })
        await this.notify(tx, room, 'war-room.recovered')
      } else if (c.from === 'INCIDENT_STATUS_RESOLVED' && c.to === 'INCIDENT_STATUS_ACKNOWLEDGED') {
        await this.repo.update(tx, room.id, { recoverTime: null, recoveryNotificationTime: null })
        await this.addEvent(tx, room, {
          actor: 'system',
          kind: 'status',
          text: 'Verification failed: not recovered',
        })
      } else if (c.to === 'INCIDENT_STATUS_COMPLETED' || c.to === 'INCIDENT_STATUS_REJECTED') {
        await this.repo.update(tx, room.id, {
          status: 'closed',
          closedAt: now,
          recoverTime: room.recoverTime ?? (c.to === 'INCIDENT_STATUS_COMPLETED' ? now : null),
        })
        await this.addEvent(tx, room, {
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
    const [u] = await this.users.tenantUsers(tenantId, [idOrName])
    return u?.username ?? null
  }

  async list(principal: Principal, q: ListWarRoomsBody) {
    const now = Date.now()
    const byIncident =
      !q.war_room_nums?.length && (q.incident_num || q.incident_levels?.length)
        ? this.incidents.idsMatching(principal.tenantId, { num: q.incident_num, levels: q.incident_levels })
        : undefined
    const where = this.repo.listFilter(principal.tenantId, q, now, byIncident)
    const { first, count } = warRoomWindow(q)
    const page = await this.repo.page(where, first, q.statistic_flag ? 0 : count)
    const stats = { running_num: page.running, closed_num: page.total - page.running, total_num: page.total }
    if (q.statistic_flag) return stats
    const incidents = await this.incidents.summaries(page.rows.map((r) => r.incidentId))
    return {
      ...stats,
      total: page.total,
      list: page.rows.map((r) => toTenantInfo(r, this.incidentOf(incidents, r), now)),
    }
  }

  /** The incident facts a view shows; the room's own copy if the incident is gone. */
  private incidentOf(incidents: Awaited<ReturnType<IncidentsService['summaries']>>, room: WarRoomRow) {
    return (
      incidents.get(room.incidentId) ?? {
        num: '',
        level: room.circularLevel,
        source: room.source,
        title: '',
        status: '',
      }
    )
  }

  private async room(tenantId: string, id: string, tx: Tx = this.db) {
    const room = await this.repo.byId(tenantId, id, tx)
    if (!room) throw new NotFoundError(refusal('war-room.not-found', { id }))
    const incident = this.incidentOf(await this.incidents.summaries([room.incidentId], tx), room)
    return { room, ...incident }
  }

  async detail(principal: Principal, id: string) {
    const r = await this.room(principal.tenantId, id)
    const events = await this.repo.events(r.room.id)
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
      if (room.status !== 'running') throw new InvalidTransitionError(refusal('war-room.closed'))
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
      await this.addEvent(tx, room, { actor: principal.username, kind, text })
      if (kind === 'report' && !room.firstReportTime)
        await this.repo.update(tx, room.id, { firstReportTime: new Date() })
      if (kind === 'report') await this.notify(tx, room, 'war-room.report')
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
      const updated = await this.repo.update(tx, room.id, {
        participants: merge(room.participants, body.participants),
        recoverLeader: merge(room.recoverLeader, body.recover_leader),
        recoverMember: merge(room.recoverMember, body.recover_member),
      })
      const added = [...(body.participants ?? []), ...(body.recover_leader ?? []), ...(body.recover_member ?? [])]
      await this.addEvent(tx, room, {
        actor: principal.username,
        kind: 'member',
        text: `Added ${added.join(', ')}`,
      })
      await this.notify(
        tx,
        { ...updated, participants: added, recoverLeader: [], recoverMember: [], admin: '' },
        'war-room.joined',
      )
    })
  }

  close(principal: Principal, id: string, body: { fault_cause?: string; fault_impact?: string }, ctx: RequestContext) {
    return this.mutate(principal, id, ctx, 'close', async (tx, room) => {
      if (!isAdminRole(principal.role) && room.admin !== principal.username && room.admin !== principal.userId)
        throw new ForbiddenError(refusal('war-room.close-forbidden'))
      const now = new Date()
      await this.repo.update(tx, room.id, {
        status: 'closed',
        closedAt: now,
        faultCause: body.fault_cause ?? room.faultCause,
        faultImpact: body.fault_impact ?? room.faultImpact,
      })
      await this.addEvent(tx, room, {
        actor: principal.username,
        kind: 'status',
        text: 'War room closed',
      })
    })
  }

  async stats(tenantId: string, days: number) {
    const since = new Date(Date.now() - days * DAY)
    const rooms = await this.repo.createdSince(tenantId, since)
    const incidents = await this.incidents.summaries(rooms.map((r) => r.incidentId))
    const rows = rooms.map((room) => ({ room, level: this.incidentOf(incidents, room).level }))
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

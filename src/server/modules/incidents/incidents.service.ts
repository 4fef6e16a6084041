import { isAdminRole } from '../../../contract/identity'
import { and, count, desc, eq, gte, ilike, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import {
  CLOSED_INCIDENT_STATUSES,
  type CreateIncidentBodySchema,
  type HandleIncidentBodySchema,
  type IncidentBoardQuerySchema,
  nextStatus,
  OPERATE_PARAMETERS,
  OperateKeySchema,
  type IncidentStatus,
} from '../../../contract/incidents'
import type { Db, Tx } from '../../db/client'
import { insertJson } from '../../db/insert-json'
import { alarms, incidentTimeline, incidents } from '../../db/schema'
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { UsersService } from '../identity/users.service'
import { toCard, toDetail, type IncidentRow } from './incident-dto'
import { insertIncidents, type NewIncident } from './insert-incidents'
import type { Log } from '../../lib/log'
import { containsPattern } from '../../lib/like'

/** What the WarRoom module (and others) hear about: every created or transitioned incident. */
export interface IncidentChange {
  incident: IncidentRow
  action: string
  from: IncidentStatus | null
  to: IncidentStatus
}
type Actor = Pick<Principal, 'username' | 'tenantId'> & { userId: string | null }

const COC_FAIL = 'COC.00000001'
/**
 * Incidents: COC create/handle/detail, the board read model and the timeline. Every transition goes through
 * the contract's state machine inside one transaction with its timeline entry and audit record.
 */
export class IncidentsService {
  private readonly listeners: ((c: IncidentChange) => void | Promise<void>)[] = []
  private readonly txListeners: ((tx: Tx, c: IncidentChange) => Promise<void>)[] = []

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly users: Pick<UsersService, 'tenantUsers'>,
    private readonly log: Log,
  ) {}

  /** Subscribe to incident changes (called after commit; errors are the listener's own). */
  onChange(listener: (c: IncidentChange) => void | Promise<void>) {
    this.listeners.push(listener)
  }

  /**
   * Subscribe inside the transaction of every change: what a listener writes (a queued job) commits with the
   * change or not at all. Its error fails the change, so listeners only add rows here and work elsewhere.
   */
  onChangeInTx(listener: (tx: Tx, c: IncidentChange) => Promise<void>) {
    this.txListeners.push(listener)
  }

  private async emitInTx(tx: Tx, c: IncidentChange) {
    for (const l of this.txListeners) await l(tx, c)
  }

  // ---- for war rooms ----

  /** The tenant's incident of this number, or undefined. */
  async findByNum(tenantId: string, num: string, tx: Tx = this.db): Promise<IncidentRow | undefined> {
    const [row] = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.tenantId, tenantId), eq(incidents.incidentNum, num)))
    return row
  }

  /** Records the war room opened for the incident (in the transaction that opened it). */
  async linkWarRoom(tx: Tx, incidentId: number, warRoomNum: string) {
    await tx.update(incidents).set({ warroomId: warRoomNum }).where(eq(incidents.id, incidentId))
  }

  /** Number, level, source, title and status of these incidents, by id. */
  async summaries(ids: number[], tx: Tx = this.db) {
    const rows = ids.length
      ? await tx
          .select({
            id: incidents.id,
            num: incidents.incidentNum,
            level: incidents.level,
            source: incidents.source,
            title: incidents.title,
            status: incidents.status,
          })
          .from(incidents)
          .where(inArray(incidents.id, [...new Set(ids)]))
      : []
    return new Map(rows.map((r) => [r.id, r]))
  }

  /**
   * A subquery of the ids of the tenant's incidents with this number and/or these levels, for another
   * module's list filter (`incident_id IN (…)`): one round trip, and the incidents' indexes stay in use.
   */
  idsMatching(tenantId: string, f: { num?: string; levels?: string[] }) {
    const where: SQL[] = [eq(incidents.tenantId, tenantId)]
    if (f.num) where.push(eq(incidents.incidentNum, f.num))
    if (f.levels?.length) where.push(inArray(incidents.level, f.levels))
    return this.db
      .select({ id: incidents.id })
      .from(incidents)
      .where(and(...where))
  }

  /** The stored incident (jobs load it fresh when they run), or undefined. */
  async rowById(id: number): Promise<IncidentRow | undefined> {
    const [row] = await this.db.select().from(incidents).where(eq(incidents.id, id))
    return row
  }

  /** The stored incident of a tenant by its number, or undefined. */
  async rowByNum(tenantId: string, num: string): Promise<IncidentRow | undefined> {
    const [row] = await this.db
      .select()
      .from(incidents)
      .where(and(eq(incidents.tenantId, tenantId), eq(incidents.incidentNum, num)))
    return row
  }

  /** Announces an incident created inside another module's transaction, once that transaction committed. */
  notifyCreated(row: IncidentRow) {
    return this.emit({ incident: row, action: 'create', from: null, to: row.status as IncidentStatus })
  }

  /**
   * Runs the listeners; callers of the API paths await it, so what a listener does (a war room opened for a
   * P1) exists when the response arrives. A listener's failure is its own and never fails the change.
   */
  private async emit(c: IncidentChange) {
    const ids = { tenantId: c.incident.tenantId, incidentId: c.incident.id, incidentNum: c.incident.incidentNum }
    this.log.info({ ...ids, action: c.action, from: c.from, to: c.to }, 'incident transition')
    await Promise.all(
      this.listeners.map((l) =>
        Promise.resolve()
          .then(() => l(c))
          .catch((err) => this.log.warn({ err, ...ids, action: c.action }, 'incident listener failed')),
      ),
    )
  }

  async create(
    actor: Actor,
    body: z.infer<typeof CreateIncidentBodySchema>,
    ctx?: RequestContext,
    opts: { draft?: boolean; tx?: Tx } = {},
  ) {
    const run = async (tx: Tx) => (await this.createMany(tx, [{ actor, body, ctx, draft: opts.draft }]))[0]
    const row = opts.tx ? await run(opts.tx) : await this.db.transaction(run)
    if (!opts.tx) await this.emit({ incident: row, action: 'create', from: null, to: row.status as IncidentStatus })
    return row
  }

  /**
   * Creates incidents in the caller's transaction, set-based (see insertIncidents); the caller announces them after
   * commit.
   */
  async createMany(tx: Tx, items: NewIncident[]): Promise<IncidentRow[]> {
    const rows = await insertIncidents(tx, this.audit, items)
    for (const row of rows)
      await this.emitInTx(tx, { incident: row, action: 'create', from: null, to: row.status as IncidentStatus })
    return rows
  }

  async handle(principal: Principal, body: z.infer<typeof HandleIncidentBodySchema>, ctx: RequestContext) {
    const key = OperateKeySchema.safeParse(body.operate_key)
    if (!key.success)
      throw new ValidationError(
        `The field[operate_key] value[${body.operate_key}] invalid`,
        [{ path: 'body.operate_key', message: 'invalid' }],
        COC_FAIL,
      )
    const paramSchema = OPERATE_PARAMETERS[key.data]
    let params: Record<string, unknown> = {}
    if (paramSchema) {
      const parsed = paramSchema.safeParse(body.parameter ?? {})
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({
          path: ['parameter', ...i.path].join('.'),
          message: i.message,
        }))
        throw new ValidationError(details.map((d) => `${d.path} ${d.message}`).join(' | '), details, COC_FAIL)
      }
      params = parsed.data as Record<string, unknown>
    }
    const change = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(incidents)
        .where(and(eq(incidents.tenantId, principal.tenantId), eq(incidents.incidentNum, body.incident_num)))
        .for('update')
      if (!row) throw new NotFoundError(`Incident ${body.incident_num} not found`, COC_FAIL)
      const from = row.status as IncidentStatus
      const to = nextStatus(from, key.data, params.virtual_confirm_result !== false)
      if (!to) throw new InvalidTransitionError(`operate_key ${key.data} is not allowed in status ${from}`, COC_FAIL)
      const now = new Date()
      const patch: Partial<typeof incidents.$inferInsert> = { status: to, updatedAt: now }
      // Whoever accepts owns the incident from then on (and the paging of it stops: see PagingService).
      if (key.data === 'acceptedIncident1')
        Object.assign(patch, { acknowledgedAt: row.acknowledgedAt ?? now, assignee: principal.userId })
      // The solution's mtm_type is the incident category as finally diagnosed: it becomes incident_type
      // (seed 4.4.1.3 calls it the 事件类别, the field incident_type holds); the category it had is kept in the timeline.
      if (key.data === 'commitSolution1')
        Object.assign(patch, {
          type: params.mtm_type,
          mtmType: params.mtm_type,
          isServiceInterrupt: params.is_service_interrupt,
          cause: params.cause,
          solution: params.solution,
          handleTime: now,
          resolvedAt: now,
        })
      if (key.data === 'confirm' && to === 'INCIDENT_STATUS_COMPLETED') patch.completedAt = now
      if (key.data === 'confirm' && to === 'INCIDENT_STATUS_ACKNOWLEDGED') patch.resolvedAt = null
      const [updated] = await tx.update(incidents).set(patch).where(eq(incidents.id, row.id)).returning()
      await tx.insert(incidentTimeline).values({
        incidentId: row.id,
        actor: principal.username,
        action: key.data,
        fromStatus: from,
        toStatus: to,
        fields: {
          operator: body.operator,
          ...params,
          ...(key.data === 'commitSolution1' && params.mtm_type !== row.type ? { previous_type: row.type } : {}),
        },
      })
      await this.audit.record(
        tx,
        principal,
        {
          action: `incident.${key.data}`,
          targetType: 'incident',
          targetId: row.incidentNum,
          before: { status: from },
          after: { status: to, ...params },
        },
        ctx,
      )
      const change = { incident: updated, action: key.data, from, to }
      await this.emitInTx(tx, change)
      return change
    })
    await this.emit(change)
  }

  private async byNum(tenantId: string, num: string) {
    const [row] = await this.db
      .select()
      .from(incidents)
      .where(and(eq(incidents.tenantId, tenantId), eq(incidents.incidentNum, num)))
    if (!row) throw new NotFoundError(`Incident ${num} not found`, COC_FAIL)
    return row
  }

  /** user id or name → display name, for the people on these incidents (and these other user names). */
  private async names(tenantId: string, rows: IncidentRow[], more: string[] = []) {
    const ids = [...new Set([...rows.flatMap((r) => [r.assignee, r.creator]), ...more].filter((x): x is string => !!x))]
    const map = new Map<string, string>()
    if (!ids.length) return map
    const found = await this.users.tenantUsers(tenantId, ids)
    for (const u of found) {
      map.set(u.id, u.displayName)
      map.set(u.username, u.displayName)
    }
    return map
  }

  async detail(principal: Principal, num: string) {
    const row = await this.byNum(principal.tenantId, num)
    return toDetail(row, await this.names(principal.tenantId, [row]))
  }

  async board(principal: Principal, q: z.infer<typeof IncidentBoardQuerySchema>) {
    const week = new Date(Date.now() - 7 * 86_400_000)
    const where: SQL[] = [
      eq(incidents.tenantId, principal.tenantId),
      or(notInArray(incidents.status, [...CLOSED_INCIDENT_STATUSES]), gte(incidents.updatedAt, week))!,
    ]
    if (q.level) where.push(eq(incidents.level, q.level))
    if (q.type) where.push(eq(incidents.type, q.type))
    if (q.source) where.push(eq(incidents.source, q.source))
    if (q.assignee) where.push(eq(incidents.assignee, q.assignee))
    if (q.application_id) where.push(eq(incidents.applicationId, q.application_id))
    if (q.q) where.push(ilike(incidents.title, containsPattern(q.q)))
    if (q.resource_id)
      where.push(
        sql`exists (select 1 from ${alarms} where ${alarms.incidentId} = ${incidents.id} and ${alarms.resourceId} = ${q.resource_id})`,
      )
    const rows = await this.db
      .select()
      .from(incidents)
      .where(and(...where))
      .orderBy(incidents.level, desc(incidents.createdAt))
      .limit(500)
    const counts = rows.length
      ? await this.db
          .select({ id: alarms.incidentId, n: count() })
          .from(alarms)
          .where(
            inArray(
              alarms.incidentId,
              rows.map((r) => r.id),
            ),
          )
          .groupBy(alarms.incidentId)
      : []
    const byId = new Map(counts.map((c) => [c.id, c.n]))
    const names = await this.names(principal.tenantId, rows)
    return rows.map((r) => toCard(r, principal.role, names, byId.get(r.id) ?? 0))
  }

  async view(principal: Principal, num: string) {
    const row = await this.byNum(principal.tenantId, num)
    const [timeline, linked] = await Promise.all([
      this.db
        .select()
        .from(incidentTimeline)
        .where(eq(incidentTimeline.incidentId, row.id))
        .orderBy(incidentTimeline.at, incidentTimeline.id),
      this.db.select().from(alarms).where(eq(alarms.incidentId, row.id)).orderBy(alarms.firstAt),
    ])
    const names = await this.names(
      principal.tenantId,
      [row],
      timeline.map((t) => t.actor),
    )
    return {
      ...toCard(row, principal.role, names, linked.length),
      timeline: timeline.map((t) => ({
        at: t.at.getTime(),
        actor: t.actor,
        actor_name: names.get(t.actor) ?? null,
        action: t.action,
        from_status: t.fromStatus,
        to_status: t.toStatus,
        fields: t.fields,
      })),
      alarms: linked.map((a) => ({
        alarm_id: a.alarmId,
        name: a.name,
        level: a.level,
        status: a.status,
        source: a.source,
        resource_name: a.resourceName,
        description: a.description,
        first_at: a.firstAt.getTime(),
        last_at: a.lastAt.getTime(),
        recovered_at: a.recoveredAt?.getTime() ?? null,
        received_count: a.receivedCount,
      })),
    }
  }

  async metrics(tenantId: string) {
    const since = new Date(Date.now() - 30 * 86_400_000)
    const [m] = await this.db
      .select({
        mtta: sql<number | null>`avg(extract(epoch from (${incidents.acknowledgedAt} - ${incidents.createdAt})) / 60)`,
        mttr: sql<number | null>`avg(extract(epoch from (${incidents.resolvedAt} - ${incidents.createdAt})) / 60)
          filter (where ${incidents.resolvedAt} is not null)`,
        open: sql<number>`count(*) filter (where ${incidents.status} in
          ('INCIDENT_STATUS_TRIGGERED', 'INCIDENT_STATUS_ACKNOWLEDGED', 'INCIDENT_STATUS_RESOLVED'))`,
      })
      .from(incidents)
      .where(and(eq(incidents.tenantId, tenantId), gte(incidents.createdAt, since)))
    const round = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10)
    return { mtta_minutes: round(m.mtta), mttr_minutes: round(m.mttr), open: Number(m.open) }
  }

  /** Records an event on an incident's timeline (alarm recovery, war room links). */
  async note(tx: Tx, incidentId: number, actor: string, action: string, fields: Record<string, unknown>) {
    await this.noteMany(tx, [{ incidentId, actor, action, fields }])
  }

  /** Several timeline events in one INSERT; ids (and so the timeline order within one `at`) follow the input order. */
  async noteMany(
    tx: Tx,
    notes: { incidentId: number; actor: string; action: string; fields: Record<string, unknown> }[],
  ) {
    if (notes.length) await tx.execute(insertJson(incidentTimeline, notes))
  }

  /** The operator named in a handle call must be the caller or someone the caller stands in for (admins). */
  static checkOperator(principal: Principal, operator: string) {
    if (!isAdminRole(principal.role) && operator !== principal.userId && operator !== principal.username) {
      throw new ForbiddenError('operator must be your own user id or name', 'COC.00000001')
    }
  }
}

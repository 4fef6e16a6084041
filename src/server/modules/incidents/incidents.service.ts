import { isAdminRole } from '../../../contract/identity'
import type { z } from 'zod'
import {
  type CreateIncidentBodySchema,
  type HandleIncidentBodySchema,
  handleOutcome,
  type IncidentBoardQuerySchema,
  OPERATE_PARAMETERS,
  OperateKeySchema,
  type IncidentChanges,
  type IncidentStatus,
} from '../../../contract/incidents'
import type { Db, Tx } from '../../db/client'
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { UsersService } from '../identity/users.service'
import { toCard, toDetail, type IncidentRow } from './incident-dto'
import { insertIncidents, type NewIncident } from './insert-incidents'
import type { Log } from '../../lib/log'
import type { IncidentPatch, IncidentsRepository } from './incidents.repository'
import { refusal } from '../../../contract/refusal-text'

/** What the WarRoom module (and others) hear about: every created or transitioned incident. */
export interface IncidentChange {
  incident: IncidentRow
  action: string
  from: IncidentStatus | null
  to: IncidentStatus
}
type Actor = Pick<Principal, 'username' | 'tenantId'> & { userId: string | null }

const COC_FAIL = 'COC.00000001'
const dateOf = (ms: number | null | undefined) => (ms === undefined ? undefined : ms === null ? null : new Date(ms))

/** The contract's handle outcome as the incident row's columns (an absent field is left as it is). */
function toPatch(c: IncidentChanges, now: Date): IncidentPatch {
  const patch: IncidentPatch = {
    status: c.status,
    updatedAt: now,
    acknowledgedAt: dateOf(c.acknowledged_at),
    assignee: c.assignee,
    resolvedAt: dateOf(c.resolved_at),
    completedAt: dateOf(c.completed_at),
    type: c.type,
    mtmType: c.mtm_type,
    isServiceInterrupt: c.is_service_interrupt,
    cause: c.cause,
    solution: c.solution,
    handleTime: dateOf(c.handle_time),
  }
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as IncidentPatch
}
/**
 * Incidents: COC create/handle/detail, the board read model and the timeline. Every transition goes through
 * the contract's state machine inside one transaction with its timeline entry and audit record.
 */
export class IncidentsService {
  private readonly listeners: ((c: IncidentChange) => void | Promise<void>)[] = []
  private readonly txListeners: ((tx: Tx, changes: IncidentChange[]) => Promise<void>)[] = []

  constructor(
    private readonly db: Db,
    private readonly repo: IncidentsRepository,
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
   * A listener hears every change of one transaction at once (an alarm batch opens many incidents), so what it
   * writes can be one statement per batch.
   */
  onChangeInTx(listener: (tx: Tx, changes: IncidentChange[]) => Promise<void>) {
    this.txListeners.push(listener)
  }

  private async emitInTx(tx: Tx, changes: IncidentChange[]) {
    if (!changes.length) return
    for (const l of this.txListeners) await l(tx, changes)
  }

  // ---- for war rooms ----

  /** The tenant's incident of this number, or undefined. */
  findByNum(tenantId: string, num: string, tx: Tx = this.db): Promise<IncidentRow | undefined> {
    return this.repo.byNum(tenantId, num, tx)
  }

  /** Records the war room opened for the incident (in the transaction that opened it). */
  async linkWarRoom(tx: Tx, incidentId: number, warRoomNum: string) {
    await this.repo.setWarRoom(tx, incidentId, warRoomNum)
  }

  /** Number, level, source, title and status of these incidents, by id. */
  async summaries(ids: number[], tx: Tx = this.db) {
    const rows = await this.repo.summaries(ids, tx)
    return new Map(rows.map((r) => [r.id, r]))
  }

  /**
   * A subquery of the ids of the tenant's incidents with this number and/or these levels, for another
   * module's list filter (`incident_id IN (…)`): one round trip, and the incidents' indexes stay in use.
   */
  idsMatching(tenantId: string, f: { num?: string; levels?: string[] }) {
    return this.repo.idsMatching(tenantId, f)
  }

  /** The stored incident (jobs load it fresh when they run), or undefined. */
  rowById(id: number, tx?: Tx): Promise<IncidentRow | undefined> {
    return this.repo.byId(id, tx)
  }

  /** The stored incident of a tenant by its number, or undefined. */
  rowByNum(tenantId: string, num: string, tx?: Tx): Promise<IncidentRow | undefined> {
    return this.repo.byNum(tenantId, num, tx)
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
    await this.emitInTx(
      tx,
      rows.map((row) => ({ incident: row, action: 'create', from: null, to: row.status as IncidentStatus })),
    )
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
      const row = await this.repo.lockByNum(tx, principal.tenantId, body.incident_num)
      if (!row) throw new NotFoundError(refusal('incident.not-found', { incident: body.incident_num }), COC_FAIL)
      const from = row.status as IncidentStatus
      const now = new Date()
      // The contract's rules (shared with the mocks): who owns it after accepting (the paging of it stops: see
      // PagingService), what a solution sets, what a confirmation clears. The category it had is kept in the
      // timeline below.
      const changes = handleOutcome(
        { status: from, acknowledged_at: row.acknowledgedAt?.getTime() ?? null },
        key.data,
        params,
        { userId: principal.userId, now: now.getTime() },
      )
      if (!changes)
        throw new InvalidTransitionError(
          refusal('incident.operate-not-allowed', { operateKey: key.data, incidentStatus: from }),
          COC_FAIL,
        )
      const to = changes.status
      const updated = await this.repo.update(tx, row.id, toPatch(changes, now))
      await this.repo.addTimeline(tx, {
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
      await this.emitInTx(tx, [change])
      return change
    })
    await this.emit(change)
  }

  private async byNum(tenantId: string, num: string) {
    const row = await this.repo.byNum(tenantId, num)
    if (!row) throw new NotFoundError(refusal('incident.not-found', { incident: num }), COC_FAIL)
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
    const rows = await this.repo.board(
      {
        tenantId: principal.tenantId,
        // Closed incidents stay on the board for a week after their last change.
        since: new Date(Date.now() - 7 * 86_400_000),
        level: q.level,
        type: q.type,
        source: q.source,
        assignee: q.assignee,
        applicationId: q.application_id,
        resourceId: q.resource_id,
        q: q.q,
      },
      500,
    )
    const byId = await this.repo.alarmCounts(rows.map((r) => r.id))
    const names = await this.names(principal.tenantId, rows)
    return rows.map((r) => toCard(r, principal.role, names, byId.get(r.id) ?? 0))
  }

  async view(principal: Principal, num: string) {
    const row = await this.byNum(principal.tenantId, num)
    const [timeline, linked] = await Promise.all([this.repo.timeline(row.id), this.repo.alarmsOf(row.id)])
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
    const m = await this.repo.metrics(tenantId, new Date(Date.now() - 30 * 86_400_000))
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
    await this.repo.addTimelineMany(tx, notes)
  }

  /** The operator named in a handle call must be the caller or someone the caller stands in for (admins). */
  static checkOperator(principal: Principal, operator: string) {
    if (!isAdminRole(principal.role) && operator !== principal.userId && operator !== principal.username) {
      throw new ForbiddenError('operator must be your own user id or name', 'COC.00000001')
    }
  }
}

import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  ilike,
  inArray,
  lt,
  lte,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm'
import type { Effect, MachineBatch, MachineInstance, MachineState, Step } from '../../../contract/execution-machine'
import { INSTANCE_STATUSES, type InstanceStatus, type OrderStatus } from '../../../contract/execution-rules'
import type { ExecutionQuery, StatusCounts } from '../../../contract/executions'
import type { Db, Tx } from '../../db/client'
import {
  executionBatches,
  executionInstances,
  executionLogChunks,
  executionOrders,
  type ExecutionInstanceRow,
  type StoredLogMark,
} from '../../db/schema'
import { rowsOf } from '../../db/insert-json'
import { countRows, selectPage, selectRows } from '../../db/select-page'
import { containsPattern } from '../../lib/like'
import type { LogPiece } from './run-log'

const LIVE = ['READY', 'PROCESSING', 'PAUSED'] as const

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(INSTANCE_STATUSES.map((s) => [s, 0])) as StatusCounts
}

/** Output of the instance's current attempt not yet folded into `log` (appended while it runs). */
const chunkText = sql<string>`coalesce((select string_agg(c.data, '' order by c.id) from ${executionLogChunks} c where c.instance_id = ${executionInstances.id} and c.attempt = ${executionInstances.attempt}), '')`
/** The whole log: the folded text plus the running attempt's chunks. */
const fullLog = sql<string>`${executionInstances.log} || ${chunkText}`
const leaseUntil = (ttlMs: number) => sql`now() + ${ttlMs} * interval '1 millisecond'`

/** The instance columns every view needs; the log is read only where it is shown. */
const instanceCols = {
  id: executionInstances.id,
  orderId: executionInstances.orderId,
  batchIndex: executionInstances.batchIndex,
  hostId: executionInstances.hostId,
  resourceId: executionInstances.resourceId,
  agentSn: executionInstances.agentSn,
  hostName: executionInstances.hostName,
  fixedIp: executionInstances.fixedIp,
  regionId: executionInstances.regionId,
  zoneId: executionInstances.zoneId,
  status: executionInstances.status,
  attempt: executionInstances.attempt,
  commandId: executionInstances.commandId,
  exitCode: executionInstances.exitCode,
  message: executionInstances.message,
  logTruncated: executionInstances.logTruncated,
  createdAt: executionInstances.createdAt,
  startedAt: executionInstances.startedAt,
  finishedAt: executionInstances.finishedAt,
  dispatchedAt: executionInstances.dispatchedAt,
  logBytes:
    sql<number>`octet_length(${executionInstances.log}) + coalesce((select sum(octet_length(c.data)) from ${executionLogChunks} c where c.instance_id = ${executionInstances.id} and c.attempt = ${executionInstances.attempt}), 0)`.mapWith(
      Number,
    ),
}
/** The stored mark of a piece: `[length in UTF-16 units, stream, epoch ms]`. */
export function markOf(p: LogPiece): StoredLogMark {
  return [p.text.length, p.stream, p.at]
}

export type InstanceRow = Omit<ExecutionInstanceRow, 'log' | 'logMarks' | 'logPurgedAt'> & { logBytes: number }

/** Queries of the execution tables. Lookups by uuid take the tenant; the engine works by order id. */
export class ExecutionsRepository {
  constructor(private readonly db: Db) {}

  /** A new ticket with its batches and per-host instances; returns the ticket's id. */
  async insertTicket(
    tx: Tx,
    order: typeof executionOrders.$inferInsert,
    batches: Omit<typeof executionBatches.$inferInsert, 'orderId'>[],
    instances: Omit<typeof executionInstances.$inferInsert, 'orderId'>[],
  ) {
    const [{ id }] = await tx.insert(executionOrders).values(order).returning({ id: executionOrders.id })
    await tx.insert(executionBatches).values(batches.map((b) => ({ ...b, orderId: id })))
    await tx.insert(executionInstances).values(instances.map((i) => ({ ...i, orderId: id })))
    return id
  }

  async byUuid(tenantId: string, uuid: string, tx: Tx = this.db) {
    return (
      await tx
        .select()
        .from(executionOrders)
        .where(and(eq(executionOrders.tenantId, tenantId), eq(executionOrders.uuid, uuid)))
    )[0]
  }

  async byId(id: number, tx: Tx = this.db) {
    return (await tx.select().from(executionOrders).where(eq(executionOrders.id, id)))[0]
  }

  // ---- leases (see lease-keeper.ts) ----

  /** How many live tickets each replica drives (holds the lease of), over every tenant. */
  async leasesByOwner(): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ owner: executionOrders.leaseOwner, n: count() })
      .from(executionOrders)
      .where(and(sql`${executionOrders.leaseOwner} is not null`, inArray(executionOrders.status, [...LIVE])))
      .groupBy(executionOrders.leaseOwner)
    return new Map(rows.map((r) => [r.owner!, r.n]))
  }

  /** Extends this replica's leases on live tickets; returns the ids it still holds. */
  async renewLeases(owner: string, ttlMs: number): Promise<number[]> {
    const rows = await this.db
      .update(executionOrders)
      .set({ leaseExpiresAt: leaseUntil(ttlMs) })
      .where(and(eq(executionOrders.leaseOwner, owner), inArray(executionOrders.status, [...LIVE])))
      .returning({ id: executionOrders.id })
    return rows.map((r) => r.id)
  }

  /**
   * Claims live tickets whose lease is free or expired, skipping rows another replica is claiming right now.
   * `except`: tickets this replica already drives; a ticket leased to `owner` but not among them is taken back
   * at once (this replica restarted with a stable REPLICA_ID).
   */
  async claimLeases(owner: string, ttlMs: number, limit: number, except: number[]): Promise<number[]> {
    const free = this.db
      .select({ id: executionOrders.id })
      .from(executionOrders)
      .where(
        and(
          inArray(executionOrders.status, [...LIVE]),
          or(
            sql`${executionOrders.leaseOwner} is null`,
            lt(executionOrders.leaseExpiresAt, sql`now()`),
            eq(executionOrders.leaseOwner, owner),
          ),
          except.length ? notInArray(executionOrders.id, except) : undefined,
        ),
      )
      .orderBy(asc(executionOrders.id))
      .limit(limit)
      .for('update', { skipLocked: true })
    const rows = await this.db
      .update(executionOrders)
      .set({ leaseOwner: owner, leaseExpiresAt: leaseUntil(ttlMs) })
      .where(inArray(executionOrders.id, free))
      .returning({ id: executionOrders.id })
    return rows.map((r) => r.id)
  }

  /** Claims one live ticket when its lease is free, expired or already ours. */
  async claimLease(orderId: number, owner: string, ttlMs: number): Promise<boolean> {
    const rows = await this.db
      .update(executionOrders)
      .set({ leaseOwner: owner, leaseExpiresAt: leaseUntil(ttlMs) })
      .where(
        and(
          eq(executionOrders.id, orderId),
          inArray(executionOrders.status, [...LIVE]),
          or(
            sql`${executionOrders.leaseOwner} is null`,
            eq(executionOrders.leaseOwner, owner),
            lt(executionOrders.leaseExpiresAt, sql`now()`),
          ),
        ),
      )
      .returning({ id: executionOrders.id })
    return rows.length > 0
  }

  /** Lets another replica take these tickets over at once (a graceful stop). */
  async releaseLeases(owner: string, ids: number[]) {
    if (!ids.length) return
    await this.db
      .update(executionOrders)
      .set({ leaseOwner: null, leaseExpiresAt: null })
      .where(and(eq(executionOrders.leaseOwner, owner), inArray(executionOrders.id, ids)))
  }

  /**
   * Locks the ticket's row for this transaction, so state changes from any replica (the driver's steps, an
   * operator's operation) apply one at a time. With `owner`, only while that replica holds the lease.
   */
  async lockOrder(tx: Tx, orderId: number, owner?: string): Promise<boolean> {
    const rows = await tx
      .select({ id: executionOrders.id })
      .from(executionOrders)
      .where(and(eq(executionOrders.id, orderId), owner ? eq(executionOrders.leaseOwner, owner) : undefined))
      .for('update')
    return rows.length > 0
  }

  async batches(orderId: number, tx: Tx = this.db) {
    return tx
      .select()
      .from(executionBatches)
      .where(eq(executionBatches.orderId, orderId))
      .orderBy(asc(executionBatches.batchIndex))
  }

  /**
   * What the state machine needs: the ticket's status and threshold, its batches and every instance's status,
   * in one statement (the engine plans after every host that ends; three round trips each added up).
   */
  async machineState(orderId: number, tx: Tx = this.db): Promise<MachineState> {
    const [row] = rowsOf<{
      status: OrderStatus
      success_rate: number
      batches: MachineBatch[]
      instances: MachineInstance[]
    }>(
      await tx.execute(sql`select o.status, o.success_rate,
        (select coalesce(json_agg(json_build_object('index', b.batch_index, 'rotation', b.rotation_strategy,
            'status', b.status) order by b.batch_index), '[]')
          from ${executionBatches} b where b.order_id = o.id) as batches,
        (select coalesce(json_agg(json_build_object('id', i.id, 'batchIndex', i.batch_index, 'status', i.status)
            order by i.id), '[]')
          from ${executionInstances} i where i.order_id = o.id) as instances
        from ${executionOrders} o where o.id = ${orderId}`),
    )
    // Callers hold the ticket (looked up or locked), so a missing row is a bug, not a state.
    if (!row) throw new Error(`execution order ${orderId} not found`)
    return {
      order: { status: row.status, successRate: row.success_rate },
      batches: row.batches,
      instances: row.instances,
    }
  }

  private readonly statusListeners: ((tx: Tx, orderId: number, status: OrderStatus) => Promise<void>)[] = []

  /**
   * Subscribe, inside the transaction of an engine step, to a ticket reaching PAUSED, FINISHED or ABNORMAL on
   * its own (not by an operator's operation): what the listener queues commits with the step.
   */
  onStatusInTx(listener: (tx: Tx, orderId: number, status: OrderStatus) => Promise<void>) {
    this.statusListeners.push(listener)
  }

  /** Writes a plan step; returns the instances it set PROCESSING (each with a fresh command id and attempt). */
  async applyStep(tx: Tx, orderId: number, step: Step): Promise<InstanceRow[]> {
    const now = new Date()
    const terminal = step.orderStatus && ['FINISHED', 'ABNORMAL', 'CANCELED'].includes(step.orderStatus)
    if (step.orderStatus || step.currentBatch !== undefined || step.message) {
      await tx
        .update(executionOrders)
        .set({
          ...(step.orderStatus ? { status: step.orderStatus } : {}),
          ...(step.currentBatch !== undefined ? { currentBatch: step.currentBatch } : {}),
          ...(step.message !== undefined ? { message: step.message } : {}),
          ...(step.orderStatus === 'PROCESSING'
            ? { startedAt: sql`coalesce(${executionOrders.startedAt}, now())` }
            : {}),
          ...(terminal ? { finishedAt: now } : {}),
          updatedAt: now,
        })
        .where(eq(executionOrders.id, orderId))
    }
    if (step.orderStatus === 'PAUSED' || step.orderStatus === 'FINISHED' || step.orderStatus === 'ABNORMAL')
      for (const l of this.statusListeners) await l(tx, orderId, step.orderStatus)
    await this.setBatches(tx, orderId, step.batches, now)
    if (!step.start.length) return []
    await tx.delete(executionLogChunks).where(inArray(executionLogChunks.instanceId, step.start))
    return tx
      .update(executionInstances)
      .set({
        status: 'PROCESSING',
        attempt: sql`${executionInstances.attempt} + 1`,
        commandId: sql`gen_random_uuid()::text`,
        startedAt: now,
        finishedAt: null,
        exitCode: null,
        message: '',
        log: '',
        logMarks: [],
        logTruncated: false,
        dispatchedAt: null,
      })
      .where(and(inArray(executionInstances.id, step.start), eq(executionInstances.status, 'READY')))
      .returning(instanceCols)
  }

  /** Writes an operation's effect. Retried instances are reset so the next start runs them afresh. */
  async applyEffect(tx: Tx, orderId: number, effect: Effect, note: string) {
    const now = new Date()
    if (effect.orderStatus) {
      const terminal = ['FINISHED', 'ABNORMAL', 'CANCELED'].includes(effect.orderStatus)
      await tx
        .update(executionOrders)
        .set({
          status: effect.orderStatus,
          updatedAt: now,
          ...(terminal ? { finishedAt: now } : {}),
          ...(effect.orderStatus === 'PROCESSING' ? { finishedAt: null, message: '' } : {}),
        })
        .where(eq(executionOrders.id, orderId))
    }
    await this.setBatches(tx, orderId, effect.batches, now)
    const byStatus = new Map<InstanceStatus, number[]>()
    for (const i of effect.instances) byStatus.set(i.status, [...(byStatus.get(i.status) ?? []), i.id])
    for (const [status, ids] of byStatus) {
      await tx
        .update(executionInstances)
        .set(
          status === 'READY'
            ? { status, message: '', exitCode: null, finishedAt: null }
            : { status, message: note, finishedAt: now },
        )
        .where(and(eq(executionInstances.orderId, orderId), inArray(executionInstances.id, ids)))
    }
  }

  /** The batches' new statuses in one statement (a step moves one batch on and starts the next). */
  private async setBatches(tx: Tx, orderId: number, batches: { index: number; status: string }[], now: Date) {
    if (!batches.length) return
    const at = now.toISOString()
    await tx.execute(sql`update ${executionBatches} b set status = v.status,
        started_at = case when v.status = 'PROCESSING' then ${at}::timestamptz else b.started_at end,
        finished_at = case when v.status in ('PROCESSING', 'READY') then null else ${at}::timestamptz end
      from jsonb_to_recordset(${JSON.stringify(batches)}::jsonb) as v(index int, status text)
      where b.order_id = ${orderId} and b.batch_index = v.index`)
  }

  /**
   * Records how a run ended and folds the appended chunks into the log. An instance an operator canceled
   * meanwhile keeps CANCELED (only its log and exit code land). `replaceLog`: the tail is the whole output.
   */
  async finishInstance(
    id: number,
    attempt: number,
    f: {
      status: InstanceStatus
      exitCode: number | null
      message: string
      tail: LogPiece[]
      truncated: boolean
      replaceLog: boolean
      /** Chunks of this attempt were appended (or may have been, by an earlier driver). */
      storedChunks: boolean
    },
  ) {
    const tailText = f.tail.map((p) => p.text).join('')
    if (!f.replaceLog && !f.storedChunks) {
      // Nothing of this attempt was appended (a short run's whole output is the tail): one statement.
      const marks = JSON.stringify(f.tail.map(markOf))
      return this.writeEnd(this.db, id, attempt, f, {
        log: sql`${executionInstances.log} || ${tailText}`,
        logMarks: sql`${executionInstances.logMarks} || ${marks}::jsonb`,
      })
    }
    return this.db.transaction(async (tx) => {
      const chunks = f.replaceLog ? [] : await this.chunkPieces(tx, id, attempt)
      const marks = JSON.stringify([...chunks, ...f.tail].map(markOf))
      const row = await this.writeEnd(tx, id, attempt, f, {
        log: f.replaceLog ? tailText : sql`${fullLog} || ${tailText}`,
        logMarks: f.replaceLog ? sql`${marks}::jsonb` : sql`${executionInstances.logMarks} || ${marks}::jsonb`,
      })
      await tx.delete(executionLogChunks).where(eq(executionLogChunks.instanceId, id))
      return row
    })
  }

  /** The end of an attempt with its log: an instance an operator canceled meanwhile keeps CANCELED. */
  private async writeEnd(
    tx: Tx,
    id: number,
    attempt: number,
    f: { status: InstanceStatus; exitCode: number | null; message: string; truncated: boolean },
    log: { log: SQL | string; logMarks: SQL },
  ) {
    const processing = sql`${executionInstances.status} = 'PROCESSING'`
    const [row] = await tx
      .update(executionInstances)
      .set({
        status: sql`case when ${processing} then ${f.status} else ${executionInstances.status} end`,
        message: sql`case when ${processing} then ${f.message} else ${executionInstances.message} end`,
        exitCode: f.exitCode,
        logTruncated: f.truncated,
        finishedAt: new Date(),
        ...log,
      })
      .where(and(eq(executionInstances.id, id), eq(executionInstances.attempt, attempt)))
      .returning(instanceCols)
    return row
  }

  /** The running attempt's stored chunks, in order, as pieces (text, stream, time). */
  private async chunkPieces(tx: Tx, id: number, attempt: number): Promise<LogPiece[]> {
    const rows = await tx
      .select({ text: executionLogChunks.data, stream: executionLogChunks.stream, at: executionLogChunks.at })
      .from(executionLogChunks)
      .where(and(eq(executionLogChunks.instanceId, id), eq(executionLogChunks.attempt, attempt)))
      .orderBy(asc(executionLogChunks.id))
    return rows.map((r) => ({ text: r.text, stream: r.stream, at: r.at.getTime() }))
  }

  /**
   * Appends output of a running attempt as new chunk rows, one per piece (the log text is not rewritten).
   * `replace`: a re-attach replays the whole output, so what was stored for this attempt is dropped first.
   */
  async appendLog(id: number, attempt: number, pieces: LogPiece[], replace: boolean) {
    await this.db.transaction(async (tx) => {
      if (replace) {
        await tx
          .delete(executionLogChunks)
          .where(and(eq(executionLogChunks.instanceId, id), eq(executionLogChunks.attempt, attempt)))
        await tx
          .update(executionInstances)
          .set({ log: '', logMarks: [] })
          .where(and(eq(executionInstances.id, id), eq(executionInstances.attempt, attempt)))
      }
      const rows = pieces
        .filter((p) => p.text)
        .map((p) => ({ instanceId: id, attempt, data: p.text, stream: p.stream, at: new Date(p.at) }))
      if (rows.length) await tx.insert(executionLogChunks).values(rows)
    })
  }

  /** The agent acknowledged this attempt's run. */
  async markDispatched(id: number, attempt: number) {
    await this.db
      .update(executionInstances)
      .set({ dispatchedAt: new Date() })
      .where(and(eq(executionInstances.id, id), eq(executionInstances.attempt, attempt)))
  }

  async instancesByIds(ids: number[]) {
    if (!ids.length) return []
    return this.db.select(instanceCols).from(executionInstances).where(inArray(executionInstances.id, ids))
  }

  /** Hosts that may have changed since `since`: running ones, and ones that started or finished after it. */
  async instancesChangedSince(orderId: number, since: Date) {
    return this.db
      .select(instanceCols)
      .from(executionInstances)
      .where(
        and(
          eq(executionInstances.orderId, orderId),
          or(
            eq(executionInstances.status, 'PROCESSING'),
            gte(executionInstances.startedAt, since),
            gte(executionInstances.finishedAt, since),
          ),
        ),
      )
      .orderBy(asc(executionInstances.id))
  }

  async processingInstances(orderId: number) {
    return this.db
      .select(instanceCols)
      .from(executionInstances)
      .where(and(eq(executionInstances.orderId, orderId), eq(executionInstances.status, 'PROCESSING')))
  }

  /** One host's log: the folded text and the running attempt's chunks, read in one snapshot. */
  async log(orderId: number, id: number) {
    return this.db.transaction(
      async (tx) => {
        const [row] = await tx
          .select({
            id: executionInstances.id,
            status: executionInstances.status,
            attempt: executionInstances.attempt,
            log: executionInstances.log,
            logMarks: executionInstances.logMarks,
            truncated: executionInstances.logTruncated,
            exitCode: executionInstances.exitCode,
            message: executionInstances.message,
            startedAt: executionInstances.startedAt,
            finishedAt: executionInstances.finishedAt,
          })
          .from(executionInstances)
          .where(and(eq(executionInstances.orderId, orderId), eq(executionInstances.id, id)))
        if (!row) return undefined
        const running = await this.chunkPieces(tx, row.id, row.attempt)
        return {
          ...row,
          log: row.log + running.map((p) => p.text).join(''),
          marks: [...row.logMarks, ...running.map(markOf)],
        }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
  }

  /** Instance counts per status, per order (and batch). */
  async counts(orderIds: number[]) {
    if (!orderIds.length) return []
    return this.db
      .select({
        orderId: executionInstances.orderId,
        batchIndex: executionInstances.batchIndex,
        status: executionInstances.status,
        n: count(),
      })
      .from(executionInstances)
      .where(inArray(executionInstances.orderId, orderIds))
      .groupBy(executionInstances.orderId, executionInstances.batchIndex, executionInstances.status)
  }

  /** COC ListScriptJobs: newest first, `marker` = order_id of the last row seen. */
  async listCoc(
    tenantId: string,
    q: { limit: number; marker?: number; from?: Date; to?: Date; creator?: string; status?: string },
  ) {
    const where = and(
      eq(executionOrders.tenantId, tenantId),
      q.from ? gte(executionOrders.createdAt, q.from) : undefined,
      q.to ? lte(executionOrders.createdAt, q.to) : undefined,
      q.creator ? eq(executionOrders.creatorName, q.creator) : undefined,
      q.status ? eq(executionOrders.status, q.status as never) : undefined,
    )
    const [total, rows] = await Promise.all([
      countRows(this.db, executionOrders, where),
      selectRows(
        this.db,
        executionOrders,
        and(where, q.marker ? lt(executionOrders.id, q.marker) : undefined),
        [desc(executionOrders.id)],
        { limit: q.limit },
      ),
    ])
    return { rows, total }
  }

  async listConsole(tenantId: string, q: ExecutionQuery) {
    const conds: (SQL | undefined)[] = [eq(executionOrders.tenantId, tenantId)]
    if (q.status) conds.push(eq(executionOrders.status, q.status))
    if (q.creator) conds.push(ilike(executionOrders.creatorName, containsPattern(q.creator)))
    if (q.q)
      conds.push(
        or(ilike(executionOrders.scriptName, containsPattern(q.q)), ilike(executionOrders.uuid, containsPattern(q.q))),
      )
    if (q.from) conds.push(gte(executionOrders.createdAt, new Date(q.from)))
    if (q.to) conds.push(lte(executionOrders.createdAt, new Date(q.to)))
    if (q.hostId)
      conds.push(
        sql`exists (select 1 from ${executionInstances}
          where ${executionInstances.orderId} = ${executionOrders.id} and ${executionInstances.hostId} = ${q.hostId})`,
      )
    return selectPage(this.db, executionOrders, and(...conds), [desc(executionOrders.id)], {
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
  }

  /** COC GetScriptJobBatch: one batch's instances by id, after `marker`, with the log as `message`. */
  async batchPage(orderId: number, batchIndex: number, q: { status?: InstanceStatus; limit: number; marker?: number }) {
    const where = and(
      eq(executionInstances.orderId, orderId),
      eq(executionInstances.batchIndex, batchIndex),
      q.status ? eq(executionInstances.status, q.status) : undefined,
    )
    const [{ total }] = (await this.db.select({ total: count() }).from(executionInstances).where(where)) as [
      { total: number },
    ]
    const rows = await this.db
      .select({ ...getTableColumns(executionInstances), log: fullLog })
      .from(executionInstances)
      .where(and(where, q.marker ? gt(executionInstances.id, q.marker) : undefined))
      .orderBy(asc(executionInstances.id))
      .limit(q.limit)
    return { rows, total }
  }

  async instancePage(
    orderId: number,
    q: { batchIndex?: number; status?: InstanceStatus; q?: string; page: number; pageSize: number },
  ) {
    const where = and(
      eq(executionInstances.orderId, orderId),
      q.batchIndex ? eq(executionInstances.batchIndex, q.batchIndex) : undefined,
      q.status ? eq(executionInstances.status, q.status) : undefined,
      q.q
        ? or(
            ilike(executionInstances.hostName, containsPattern(q.q)),
            ilike(executionInstances.fixedIp, containsPattern(q.q)),
          )
        : undefined,
    )
    const [{ total }] = (await this.db.select({ total: count() }).from(executionInstances).where(where)) as [
      { total: number },
    ]
    const rows = await this.db
      .select(instanceCols)
      .from(executionInstances)
      .where(where)
      .orderBy(asc(executionInstances.batchIndex), asc(executionInstances.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
    return { rows, total }
  }

  /**
   * Retention: empties the per-host logs of one batch of tickets finished more than `days` ago (the ticket
   * records stay, for lists, statistics and audit); returns how many hosts' logs went.
   */
  async purgeLogBatch(days: number, batchSize: number) {
    const i = executionInstances
    const o = executionOrders
    const result = await this.db.execute(sql`WITH batch AS (
        SELECT ${i.id} FROM ${i} JOIN ${o} ON ${o.id} = ${i.orderId}
        WHERE ${o.finishedAt} < now() - make_interval(days => ${days}::int) AND ${i.logPurgedAt} IS NULL AND ${i.log} <> ''
        LIMIT ${batchSize}::int),
      done AS (UPDATE ${i} SET log = '', log_marks = '[]'::jsonb, log_purged_at = now() WHERE ${i.id} IN (SELECT id FROM batch) RETURNING 1)
      SELECT count(*)::int AS n FROM done`)
    return rowsOf<{ n: number }>(result)[0]?.n ?? 0
  }

  /** Distinct execute users of a tenant's tickets, most used first. */
  async executeUsers(tenantId: string) {
    const rows = await this.db
      .select({ user: executionOrders.executeUser, n: count() })
      .from(executionOrders)
      .where(eq(executionOrders.tenantId, tenantId))
      .groupBy(executionOrders.executeUser)
      .orderBy(desc(count()))
      .limit(100)
    return rows.map((r) => r.user)
  }

  /** Appends a fetched file to a push ticket's spec in one statement (sources upload concurrently). */
  async appendPushFile(orderId: number, file: { id: string; name: string; size: number; sha256: string; dir: string }) {
    await this.db.execute(sql`UPDATE execution_orders
      SET push_spec = jsonb_set(push_spec, '{files}', coalesce(push_spec->'files', '[]'::jsonb) || ${JSON.stringify([file])}::jsonb)
      WHERE id = ${orderId}`)
  }
}

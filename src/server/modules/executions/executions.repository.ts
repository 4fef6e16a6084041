import { and, asc, count, desc, eq, gt, gte, ilike, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Effect, MachineState, Step } from '../../../contract/execution-machine'
import { INSTANCE_STATUSES, type InstanceStatus } from '../../../contract/execution-rules'
import type { ExecutionQuery, StatusCounts } from '../../../contract/executions'
import type { Db, Tx } from '../../db/client'
import { executionBatches, executionInstances, executionOrders, type ExecutionInstanceRow } from '../../db/schema'
import { containsPattern } from '../../lib/like'

const LIVE = ['READY', 'PROCESSING', 'PAUSED'] as const

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(INSTANCE_STATUSES.map((s) => [s, 0])) as StatusCounts
}

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
  logBytes: sql<number>`octet_length(${executionInstances.log})`.mapWith(Number),
}
export type InstanceRow = Omit<ExecutionInstanceRow, 'log' | 'logPurgedAt'> & { logBytes: number }

/** Queries of the execution tables. Lookups by uuid take the tenant; the engine works by order id. */
export class ExecutionsRepository {
  constructor(private readonly db: Db) {}

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

  async liveOrderIds(): Promise<number[]> {
    return (
      await this.db
        .select({ id: executionOrders.id })
        .from(executionOrders)
        .where(inArray(executionOrders.status, [...LIVE]))
    ).map((r) => r.id)
  }

  async batches(orderId: number, tx: Tx = this.db) {
    return tx
      .select()
      .from(executionBatches)
      .where(eq(executionBatches.orderId, orderId))
      .orderBy(asc(executionBatches.batchIndex))
  }

  /** What the state machine needs: the ticket's status and threshold, its batches and every instance's status. */
  async machineState(orderId: number, tx: Tx = this.db): Promise<MachineState> {
    const [order] = await tx
      .select({ status: executionOrders.status, successRate: executionOrders.successRate })
      .from(executionOrders)
      .where(eq(executionOrders.id, orderId))
    const batches = await this.batches(orderId, tx)
    const instances = await tx
      .select({
        id: executionInstances.id,
        batchIndex: executionInstances.batchIndex,
        status: executionInstances.status,
      })
      .from(executionInstances)
      .where(eq(executionInstances.orderId, orderId))
    return {
      order: order!,
      batches: batches.map((b) => ({ index: b.batchIndex, rotation: b.rotationStrategy, status: b.status })),
      instances,
    }
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
    await this.setBatches(tx, orderId, step.batches, now)
    if (!step.start.length) return []
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
        logTruncated: false,
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

  private async setBatches(tx: Tx, orderId: number, batches: { index: number; status: string }[], now: Date) {
    for (const b of batches) {
      const status = b.status as typeof executionBatches.$inferInsert.status
      await tx
        .update(executionBatches)
        .set({
          status,
          ...(status === 'PROCESSING'
            ? { startedAt: now, finishedAt: null }
            : status === 'READY'
              ? { finishedAt: null }
              : { finishedAt: now }),
        })
        .where(and(eq(executionBatches.orderId, orderId), eq(executionBatches.batchIndex, b.index)))
    }
  }

  /**
   * Records how a run ended. An instance an operator canceled meanwhile keeps CANCELED (only its log and exit code
   * land).
   */
  async finishInstance(
    id: number,
    attempt: number,
    f: {
      status: InstanceStatus
      exitCode: number | null
      message: string
      logTail: string
      truncated: boolean
      replaceLog: boolean
    },
  ) {
    const processing = sql`${executionInstances.status} = 'PROCESSING'`
    const [row] = await this.db
      .update(executionInstances)
      .set({
        status: sql`case when ${processing} then ${f.status} else ${executionInstances.status} end`,
        message: sql`case when ${processing} then ${f.message} else ${executionInstances.message} end`,
        exitCode: f.exitCode,
        logTruncated: f.truncated,
        finishedAt: new Date(),
        log: f.replaceLog ? f.logTail : sql`${executionInstances.log} || ${f.logTail}`,
      })
      .where(and(eq(executionInstances.id, id), eq(executionInstances.attempt, attempt)))
      .returning(instanceCols)
    return row
  }

  /** Appends (or, after a re-attach replayed the output, replaces) the stored log of a running attempt. */
  async writeLog(id: number, attempt: number, text: string, replace: boolean) {
    await this.db
      .update(executionInstances)
      .set({ log: replace ? text : sql`${executionInstances.log} || ${text}` })
      .where(and(eq(executionInstances.id, id), eq(executionInstances.attempt, attempt)))
  }

  async instancesByIds(ids: number[]) {
    if (!ids.length) return []
    return this.db.select(instanceCols).from(executionInstances).where(inArray(executionInstances.id, ids))
  }

  async processingInstances(orderId: number) {
    return this.db
      .select(instanceCols)
      .from(executionInstances)
      .where(and(eq(executionInstances.orderId, orderId), eq(executionInstances.status, 'PROCESSING')))
  }

  async log(orderId: number, id: number) {
    return (
      await this.db
        .select({
          id: executionInstances.id,
          status: executionInstances.status,
          log: executionInstances.log,
          truncated: executionInstances.logTruncated,
        })
        .from(executionInstances)
        .where(and(eq(executionInstances.orderId, orderId), eq(executionInstances.id, id)))
    )[0]
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
    const [{ total }] = (await this.db.select({ total: count() }).from(executionOrders).where(where)) as [
      { total: number },
    ]
    const rows = await this.db
      .select()
      .from(executionOrders)
      .where(and(where, q.marker ? lt(executionOrders.id, q.marker) : undefined))
      .orderBy(desc(executionOrders.id))
      .limit(q.limit)
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
    const where = and(...conds)
    const [{ total }] = (await this.db.select({ total: count() }).from(executionOrders).where(where)) as [
      { total: number },
    ]
    const rows = await this.db
      .select()
      .from(executionOrders)
      .where(where)
      .orderBy(desc(executionOrders.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
    return { rows, total }
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
      .select()
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
}

import { randomBytes } from 'node:crypto'
import type { PatchScanResult } from '../../../contract/patch-scan'
import type { Db } from '../../db/client'
import { ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { OrderRow, PatchesRepository } from './patches.repository'
import type { PatchesService, ScanTarget } from './patches.service'
import type { Log } from '../../lib/log'
import type { JobQueue } from '../../jobs/job-queue'
import { refusal } from '../../../contract/refusal-text'

export type { ScanTarget }

/** How scans reach hosts: implemented over the agent gateway, which sends each agent its patch-scan command. */
export interface PatchScanRunner {
  /** The given hosts of the tenant, or every online one when the list is empty. */
  targets(tenantId: string, instanceIds: string[]): Promise<ScanTarget[]>
  scan(tenantId: string, target: ScanTarget): Promise<PatchScanResult>
}

/** Hosts scanned at once across all replicas: one named job queue each (a queue runs one job at a time). */
const SCAN_QUEUES = 4

export function toOrderDto(o: OrderRow) {
  return {
    id: o.id,
    status: o.status,
    trigger: o.trigger,
    createdBy: o.createdBy,
    createdAt: o.createdAt.toISOString(),
    finishedAt: o.finishedAt?.toISOString() ?? null,
    total: o.total,
    succeeded: o.succeeded,
    failed: o.failed,
    errors: o.errors,
  }
}

/** One host of a scan order: the payload of its `patch-scan-host` job. */
export interface ScanHostJob {
  orderId: string
  jobId: string
  target: ScanTarget
}

/**
 * Scan orders: an order (`PSO…`) fans out one durable job (`PSJ…`, `patch-scan-host`) per host, queued in the
 * order's transaction and run by any replica's worker, a few at a time (SCAN_QUEUES); each report is stored
 * as it arrives, so the report page fills in while the order runs. Failures (agent offline, scan error) are
 * recorded per host on the order. A replica killed mid-scan loses nothing: its job is run again elsewhere
 * (see WorkerLiveness) and the host counts once.
 */
export class ScansService {
  /** Orders started here, for `idle()`. */
  private readonly started = new Set<string>()

  constructor(
    private readonly db: Db,
    private readonly repo: PatchesRepository,
    private readonly patches: PatchesService,
    private readonly audit: AuditService,
    private runner: PatchScanRunner,
    private readonly jobs: JobQueue,
    private readonly log: Log,
  ) {}

  /** Replaces how hosts are reached (tests use a scripted runner). */
  setRunner(runner: PatchScanRunner) {
    this.runner = runner
  }

  async list(tenantId: string) {
    return (await this.repo.orders(tenantId)).map(toOrderDto)
  }

  async start(
    actor: Pick<Principal, 'username' | 'tenantId'> & { userId: string | null },
    instanceIds: string[],
    trigger: 'manual' | 'schedule',
    ctx?: RequestContext,
  ) {
    const targets = await this.runner.targets(actor.tenantId, instanceIds)
    if (targets.length === 0)
      throw new ValidationError(
        instanceIds.length ? refusal('patch-scan.none-scannable') : refusal('patch-scan.none-online'),
      )
    const id = `PSO${Date.now()}${randomBytes(3).toString('hex')}`
    const order = await this.db.transaction(async (tx) => {
      const row = await this.repo.insertOrder(tx, {
        id,
        tenantId: actor.tenantId,
        trigger,
        status: 'running',
        createdBy: actor.username,
        total: targets.length,
      })
      await this.audit.record(
        tx,
        actor,
        {
          action: 'patch-scan.start',
          targetType: 'patch-scan',
          targetId: id,
          after: { trigger, hosts: targets.map((t) => t.instance_id) },
        },
        ctx,
      )
      await this.jobs.addMany(
        tx,
        targets.map((target, i) => ({
          task: 'patch-scan-host' as const,
          payload: { orderId: id, jobId: `PSJ${id.slice(3)}-${i + 1}`, target } satisfies ScanHostJob,
          opts: { queueName: `patch-scans-${i % SCAN_QUEUES}`, maxAttempts: 3 },
        })),
      )
      return row
    })
    this.started.add(order.id)
    this.log.info({ tenantId: order.tenantId, scanId: order.id, hosts: targets.length, trigger }, 'patch scan started')
    return toOrderDto(order)
  }

  /**
   * The `patch-scan-host` job: scans one host of a running order, stores its report and counts it on the order
   * (the order finishes with its last host). A host already counted (the job ran before its replica died) is
   * not scanned again. A scan that fails is the host's recorded failure, not the job's.
   */
  async scanHost({ orderId, jobId, target }: ScanHostJob) {
    const order = await this.repo.order(orderId)
    if (order?.status !== 'running' || order.done.includes(target.instance_id)) return
    let error: string | undefined
    try {
      const scan = await this.runner.scan(order.tenantId, target)
      await this.patches.ingest(order.tenantId, target, scan, { orderId, jobId })
    } catch (err) {
      error = (err as Error).message.slice(0, 500)
    }
    const now = await this.repo.countHost(orderId, target.instance_id, error, target.name)
    if (now?.status === 'finished')
      this.log.info(
        { tenantId: now.tenantId, scanId: now.id, succeeded: now.succeeded, failed: now.failed },
        'patch scan finished',
      )
  }

  /** The `patch-scan-sweep` job: closes orders whose replica stopped while running them (see closeStuckOrders). */
  closeStuck(minutes: number) {
    return this.repo.closeStuckOrders(minutes)
  }

  /** Waits until the orders started here are finished (tests; the job workers run them). */
  async idle(timeoutMs = 120_000) {
    const until = Date.now() + timeoutMs
    for (const id of this.started) {
      while ((await this.repo.order(id))?.status === 'running') {
        if (Date.now() > until) throw new Error(`patch scan ${id} still running after ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 100))
      }
      this.started.delete(id)
    }
  }
}

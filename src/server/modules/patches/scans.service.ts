import { randomBytes } from 'node:crypto'
import type { PatchScanResult } from '../../../contract/patch-scan'
import type { Db } from '../../db/client'
import { ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { OrderRow, PatchesRepository } from './patches.repository'
import type { PatchesService, ScanTarget } from './patches.service'
import type { Log } from '../../lib/log'

export type { ScanTarget }

/** How scans reach hosts: implemented over the agent gateway, which sends each agent its patch-scan command. */
export interface PatchScanRunner {
  /** The given hosts of the tenant, or every online one when the list is empty. */
  targets(tenantId: string, instanceIds: string[]): Promise<ScanTarget[]>
  scan(tenantId: string, target: ScanTarget): Promise<PatchScanResult>
}

const SCAN_CONCURRENCY = 4

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

/**
 * Scan orders: an order (`PSO…`) fans out one job (`PSJ…`) per host, a few at a time; each report is stored as
 * it arrives, so the report page fills in while the order runs. Failures (agent offline, scan error) are
 * recorded per host on the order.
 */
export class ScansService {
  private readonly running = new Set<Promise<unknown>>()

  constructor(
    private readonly db: Db,
    private readonly repo: PatchesRepository,
    private readonly patches: PatchesService,
    private readonly audit: AuditService,
    private runner: PatchScanRunner,
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
        instanceIds.length ? 'None of these hosts can be scanned (unknown or offline)' : 'No online hosts to scan',
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
      return row
    })
    this.log.info({ tenantId: order.tenantId, scanId: order.id, hosts: targets.length, trigger }, 'patch scan started')
    const work = this.run(order, targets)
      .catch((err) => this.log.warn({ err, tenantId: order.tenantId, scanId: order.id }, 'patch scan failed'))
      .finally(() => this.running.delete(work))
    this.running.add(work)
    return toOrderDto(order)
  }

  private async run(order: OrderRow, targets: ScanTarget[]) {
    let succeeded = 0
    const errors: { instance_id: string; name?: string; message: string }[] = []
    const queue = targets.map((t, i) => ({ t, jobId: `PSJ${order.id.slice(3)}-${i + 1}` }))
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          const scan = await this.runner.scan(order.tenantId, next.t)
          await this.patches.ingest(order.tenantId, next.t, scan, { orderId: order.id, jobId: next.jobId })
          succeeded += 1
        } catch (err) {
          errors.push({
            instance_id: next.t.instance_id,
            name: next.t.name,
            message: (err as Error).message.slice(0, 500),
          })
        }
        await this.repo.updateOrder(order.id, { succeeded, failed: errors.length, errors })
      }
    }
    await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, targets.length) }, worker))
    await this.repo.updateOrder(order.id, {
      status: 'finished',
      finishedAt: new Date(),
      succeeded,
      failed: errors.length,
      errors,
    })
    this.log.info(
      { tenantId: order.tenantId, scanId: order.id, succeeded, failed: errors.length },
      'patch scan finished',
    )
  }

  /** The `patch-scan-sweep` job: closes orders whose replica stopped while running them (see closeStuckOrders). */
  closeStuck(minutes: number) {
    return this.repo.closeStuckOrders(minutes)
  }

  /** Waits for running orders (tests, graceful shutdown). */
  async idle() {
    await Promise.all([...this.running])
  }
}

import type { FastifyBaseLogger } from 'fastify'
import type { IdentityRepository } from '../identity/identity.repository'
import type { ScansService } from './scans.service'

/**
 * Scheduled scans: every `intervalMin` minutes (first run `firstDelaySec` after start, once agents had time
 * to connect) each tenant's online hosts are scanned. A tenant without online hosts is skipped quietly.
 * Returns a stop function. With several replicas each schedules its own; scans are idempotent per node.
 */
export function startPatchSchedule(opts: {
  scans: ScansService
  identity: IdentityRepository
  log: FastifyBaseLogger
  intervalMin: number
  firstDelaySec: number
}): () => void {
  if (opts.intervalMin <= 0) return () => {}
  const tick = async () => {
    for (const tenant of await opts.identity.listTenants()) {
      try {
        const order = await opts.scans.start(
          { userId: null, username: 'schedule', tenantId: tenant.id },
          [],
          'schedule',
        )
        opts.log.info({ order: order.id, tenant: tenant.name, hosts: order.total }, 'scheduled patch scan started')
      } catch (err) {
        opts.log.debug({ tenant: tenant.name, reason: (err as Error).message }, 'scheduled patch scan skipped')
      }
    }
  }
  const first = setTimeout(() => void tick(), opts.firstDelaySec * 1000)
  const every = setInterval(() => void tick(), opts.intervalMin * 60_000)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}

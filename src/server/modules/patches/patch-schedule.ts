import type { JobLog } from '../../jobs/job-logger'
import type { UsersService } from '../identity/users.service'
import type { ScansService } from './scans.service'

/**
 * One slot of the scan schedule (the `patch-scan-schedule` cron job, PATCH_SCAN_CRON): each tenant's online
 * hosts are scanned. graphile-worker's cron records every slot in `known_crontabs`, so with several replicas
 * one of them runs it, once. A tenant without online hosts is skipped quietly.
 */
export async function runScheduledScans(opts: {
  scans: ScansService
  tenants: Pick<UsersService, 'listTenants'>
  log: JobLog
}) {
  for (const tenant of await opts.tenants.listTenants()) {
    try {
      const order = await opts.scans.start({ userId: null, username: 'schedule', tenantId: tenant.id }, [], 'schedule')
      opts.log.info({ order: order.id, tenant: tenant.name, hosts: order.total }, 'scheduled patch scan started')
    } catch (err) {
      opts.log.debug({ tenant: tenant.name, reason: (err as Error).message }, 'scheduled patch scan skipped')
    }
  }
}

import type { AgentDispatch } from '../../agents/agent-dispatch'
import type { CmdbService } from '../cmdb/cmdb.service'
import type { PatchScanRunner, ScanTarget } from './scans.service'

/**
 * Scans over the agent dispatch (the agent may be connected to any replica): targets are CMDB hosts with an ONLINE agent (by resource id or agent_sn),
 * each scanned by its own agent. A node's instance_id is its COC resource id (as in /v1/resources), its
 * group the CMDB set/module and its region the host's cloud region.
 */
export function gatewayScanRunner(
  cmdb: Pick<CmdbService, 'onlineAgentHosts'>,
  gateway: Pick<AgentDispatch, 'patchScan'>,
): PatchScanRunner {
  return {
    async targets(tenantId, ids) {
      const rows = await cmdb.onlineAgentHosts(tenantId, ids)
      return rows.map(
        (r): ScanTarget => ({
          instance_id: r.host.resourceId,
          name: r.host.name,
          ip: r.host.innerIp || null,
          eip: r.host.outerIp || null,
          region: r.host.cloudRegion || null,
          group: `${r.setName}/${r.moduleName}`,
          business: r.bizName,
          agent_sn: r.host.agentSn!,
        }),
      )
    },
    scan(tenantId, target) {
      if (!target.agent_sn) throw new Error(`host ${target.name} has no agent`)
      return gateway.patchScan(target.agent_sn, { tenantId, timeoutMs: 180_000 })
    },
  }
}

import type { InstanceView, StatusCounts } from '../../../contract/executions'
import type { z } from 'zod'
import type { ExecutionInstanceModelSchema, OrderInfoSchema, OrderListItemSchema } from '../../../contract/executions'
import type { ExecutionInstanceRow, ExecutionOrderRow, StoredParam } from '../../db/schema'
import { maskParams } from '../scripts/script-params'
import type { InstanceRow } from './executions.repository'

const ms = (d: Date | null) => (d ? d.getTime() : null)
const iso = (d: Date | null) => (d ? d.toISOString() : null)
/** COC reports execute_costs in milliseconds (the seed's example: 311282 for a five-minute run). */
const costs = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null)

export function maskedParams(params: StoredParam[]) {
  return maskParams(params).map((p) => ({
    param_name: p.param_name,
    param_value: p.param_value,
    param_order: p.param_order,
  }))
}

export function toOrderInfo(o: ExecutionOrderRow): z.input<typeof OrderInfoSchema> {
  return {
    execute_uuid: o.uuid,
    gmt_created: o.createdAt.getTime(),
    gmt_finished: ms(o.finishedAt),
    execute_costs: costs(o.createdAt, o.finishedAt),
    creator: o.creatorName,
    status: o.status,
    properties: {
      script_uuid: o.scriptUuid,
      script_name: o.scriptName,
      script_version_uuid: o.scriptRevision,
      script_version_name: o.scriptVersion,
      current_execute_batch_index: o.currentBatch,
      script_source: 'CUSTOM_SCRIPT',
      execute_param: {
        resourceful: o.resourceful,
        timeout: o.timeoutSec,
        success_rate: o.successRate,
        execute_user: o.executeUser,
        script_params: maskedParams(o.params),
      },
    },
  }
}

export function toOrderListItem(o: ExecutionOrderRow): z.input<typeof OrderListItemSchema> {
  return {
    order_id: o.id,
    order_name: o.scriptName,
    execute_uuid: o.uuid,
    gmt_created: o.createdAt.getTime(),
    gmt_finished: ms(o.finishedAt),
    execute_costs: costs(o.createdAt, o.finishedAt),
    creator: o.creatorName,
    status: o.status,
    properties: { region_ids: o.regionIds },
  }
}

export function toInstanceModel(
  i: ExecutionInstanceRow,
  projectId: string,
  agentStatus: string | null,
): z.input<typeof ExecutionInstanceModelSchema> {
  return {
    id: i.id,
    target_instance: {
      resource_id: i.resourceId,
      agent_sn: i.agentSn,
      agent_status: agentStatus,
      region_id: i.regionId || null,
      project_id: projectId,
      properties: {
        host_name: i.hostName,
        fixed_ip: i.fixedIp,
        floating_ip: null,
        region_id: i.regionId || null,
        zone_id: i.zoneId || null,
        application: null,
        group: null,
        project_id: projectId,
      },
    },
    gmt_created: i.createdAt.getTime(),
    gmt_finished: ms(i.finishedAt),
    execute_costs: costs(i.startedAt, i.finishedAt),
    status: i.status,
    message: i.log,
  }
}

export function toInstanceView(i: InstanceRow): InstanceView {
  return {
    id: i.id,
    batchIndex: i.batchIndex,
    hostId: i.hostId,
    hostName: i.hostName,
    ip: i.fixedIp,
    agentSn: i.agentSn,
    resourceId: i.resourceId,
    status: i.status,
    exitCode: i.exitCode,
    message: i.message,
    attempt: i.attempt,
    startedAt: iso(i.startedAt),
    finishedAt: iso(i.finishedAt),
    logBytes: i.logBytes,
  }
}

export function toSummary(o: ExecutionOrderRow, counts: StatusCounts, totalBatches: number) {
  return {
    executeUuid: o.uuid,
    orderId: o.id,
    kind: o.kind,
    scriptUuid: o.scriptUuid,
    scriptName: o.scriptName,
    scriptType: o.scriptType,
    riskLevel: o.riskLevel,
    status: o.status,
    creator: o.creatorName,
    createdAt: o.createdAt.toISOString(),
    startedAt: iso(o.startedAt),
    finishedAt: iso(o.finishedAt),
    currentBatch: o.currentBatch,
    totalBatches,
    totalInstances: Object.values(counts).reduce((a, b) => a + b, 0),
    counts,
    message: o.message,
  }
}

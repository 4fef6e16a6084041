import { cut, layoutProblems, sizesBySize, sizesFromExpression } from '../../../contract/batch-plan'
import type { Host } from '../../../contract/cmdb'
import { EXECUTION_LIMITS as L, type RotationStrategy } from '../../../contract/execution-rules'
import type { CreateExecutionBody } from '../../../contract/executions'
import type { ScriptParam } from '../../../contract/scripts'
import { paramValueProblem, SENSITIVE_MASK } from '../../../contract/script-rules'

export type SplitMode = 'size' | 'expression'
export interface Split {
  mode: SplitMode
  size: number
  expression: string
}
export interface ExecOptions {
  timeout: number | null
  successRate: number | null
  executeUser: string
  resourceful: boolean
}

export const DEFAULT_SPLIT: Split = { mode: 'size', size: L.hostsPerBatchMax, expression: '' }
export const DEFAULT_OPTIONS: ExecOptions = { timeout: 300, successRate: 100, executeUser: 'root', resourceful: true }

/** Hosts cut into batches by size or by a rolling expression; `error` when the expression does not parse. */
export function splitHosts(hosts: Host[], split: Split): { batches: Host[][]; error?: string } {
  if (!hosts.length) return { batches: [] }
  if (split.mode === 'size') return { batches: cut(hosts, sizesBySize(hosts.length, Math.max(1, split.size || 1))) }
  const r = sizesFromExpression(hosts.length, split.expression)
  return 'error' in r ? { batches: [], error: r.error } : { batches: cut(hosts, r.sizes) }
}

/** Moves one host to batch `to` (0-based; `batches.length` opens a new batch), dropping batches left empty. */
export function moveHost(batches: Host[][], hostId: number, to: number): Host[][] {
  const host = batches.flat().find((h) => h.id === hostId)
  if (!host) return batches
  const next = batches.map((b) => b.filter((h) => h.id !== hostId))
  if (to >= next.length) next.push([host])
  else next[to] = [...next[to], host]
  return next.filter((b) => b.length > 0)
}

export function batchProblems(batches: Host[][]): string[] {
  return layoutProblems(batches.map((b) => b.length))
}

/** Why a parameter value cannot be sent, or null; a sensitive one left as the mask keeps the stored value. */
export function paramProblem(param: ScriptParam, value: string): string | null {
  if (param.sensitive && value === SENSITIVE_MASK) return null
  return paramValueProblem(value)
}

/** Problems of the options, keyed by field (the same limits as the contract's ExecuteParamSchema). */
export function optionProblems(o: ExecOptions): Partial<Record<keyof ExecOptions, string>> {
  const out: Partial<Record<keyof ExecOptions, string>> = {}
  if (o.timeout === null || !Number.isInteger(o.timeout) || o.timeout < L.timeoutMin || o.timeout > L.timeoutMax)
    out.timeout = `${L.timeoutMin}–${L.timeoutMax}`
  if (
    o.successRate === null ||
    o.successRate < L.successRateMin ||
    o.successRate > L.successRateMax ||
    Math.abs(o.successRate * 10 - Math.round(o.successRate * 10)) > 1e-9
  )
    out.successRate = `${L.successRateMin}–${L.successRateMax}, 0.1`
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(o.executeUser) || o.executeUser.length > L.executeUserMax)
    out.executeUser = 'a local user name'
  return out
}

/** The POST /api/executions body the wizard submits. */
export function buildCreateBody(args: {
  scriptUuid: string
  params: ScriptParam[]
  values: Record<string, string>
  batches: Host[][]
  rotations: RotationStrategy[]
  options: ExecOptions
  confirmHighRisk: boolean
  /** A HIGH-risk run's rollback plan (the approval's rollback notes when the run waits for one). */
  rollbackPlan?: string
}): CreateExecutionBody {
  const { options: o } = args
  const rollback = args.rollbackPlan?.trim()
  return {
    script_uuid: args.scriptUuid,
    confirm_high_risk: args.confirmHighRisk,
    ...(rollback ? { rollback_plan: rollback } : {}),
    execute_param: {
      timeout: o.timeout ?? 300,
      success_rate: o.successRate ?? 100,
      execute_user: o.executeUser,
      resourceful: o.resourceful,
      script_params: [...args.params]
        .sort((a, b) => a.param_order - b.param_order)
        .map((p, i) => ({
          param_name: p.param_name,
          param_value: args.values[p.param_name] ?? p.param_value,
          param_order: i + 1,
        })),
    },
    execute_batches: args.batches.map((hosts, i) => ({
      batch_index: i + 1,
      rotation_strategy: args.rotations[i] ?? 'CONTINUE',
      target_instances: hosts.map((h) => ({
        resource_id: h.resourceId,
        agent_sn: h.agentSn ?? undefined,
        region_id: h.cloudRegion ? h.cloudRegion.slice(0, 32) : undefined,
      })),
    })),
  }
}

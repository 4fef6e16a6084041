import { cut, sizesBySize } from '../../../contract/batch-plan'
import type { ExecutionDetail, InstanceView, RerunBody } from '../../../contract/executions'

export type RelaunchMode = 'rerun' | 'retry'

/** What the relaunch form holds: values start as the ticket's. */
export interface RelaunchForm {
  /** Parameter values by name; a sensitive one is '' until the user types a replacement. */
  params: Record<string, string>
  /** Chosen hosts by instance id, in the ticket's order. */
  instanceIds: number[]
  /** null: keep the ticket's batches for the chosen hosts. */
  batchSize: number | null
  timeout: number | null
  successRate: number | null
  executeUser: string
  confirmHighRisk: boolean
  /** A HIGH-risk run's rollback plan: the approval's rollback notes when the run waits for one. */
  rollback: string
}

export const isFailed = (i: InstanceView) => i.status === 'ABNORMAL' || i.status === 'CANCELED'

/** The form's starting point: the ticket's values; all hosts to run again, the failed ones to retry. */
export function initialForm(detail: ExecutionDetail, instances: InstanceView[], mode: RelaunchMode): RelaunchForm {
  return {
    params: Object.fromEntries(detail.params.map((p) => [p.name, p.sensitive ? '' : p.value])),
    instanceIds: instances.filter((i) => mode === 'rerun' || isFailed(i)).map((i) => i.id),
    batchSize: null,
    timeout: detail.timeout,
    successRate: detail.successRate,
    executeUser: detail.executeUser,
    confirmHighRisk: false,
    rollback: '',
  }
}

/**
 * The rerun request: only what changed is sent, so secrets the user did not retype stay the ticket's on the
 * server (the console never holds them). Hosts the user kept as the default go as `hosts: all|failed` with
 * the ticket's batches; any other choice, or a batch size, is sent as explicit batches.
 */
export function relaunchBody(
  detail: ExecutionDetail,
  instances: InstanceView[],
  mode: RelaunchMode,
  form: RelaunchForm,
): RerunBody {
  const params = detail.params
    .filter((p) => (p.sensitive ? form.params[p.name] !== '' : form.params[p.name] !== p.value))
    .map((p) => ({ param_name: p.name, param_value: form.params[p.name] ?? '' }))
  const options: NonNullable<RerunBody['options']> = {}
  if (form.timeout !== null && form.timeout !== detail.timeout) options.timeout = form.timeout
  if (form.successRate !== null && form.successRate !== detail.successRate) options.success_rate = form.successRate
  if (form.executeUser !== detail.executeUser) options.execute_user = form.executeUser
  const defaults = initialForm(detail, instances, mode).instanceIds
  const chosen = instances.filter((i) => form.instanceIds.includes(i.id))
  const isDefaultHosts = defaults.length === chosen.length && chosen.every((i) => defaults.includes(i.id))
  const body: RerunBody = {
    confirm_high_risk: form.confirmHighRisk,
    ...(form.rollback.trim() ? { rollback_plan: form.rollback.trim() } : {}),
    ...(params.length ? { params } : {}),
    ...(Object.keys(options).length ? { options } : {}),
  }
  if (isDefaultHosts && form.batchSize === null) return { ...body, hosts: mode === 'rerun' ? 'all' : 'failed' }
  const groups =
    form.batchSize === null
      ? detail.batches.map((b) => chosen.filter((i) => i.batchIndex === b.index)).filter((g) => g.length > 0)
      : cut(chosen, sizesBySize(chosen.length, form.batchSize))
  return {
    ...body,
    execute_batches: groups.map((g, n) => ({
      batch_index: n + 1,
      rotation_strategy:
        form.batchSize === null
          ? (detail.batches.find((b) => b.index === g[0].batchIndex)?.rotation ?? 'CONTINUE')
          : 'CONTINUE',
      target_instances: g.map((i) => ({ resource_id: i.resourceId })),
    })),
  }
}

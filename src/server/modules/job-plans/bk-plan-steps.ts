import { BK_ERRORS, splitShellWords } from '../../../contract/bk-job'
import type { ExecuteJobStep } from '../../../contract/bk-plans'
import type { PlanDefinition, PlanStep } from '../../../contract/job-plans'
import { BkError } from '../../lib/errors'
import type { Principal } from '../../lib/principal'
import { type BkJobService, decodeBase64 } from '../bk-job/bk-job.service'
import type { FilesService } from '../files/files.service'
import type { ScriptsService } from '../scripts/scripts.service'

const invalid = (message: string): never => {
  throw new BkError(message, BK_ERRORS.invalidParam)
}

/**
 * execute_job's `steps` (seed 002): which steps of the plan run, and per step the script (script_id of a
 * reviewed library script), its positional arguments, timeout, account and hosts (ip_list, custom_query_id), or
 * a file step's target path and library files. The run gets its own changed copy of the definition; the plan
 * itself does not change.
 */
export class BkStepCustomizer {
  constructor(
    private readonly bkJob: BkJobService,
    private readonly scripts: ScriptsService,
    private readonly files: FilesService,
  ) {}

  /**
   * execute_job's `steps`: only the listed steps run (in the plan's order), each with its overrides; approval
   * steps cannot be left out (that would skip a required approval).
   */
  async customize(
    principal: Principal,
    bizId: number,
    def: PlanDefinition,
    given: ExecuteJobStep[],
  ): Promise<PlanDefinition> {
    const byId = new Map<number, ExecuteJobStep>()
    for (const g of given) {
      if (!def.steps[g.step_id - 1])
        invalid(`steps: step_id ${g.step_id} does not exist (the plan has ${def.steps.length} steps)`)
      if (byId.has(g.step_id)) invalid(`steps: step_id ${g.step_id} is given twice`)
      byId.set(g.step_id, g)
    }
    const kept: PlanStep[] = []
    for (const [i, step] of def.steps.entries()) {
      const g = byId.get(i + 1)
      if (!g) {
        if (step.kind === 'approval')
          invalid(`steps: step_id ${i + 1} (${step.name}) is an approval step and cannot be left out`)
        continue
      }
      kept.push(await this.customizeStep(principal, bizId, step, g))
    }
    return { ...def, steps: kept }
  }

  private async customizeStep(
    principal: Principal,
    bizId: number,
    step: PlanStep,
    g: ExecuteJobStep,
  ): Promise<PlanStep> {
    const at = `steps: step_id ${g.step_id} (${step.name})`
    const scriptFields = ['script_id', 'script_type', 'script_content', 'script_param', 'script_timeout'] as const
    const fileFields = ['file_target_path', 'file_source'] as const
    const hostFields = ['ip_list', 'custom_query_id', 'account'] as const
    const present = (names: readonly (keyof ExecuteJobStep)[]) => names.filter((n) => g[n] !== undefined)
    if (g.db_account_id !== undefined) invalid(`${at}: db_account_id: there are no SQL steps here`)
    if (step.kind === 'confirm' || step.kind === 'approval') {
      const extra = present([...scriptFields, ...fileFields, ...hostFields])
      if (extra.length) invalid(`${at} is a ${step.kind} step: ${extra.join(', ')} cannot be set`)
      return step
    }
    const hosts =
      g.ip_list?.length || g.custom_query_id?.length
        ? { resourceIds: await this.bkJob.targets(principal, bizId, g.ip_list ?? [], g.custom_query_id) }
        : step.hosts
    if (step.kind === 'file') {
      const extra = present(scriptFields)
      if (extra.length) invalid(`${at} is a file step: ${extra.join(', ')} cannot be set`)
      let fileIds = step.fileIds
      if (g.file_source) {
        const refs: string[] = []
        for (const [j, src] of g.file_source.entries()) {
          if (src.file_type !== 2 || src.ip_list?.length || src.custom_query_id?.length)
            invalid(
              `${at}: file_source[${j}]: a plan's file step pushes files of the file library (file_type 2, ids or names), not files of source hosts`,
            )
          refs.push(...src.files)
        }
        const { found, missing } = await this.files.resolve(principal, refs)
        if (missing.length)
          throw new BkError(`${at}: files not found in the file library: ${missing.join(', ')}`, BK_ERRORS.notFound)
        fileIds = found.map((f) => f.id)
      }
      return {
        ...step,
        fileIds,
        targetPath: g.file_target_path ?? step.targetPath,
        owner: g.account ?? step.owner,
        hosts,
      }
    }
    const extra = present(fileFields)
    if (extra.length) invalid(`${at} is a script step: ${extra.join(', ')} cannot be set`)
    let scriptUuid = step.scriptUuid
    let params = step.params
    if (g.script_id !== undefined) {
      const script = await this.scripts.byId(principal, g.script_id)
      if (!script) throw new BkError(`${at}: script ${g.script_id} not found`, BK_ERRORS.notFound)
      if (script.status !== 'APPROVED')
        invalid(`${at}: script ${script.name} is ${script.status}; only APPROVED scripts can be executed`)
      if (script.uuid !== scriptUuid) params = []
      scriptUuid = script.uuid
    } else if (g.script_content !== undefined)
      invalid(
        `${at}: plan steps run reviewed library scripts; give script_id (script_content alone is not run in a plan)`,
      )
    if (g.script_param !== undefined) {
      const args = splitShellWords(decodeBase64(g.script_param, 'script_param'))
      if (args === null) invalid(`${at}: script_param has an unterminated quote`)
      const script = await this.scripts.byUuid(principal.tenantId, scriptUuid)
      const ordered = [...(script?.params ?? [])].sort((a, b) => a.param_order - b.param_order)
      if (args!.length > ordered.length)
        invalid(`${at}: script ${script?.name} takes ${ordered.length} parameters, ${args!.length} given`)
      const secret = ordered.findIndex((d, k) => k < args!.length && d.sensitive)
      if (secret >= 0) invalid(`${at}: parameter ${secret + 1} (${ordered[secret]!.param_name}) is sensitive`)
      const rest = params.filter((x) => !ordered.slice(0, args!.length).some((d) => d.param_name === x.name))
      params = [...args!.map((value, k) => ({ name: ordered[k]!.param_name, value })), ...rest]
    }
    return {
      ...step,
      scriptUuid,
      params,
      timeout: g.script_timeout ?? step.timeout,
      executeUser: g.account ?? step.executeUser,
      hosts,
    }
  }
}

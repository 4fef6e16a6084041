import { PATCH_INSTALL_SCRIPT, PATCH_NOW_MAX_HOSTS, type PatchNowResult } from '../../../contract/patches'
import type { ExecuteScriptBody } from '../../../contract/executions'
import { SCRIPT_LIMITS } from '../../../contract/script-rules'
import { ValidationError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { PatchesRepository } from './patches.repository'
import type { PatchScanRunner } from './scans.service'
import { refusal, renderRefusal } from '../../../contract/refusal-text'

/** The executions service as Patch now uses it (one ticket through the batch engine). */
export interface TicketStarter {
  execute(principal: Principal, scriptUuid: string, body: ExecuteScriptBody, ctx: RequestContext): Promise<string>
}
/** The script library as Patch now uses it: the well-known install script and its review state. */
export interface ScriptLookup {
  byName(tenantId: string, name: string): Promise<{ uuid: string; name: string; status: string } | undefined>
}

/**
 * Patch now (AWS Patch Manager's "Patch now"): the missing required patches of chosen non-compliant nodes are
 * installed by the library's reviewed `patch_install` script, as one ordinary ticket (batch engine, audit, live
 * log); the next scan of those hosts shows the result. Nothing runs outside the executions service: the script
 * must be APPROVED, the hosts online agents of the caller's project, like any submit.
 */
export class PatchNowService {
  constructor(
    private readonly repo: PatchesRepository,
    private readonly runner: Pick<PatchScanRunner, 'targets'>,
    private readonly scripts: ScriptLookup,
    private readonly executions: TicketStarter,
  ) {}

  async start(principal: Principal, instanceIds: string[], ctx: RequestContext): Promise<PatchNowResult> {
    const ids = [...new Set(instanceIds)]
    if (ids.length > PATCH_NOW_MAX_HOSTS)
      throw new ValidationError(refusal('patch-now.too-many', { max: PATCH_NOW_MAX_HOSTS }))
    const reports = await this.repo.reportsOfInstances(principal.tenantId, ids)
    const known = new Set(reports.map((r) => r.instanceId))
    const unknown = ids.filter((id) => !known.has(id))
    const compliant = reports.filter((r) => r.status === 'compliant')
    const said = [
      ...unknown.map((id) => refusal('patch-now.no-report', { host: id })),
      ...compliant.map((r) => refusal('patch-now.compliant', { host: r.name })),
    ]
    const issues = said.map((p) => ({ path: 'instance_ids', message: renderRefusal(p, 'en-US') }))
    // One problem is said by its phrase; several stay English, joined.
    if (issues.length)
      throw new ValidationError(said.length === 1 ? said[0] : issues.map((i) => i.message).join('; '), issues)
    const packages = await this.repo.missingPatches(reports.map((r) => r.id))
    if (!packages.length) throw new ValidationError(refusal('patch-now.nothing-missing'))
    const value = packages.join(' ')
    if (value.length > SCRIPT_LIMITS.paramValueMax)
      throw new ValidationError(
        refusal('patch-now.too-many-packages', { count: packages.length, max: SCRIPT_LIMITS.paramValueMax }),
      )
    const script = await this.scripts.byName(principal.tenantId, PATCH_INSTALL_SCRIPT)
    if (!script) throw new ValidationError(refusal('patch-now.no-script', { script: PATCH_INSTALL_SCRIPT }))
    const targets = await this.runner.targets(principal.tenantId, ids)
    const online = new Set(targets.map((t) => t.instance_id))
    const offline = reports.filter((r) => !online.has(r.instanceId))
    if (offline.length)
      throw new ValidationError(
        refusal('patch-now.offline', { hosts: offline.map((r) => r.name).join(', ') }),
        offline.map((r) => ({ path: 'instance_ids', message: `${r.name} has no online agent` })),
      )
    const executeUuid = await this.executions.execute(
      principal,
      script.uuid,
      {
        execute_param: {
          timeout: 1800,
          execute_user: 'root',
          success_rate: 100,
          resourceful: true,
          script_params: [{ param_name: 'packages', param_value: value }],
        },
        execute_batches: [
          {
            batch_index: 1,
            rotation_strategy: 'CONTINUE',
            target_instances: targets.map((t) => ({ resource_id: t.instance_id, agent_sn: t.agent_sn })),
          },
        ],
      },
      ctx,
    )
    return { executeUuid, packages, hosts: targets.length }
  }
}

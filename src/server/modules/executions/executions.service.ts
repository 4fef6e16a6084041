import { randomBytes } from 'node:crypto'
import { allowedOperations, type Operation, statisticsOf } from '../../../contract/execution-machine'
import {
  batchLayoutIssues,
  EXECUTION_LIMITS as L,
  TERMINAL_ORDER,
  epochMs,
  NOTHING_FAILED,
  relaunchTimeoutMax,
  runsAgain,
  type RunIssue,
  scriptRunIssues,
  formatExecuteUuid,
  type InstanceStatus,
} from '../../../contract/execution-rules'
import type { ExecutionEvent } from '../../../contract/execution-events'
import type { ExecuteScriptBody, ExecutionQuery, OperationBody, StatusCounts } from '../../../contract/executions'
import { paramListIssues, SENSITIVE_MASK } from '../../../contract/script-rules'
import type { Db } from '../../db/client'
import type { PushSpec, StoredParam } from '../../db/schema'
import type { Tx } from '../../db/client'
import { fieldIssue, issuesRefusal, refusal } from '../../../contract/refusal-text'
import { NotFoundError, ValidationError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import { plainValue } from '../scripts/script-params'
import type { ScriptsService } from '../scripts/scripts.service'
import type { CmdbService } from '../cmdb/cmdb.service'
import type { ExecutionEngine } from './execution-engine'
import { maskedParams, toInstanceModel, toInstanceView, toOrderInfo, toOrderListItem, toSummary } from './execution-dto'
import { emptyCounts, type ExecutionsRepository } from './executions.repository'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
type Issue = RunIssue

/**
 * A ticket that is not a COC script execution: an ad-hoc script (BlueKing fast_execute_script), a library
 * script by id with positional arguments, or a file push. All hosts run in one batch, as BlueKing runs a step.
 */
export interface DirectRun {
  name: string
  kind: 'script' | 'push_file'
  type: 'SHELL' | 'PYTHON' | 'BAT'
  content: string
  /** The library script this runs (its uuid, revision, version, risk), absent for ad-hoc content. */
  script?: { id: number; uuid: string; revision: number; version: string }
  risk: 'LOW' | 'MEDIUM' | 'HIGH'
  params: StoredParam[]
  pushSpec?: PushSpec
  timeoutSec: number
  executeUser: string
  /** CMDB resource ids of the targets (each an online agent of the caller's project). */
  resourceIds: string[]
  /**
   * A push's source hosts: they run first (batch 1, uploading their files), the targets after them (batch 2).
   * Each entry's `paths` and `dir` go into pushSpec.sources.
   */
  sources?: { resourceId: string; paths: string[]; dir: string }[]
}

/** What Run again / Retry with edits may change; see RerunBodySchema. */
export interface RerunEdits {
  confirmHighRisk: boolean
  params?: { param_name: string; param_value: string }[]
  hosts: 'all' | 'failed'
  executeBatches?: ExecuteScriptBody['execute_batches']
  options?: Partial<
    Pick<ExecuteScriptBody['execute_param'], 'timeout' | 'success_rate' | 'execute_user' | 'resourceful'>
  >
}

export interface ExecuteOptions {
  confirmHighRisk?: boolean
  /**
   * The longest timeout (s) the caller may give: the COC limit (1800) unless said otherwise. Plan steps
   * pass the bk-job step limit (86400, seed 002); Run again keeps the ticket's own timeout.
   */
  timeoutMax?: number
  /** The script revision that must still be the current one (what an approval reviewed). */
  revision?: number
}

/** A 400 listing `issues`; one issue with a phrase is said by that phrase (several stay English, joined). */
function invalid(issues: Issue[], code = 'COC.00040701'): never {
  const { said, details } = issuesRefusal(issues)
  throw new ValidationError(said, details, code)
}

const issue = fieldIssue

/**
 * Script executions (COC "script service tickets"): submit checks everything up front (an APPROVED script,
 * its parameters, the batch layout, every target an online agent of the caller's project) and writes the
 * ticket, its batches and instances in one transaction; the engine runs it. Reads serve both the COC API
 * and the console.
 */
export class ExecutionsService {
  constructor(
    private readonly db: Db,
    private readonly repo: ExecutionsRepository,
    private readonly scripts: Pick<ScriptsService, 'row'>,
    private readonly hosts: Pick<CmdbService, 'hostsByResourceIds' | 'agentStatuses'>,
    private readonly engine: ExecutionEngine,
    private readonly audit: AuditService,
    private readonly keyring: Keyring,
  ) {}

  /**
   * Everything a submit checks, without writing anything: the script (APPROVED, the HIGH-risk confirmation,
   * the expected revision when given), its parameters (sensitive values sealed), the batch layout and every
   * target. A console run that must wait for an approval is checked with this when it is asked for.
   */
  async check(principal: Principal, scriptUuid: string, body: ExecuteScriptBody, opts: ExecuteOptions = {}) {
    const timeoutMax = opts.timeoutMax ?? L.timeoutMax
    const timeout = body.execute_param.timeout
    if (!Number.isInteger(timeout) || timeout < L.timeoutMin || timeout > timeoutMax)
      invalid([issue('execute_param.timeout', refusal('ticket.timeout-range', { min: L.timeoutMin, max: timeoutMax }))])
    const script = await this.scripts.row(principal.tenantId, scriptUuid)
    if (!script) throw new NotFoundError(refusal('script.not-found', { script: scriptUuid }))
    const refused = scriptRunIssues(script, opts.confirmHighRisk)
    if (refused.length) invalid(refused)
    if (opts.revision !== undefined && script.revision !== opts.revision)
      invalid([
        issue(
          'script_uuid',
          refusal('ticket.script-changed', { script: script.name, approved: opts.revision, revision: script.revision }),
        ),
      ])
    const params = this.resolveParams(script.params, body.execute_param.script_params)
    const batches = [...body.execute_batches].sort((a, b) => a.batch_index - b.batch_index)
    const layout = batchLayoutIssues(batches)
    if (layout.length) invalid(layout)
    const targets = batches.flatMap((b) => b.target_instances.map((t) => ({ ...t, batch: b.batch_index })))
    const hosts = await this.resolveHosts(principal, targets)
    // A target's region is the one its request names (the seed requires region_id), else its CMDB region.
    const regionOf = (i: number) => targets[i]!.region_id || hosts[i]!.cloudRegion
    return { script, params, batches, targets, hosts, regionOf }
  }

  async execute(
    principal: Principal,
    scriptUuid: string,
    body: ExecuteScriptBody,
    ctx: RequestContext,
    opts: ExecuteOptions & {
      /** Called in the transaction that writes the ticket (an approved run request records its ticket). */
      inTx?: (tx: Tx, executeUuid: string) => Promise<void>
    } = {},
  ) {
    const { script, params, batches, targets, hosts, regionOf } = await this.check(principal, scriptUuid, body, opts)
    const uuid = formatExecuteUuid(new Date(), randomBytes(5).toString('hex'))
    const orderId = await this.db.transaction(async (tx) => {
      const orderId = await this.repo.insertTicket(
        tx,
        {
          uuid,
          tenantId: principal.tenantId,
          scriptId: script.id,
          scriptUuid: script.uuid,
          scriptName: script.name,
          scriptType: script.type,
          scriptRevision: script.revision,
          scriptVersion: script.version,
          riskLevel: script.riskLevel,
          content: script.content,
          params,
          executeUser: body.execute_param.execute_user,
          timeoutSec: body.execute_param.timeout,
          successRate: body.execute_param.success_rate,
          resourceful: body.execute_param.resourceful,
          status: 'READY',
          currentBatch: 1,
          regionIds: [...new Set(hosts.map((_, i) => regionOf(i)).filter(Boolean))].sort().join(','),
          creatorId: principal.userId,
          creatorName: principal.username,
        },
        batches.map((b) => ({
          batchIndex: b.batch_index,
          rotationStrategy: b.rotation_strategy,
          status: 'READY' as const,
        })),
        targets.map((t, i) => {
          const h = hosts[i]!
          return {
            batchIndex: t.batch,
            hostId: h.id,
            resourceId: h.resourceId,
            agentSn: h.agentSn!,
            hostName: h.name,
            fixedIp: h.innerIp,
            regionId: regionOf(i),
            zoneId: h.cloudZone,
            status: 'READY' as const,
          }
        }),
      )
      await this.audit.record(
        tx,
        principal,
        {
          action: 'execution.create',
          targetType: 'execution',
          targetId: uuid,
          after: {
            script: script.uuid,
            scriptName: script.name,
            revision: script.revision,
            hosts: targets.length,
            batches: batches.length,
            params: maskedParams(params),
            timeout: body.execute_param.timeout,
            successRate: body.execute_param.success_rate,
            executeUser: body.execute_param.execute_user,
          },
        },
        ctx,
      )
      await opts.inTx?.(tx, uuid)
      return orderId
    })
    void this.engine.kick(orderId)
    return uuid
  }

  /**
   * Starts a DirectRun: checked like any submit (hosts online in the caller's project, at most 200), written
   * in one transaction with whatever `inTx` adds (the job API's instance row and callback), then run by the
   * engine. Returns the ticket's uuid and id (the id is BlueKing's job_instance_id).
   */
  async startDirect(
    principal: Principal,
    run: DirectRun,
    ctx: RequestContext,
    inTx?: (tx: Tx, orderId: number) => Promise<void>,
  ): Promise<{ uuid: string; orderId: number }> {
    if (run.resourceIds.length === 0) invalid([issue('ip_list', refusal('ticket.no-target'))])
    if (run.resourceIds.length > L.hostsMax)
      invalid([issue('ip_list', refusal('ticket.too-many-hosts', { max: L.hostsMax, count: run.resourceIds.length }))])
    const sources = run.sources ?? []
    const sourceHosts = sources.length
      ? await this.resolveHosts(
          principal,
          sources.map((s) => ({ resource_id: s.resourceId, batch: 1 })),
        )
      : []
    const targetBatch = sources.length ? 2 : 1
    const hosts = await this.resolveHosts(
      principal,
      run.resourceIds.map((resource_id) => ({ resource_id, batch: targetBatch })),
    )
    if (sources.length && run.pushSpec)
      run.pushSpec.sources = sources.map((s, i) => ({
        agentSn: sourceHosts[i]!.agentSn!,
        ip: sourceHosts[i]!.innerIp,
        paths: s.paths,
        dir: s.dir,
      }))
    const uuid = formatExecuteUuid(new Date(), randomBytes(5).toString('hex'))
    const orderId = await this.db.transaction(async (tx) => {
      const orderId = await this.repo.insertTicket(
        tx,
        {
          uuid,
          tenantId: principal.tenantId,
          scriptId: run.script?.id ?? null,
          scriptUuid: run.script?.uuid ?? '',
          scriptName: run.name,
          scriptType: run.type,
          scriptRevision: run.script?.revision ?? 0,
          scriptVersion: run.script?.version ?? '',
          riskLevel: run.risk,
          content: run.content,
          params: run.params,
          kind: run.kind,
          pushSpec: run.pushSpec ?? null,
          executeUser: run.executeUser,
          timeoutSec: run.timeoutSec,
          successRate: 100,
          resourceful: true,
          status: 'READY',
          currentBatch: 1,
          regionIds: [...new Set(hosts.map((h) => h.cloudRegion).filter(Boolean))].sort().join(','),
          creatorId: principal.userId,
          creatorName: principal.username,
        },
        Array.from({ length: targetBatch }, (_, i) => ({
          batchIndex: i + 1,
          rotationStrategy: 'CONTINUE' as const,
          status: 'READY' as const,
        })),
        [...sourceHosts.map((h) => ({ h, batch: 1 })), ...hosts.map((h) => ({ h, batch: targetBatch }))].map(
          ({ h, batch }) => ({
            batchIndex: batch,
            hostId: h.id,
            resourceId: h.resourceId,
            agentSn: h.agentSn!,
            hostName: h.name,
            fixedIp: h.innerIp,
            regionId: h.cloudRegion,
            zoneId: h.cloudZone,
            status: 'READY' as const,
          }),
        ),
      )
      await this.audit.record(
        tx,
        principal,
        {
          action: run.kind === 'push_file' ? 'execution.push-file' : 'execution.create',
          targetType: 'execution',
          targetId: uuid,
          after: {
            name: run.name,
            kind: run.kind,
            script: run.script?.uuid ?? null,
            hosts: hosts.length,
            params: maskedParams(run.params),
            files: run.pushSpec?.files.map((f) => ({ name: f.name, sha256: f.sha256 })) ?? null,
            targetDir: run.pushSpec?.targetDir ?? null,
            timeout: run.timeoutSec,
            executeUser: run.executeUser,
          },
        },
        ctx,
      )
      await inTx?.(tx, orderId)
      return orderId
    })
    void this.engine.kick(orderId)
    return { uuid, orderId }
  }

  /**
   * A push ticket's source host uploaded a file: it joins the files the targets push (into the source's
   * directory). Refused unless the ticket is a live push with that source.
   */
  async addFetchedFile(
    orderId: number,
    agentSn: string,
    file: { id: string; name: string; size: number; sha256: string },
  ) {
    const { source } = await this.livePushSource(orderId, agentSn)
    await this.repo.appendPushFile(orderId, { ...file, dir: source.dir })
  }

  /** The tenant of a live push ticket with source `agentSn` (its uploads land in that tenant's library). */
  async fetchTarget(orderId: number, agentSn: string) {
    const { order, source } = await this.livePushSource(orderId, agentSn)
    return { tenantId: order.tenantId, creatorName: order.creatorName, source }
  }

  private async livePushSource(orderId: number, agentSn: string) {
    const order = await this.repo.byId(orderId)
    const live = order?.kind === 'push_file' && !TERMINAL_ORDER.includes(order.status)
    const source = live ? order.pushSpec?.sources?.find((s) => s.agentSn === agentSn) : undefined
    if (!order || !source) throw new NotFoundError(`No live push ${orderId} with source ${agentSn}`)
    return { order, source }
  }

  /** A ticket of the caller's project by its numeric id (BlueKing's job_instance_id). */
  async getById(principal: Principal, orderId: number) {
    const order = await this.repo.byId(orderId)
    if (!order || order.tenantId !== principal.tenantId)
      throw new NotFoundError(refusal('ticket.job-instance-not-found', { id: orderId }))
    return order
  }

  /** Every instance of a ticket with its log (BlueKing reads the whole job at once; ≤ 200 hosts). */
  async allInstances(orderId: number) {
    const { rows } = await this.repo.instancePage(orderId, { page: 1, pageSize: L.hostsMax })
    return Promise.all(rows.map(async (r) => ({ ...r, log: (await this.repo.log(orderId, r.id))?.log ?? '' })))
  }

  /** Execute users the project's tickets used (BlueKing's "accounts"). */
  executeUsers(tenantId: string) {
    return this.repo.executeUsers(tenantId)
  }

  /**
   * The script's parameters in order, each with the given value or the script's default. A sensitive value
   * given as `******` (or not given) keeps the stored secret; a new sensitive value is sealed.
   */
  private resolveParams(
    defined: StoredParam[],
    given: ExecuteScriptBody['execute_param']['script_params'],
  ): StoredParam[] {
    const issues: Issue[] = paramListIssues(
      given.map((p) => ({
        ...p,
        sensitive: false,
        param_value: p.param_value === SENSITIVE_MASK ? '' : p.param_value,
      })),
    ).map((i) => ({ path: `execute_param.${i.path}`, message: i.message }))
    const byName = new Map(defined.map((p) => [p.param_name, p]))
    given.forEach((p, i) => {
      const path = `execute_param.script_params[${i}]`
      if (p.param_refer)
        issues.push({
          path: `${path}.param_refer`,
          message: 'parameter-store references are not supported; give param_value',
        })
      const def = byName.get(p.param_name)
      if (!def) issues.push({ path: `${path}.param_name`, message: `the script has no parameter ${p.param_name}` })
      else if (p.param_value === SENSITIVE_MASK && !def.sensitive)
        issues.push({
          path: `${path}.param_value`,
          message: `${p.param_name} is not sensitive: give its value, not ${SENSITIVE_MASK}`,
        })
    })
    if (issues.length) invalid(issues, 'COC.00040601')
    const values = new Map(given.map((p) => [p.param_name, p.param_value]))
    return [...defined]
      .sort((a, b) => a.param_order - b.param_order)
      .map((d) => {
        const v = values.get(d.param_name)
        if (v === undefined || (d.sensitive && v === SENSITIVE_MASK)) return d
        return { ...d, value: d.sensitive ? this.keyring.encrypt(v) : v }
      })
  }

  /** Each target must be a host of the caller's project with a connected agent (the agent_sn, if given, must match). */
  private async resolveHosts(
    principal: Principal,
    targets: (ExecuteScriptBody['execute_batches'][number]['target_instances'][number] & { batch: number })[],
  ) {
    const ids = targets.map((t) => t.resource_id).filter((id) => UUID.test(id))
    const rows = await this.hosts.hostsByResourceIds(principal.tenantId, ids)
    const byId = new Map(rows.map((h) => [h.resourceId, h]))
    const seen = new Set<string>()
    const issues: Issue[] = []
    const hosts = targets.map((t, n) => {
      const path = `execute_batches[batch ${t.batch}].target_instances[${n}]`
      const h = byId.get(t.resource_id)
      const at = { at: path }
      if (seen.has(t.resource_id))
        issues.push(
          issue(`${path}.resource_id`, refusal('ticket.host-twice', { ...at, host: h?.name ?? t.resource_id })),
        )
      seen.add(t.resource_id)
      if (!h)
        return void issues.push(
          issue(`${path}.resource_id`, refusal('ticket.host-unknown', { ...at, host: t.resource_id })),
        )
      if (!h.agentSn)
        issues.push(issue(`${path}.resource_id`, refusal('ticket.host-no-agent', { ...at, host: h.name })))
      else if (t.agent_sn && t.agent_sn !== h.agentSn)
        issues.push(
          issue(
            `${path}.agent_sn`,
            refusal('ticket.host-other-agent', { ...at, host: h.name, agent: h.agentSn, given: t.agent_sn }),
          ),
        )
      else if (h.agentStatus !== 'online')
        issues.push(issue(`${path}.resource_id`, refusal('ticket.host-offline', { ...at, host: h.name })))
      return h
    })
    if (issues.length) invalid(issues)
    return hosts.map((h) => h!)
  }

  /**
   * Run again: what a new ticket of the same script would be (its current APPROVED revision), the same parameter
   * values (sensitive ones too, decrypted only to be sealed again; parameters the script no longer has are
   * dropped), the same hosts in the same batches with the same rotation, and the same options: the script, the
   * COC body and the options, not yet checked or started. The console's route submits it as any console run
   * (a HIGH-risk one may wait for an approval).
   */
  async rerunRequest(principal: Principal, uuid: string, edits: RerunEdits) {
    const order = await this.get(principal, uuid)
    if (order.kind !== 'script' || !order.scriptUuid)
      invalid([issue('executeUuid', refusal('ticket.not-library-run', { ticket: uuid }))])
    const script = await this.scripts.row(principal.tenantId, order.scriptUuid)
    if (!script) throw new NotFoundError(refusal('ticket.script-gone', { ticket: uuid, script: order.scriptName }))
    const defined = new Map(script.params.map((p) => [p.param_name, p]))
    const unknown = (edits.params ?? []).filter((p) => !defined.has(p.param_name))
    if (unknown.length)
      invalid(
        unknown.map((p) =>
          issue('params', refusal('ticket.no-param', { script: order.scriptName, param: p.param_name })),
        ),
      )
    const edited = new Map((edits.params ?? []).map((p) => [p.param_name, p.param_value]))
    const paramValue = (p: StoredParam) => {
      const next = edited.get(p.param_name)
      // The console shows a secret as the mask: sending the mask back means "keep it".
      if (next === undefined || (p.sensitive && next === SENSITIVE_MASK)) return plainValue(p, this.keyring)
      return next
    }
    const kept = order.params.filter((p) => defined.has(p.param_name))
    const added = [...edited].filter(([name]) => !kept.some((p) => p.param_name === name))
    const o = edits.options ?? {}
    const body: ExecuteScriptBody = {
      execute_param: {
        resourceful: o.resourceful ?? order.resourceful,
        timeout: o.timeout ?? order.timeoutSec,
        success_rate: o.success_rate ?? order.successRate,
        execute_user: o.execute_user ?? order.executeUser,
        script_params: [
          ...kept.map((p) => ({ param_name: p.param_name, param_value: paramValue(p) })),
          ...added.map(([param_name, param_value]) => ({ param_name, param_value })),
        ],
      },
      execute_batches: edits.executeBatches ?? (await this.sameBatches(order.id, edits.hosts)),
    }
    // A plan step's ticket may run longer than the COC cap; running it again keeps that ceiling.
    const opts: ExecuteOptions = {
      confirmHighRisk: edits.confirmHighRisk,
      timeoutMax: relaunchTimeoutMax(order.timeoutSec),
    }
    return { scriptUuid: order.scriptUuid, body, opts }
  }

  /** The ticket's batches and hosts (only the failed ones for `failed`), renumbered from 1 without empty batches. */
  private async sameBatches(orderId: number, hosts: 'all' | 'failed'): Promise<ExecuteScriptBody['execute_batches']> {
    const batches = await this.repo.batches(orderId)
    const { rows } = await this.repo.instancePage(orderId, { page: 1, pageSize: L.hostsMax })
    const wanted = rows.filter((r) => runsAgain(r.status, hosts))
    if (wanted.length === 0) invalid([NOTHING_FAILED])
    return batches
      .map((b) => ({
        rotation_strategy: b.rotationStrategy,
        target_instances: wanted
          .filter((r) => r.batchIndex === b.batchIndex)
          .map((r) => ({ resource_id: r.resourceId, region_id: r.regionId || undefined })),
      }))
      .filter((b) => b.target_instances.length > 0)
      .map((b, i) => ({ batch_index: i + 1, ...b }))
  }

  async operate(principal: Principal, uuid: string, body: OperationBody) {
    const order = await this.get(principal, uuid)
    const need = (field: 'instance_id' | 'batch_index', v: number | undefined) => {
      if (v === undefined)
        invalid([issue(field, refusal('ticket.operation-needs', { field, operation: body.operation_type }))])
      return v
    }
    const op: Operation =
      body.operation_type === 'CANCEL_INSTANCE' || body.operation_type === 'RETRY_INSTANCE'
        ? { type: body.operation_type, instanceId: need('instance_id', body.instance_id) }
        : body.operation_type === 'SKIP_BATCH'
          ? { type: 'SKIP_BATCH', batchIndex: need('batch_index', body.batch_index) }
          : { type: body.operation_type }
    await this.engine.operate(order, op, principal.username)
    await this.audit.record(this.db, principal, {
      action: `execution.${body.operation_type.toLowerCase()}`,
      targetType: 'execution',
      targetId: uuid,
      after: {
        operation: body.operation_type,
        batchIndex: body.batch_index ?? null,
        instanceId: body.instance_id ?? null,
      },
    })
    return uuid
  }

  // ---- COC reads ----

  async listCoc(
    principal: Principal,
    q: { limit: number; marker?: number; start_time?: number; end_time?: number; creator?: string; status?: string },
  ) {
    const { rows, total } = await this.repo.listCoc(principal.tenantId, {
      limit: q.limit,
      marker: q.marker,
      creator: q.creator,
      status: q.status,
      from: q.start_time ? new Date(epochMs(q.start_time)) : undefined,
      to: q.end_time ? new Date(epochMs(q.end_time)) : undefined,
    })
    return { total, data: rows.map(toOrderListItem) }
  }

  async orderInfo(principal: Principal, uuid: string) {
    return toOrderInfo(await this.get(principal, uuid))
  }

  async batchList(principal: Principal, uuid: string) {
    const order = await this.get(principal, uuid)
    const counts = await this.repo.counts([order.id])
    return (await this.repo.batches(order.id)).map((b) => ({
      batch_index: b.batchIndex,
      rotation_strategy: b.rotationStrategy,
      properties: b.status,
      total_instances: counts.filter((c) => c.batchIndex === b.batchIndex).reduce((a, c) => a + c.n, 0),
    }))
  }

  async batchDetail(
    principal: Principal,
    uuid: string,
    batchIndex: number,
    q: { status?: InstanceStatus; limit: number; marker?: number },
  ) {
    const order = await this.get(principal, uuid)
    const batches = await this.repo.batches(order.id)
    if (!batches.some((b) => b.batchIndex === batchIndex))
      throw new NotFoundError(refusal('ticket.no-batch', { ticket: uuid, batch: batchIndex }))
    const { rows, total } = await this.repo.batchPage(order.id, batchIndex, q)
    const agents = await this.agentStates(rows.map((r) => r.agentSn))
    const project = principal.tenantId.replace(/-/g, '')
    return {
      batch_index: batchIndex,
      total_instances: total,
      execute_instances: rows.map((r) => toInstanceModel(r, project, agents.get(r.agentSn) ?? null)),
    }
  }

  async statistics(principal: Principal, uuid: string) {
    const order = await this.get(principal, uuid)
    const state = await this.repo.machineState(order.id)
    return statisticsOf(state.instances)
  }

  private async agentStates(sns: string[]) {
    const stored = await this.hosts.agentStatuses(sns)
    return new Map(
      [...stored].map(([sn, status]) => [
        sn,
        status === 'online' ? 'ONLINE' : status === 'offline' ? 'OFFLINE' : 'NONE',
      ]),
    )
  }

  /** Retention: empties the logs of one batch of long-finished tickets' hosts; returns how many. */
  purgeLogBatch(days: number, batchSize: number) {
    return this.repo.purgeLogBatch(days, batchSize)
  }

  // ---- console reads ----

  async list(principal: Principal, q: ExecutionQuery) {
    const { rows, total } = await this.repo.listConsole(principal.tenantId, q)
    const counts = await this.repo.counts(rows.map((r) => r.id))
    const batchesOf = new Map<number, Set<number>>()
    for (const c of counts) batchesOf.set(c.orderId, (batchesOf.get(c.orderId) ?? new Set()).add(c.batchIndex))
    const items = rows.map((o) =>
      toSummary(o, sumCounts(counts.filter((c) => c.orderId === o.id)), batchesOf.get(o.id)?.size ?? 0),
    )
    return { items, total, page: q.page, pageSize: q.pageSize }
  }

  async detail(principal: Principal, uuid: string) {
    const order = await this.get(principal, uuid)
    const batches = await this.repo.batches(order.id)
    // One read of the instance statuses serves the counts and the state machine's allowed operations.
    const state = await this.repo.machineState(order.id)
    const countsOf = (index?: number) =>
      sumCounts(
        state.instances
          .filter((i) => index === undefined || i.batchIndex === index)
          .map((i) => ({ status: i.status, n: 1 })),
      )
    const iso = (d: Date | null) => d?.toISOString() ?? null
    return {
      ...toSummary(order, countsOf(), batches.length),
      scriptVersion: order.scriptVersion,
      scriptRevision: order.scriptRevision,
      content: order.content,
      timeout: order.timeoutSec,
      successRate: order.successRate,
      executeUser: order.executeUser,
      resourceful: order.resourceful,
      params: maskedParams(order.params).map((p, i) => ({
        name: p.param_name,
        value: p.param_value,
        sensitive: order.params[i]!.sensitive,
      })),
      batches: batches.map((b) => {
        const bc = countsOf(b.batchIndex)
        return {
          index: b.batchIndex,
          rotation: b.rotationStrategy,
          status: b.status,
          total: Object.values(bc).reduce((a, n) => a + n, 0),
          counts: bc,
          startedAt: iso(b.startedAt),
          finishedAt: iso(b.finishedAt),
        }
      }),
      allowedOperations: allowedOperations(state),
    }
  }

  async instances(
    principal: Principal,
    uuid: string,
    q: { batchIndex?: number; status?: InstanceStatus; q?: string; page: number; pageSize: number },
  ) {
    const order = await this.get(principal, uuid)
    const { rows, total } = await this.repo.instancePage(order.id, q)
    return { items: rows.map(toInstanceView), total, page: q.page, pageSize: q.pageSize }
  }

  async log(principal: Principal, uuid: string, instanceId: number) {
    const order = await this.get(principal, uuid)
    const row = await this.repo.log(order.id, instanceId)
    if (!row) throw new NotFoundError(refusal('ticket.no-instance', { ticket: uuid, instance: instanceId }))
    return {
      instanceId: row.id,
      status: row.status,
      log: row.log,
      marks: row.marks.map(([length, stream, at]) => ({ length, stream, at: new Date(at).toISOString() })),
      truncated: row.truncated,
      bytes: Buffer.byteLength(row.log),
      exitCode: row.exitCode,
      message: row.message,
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
    }
  }

  /**
   * The ticket's current state as a `ticket` event: the first event of every stream, so a client that
   * (re)connects, on any replica, starts from the stored state and cannot miss the end of the ticket.
   */
  async ticketEvent(principal: Principal, uuid: string): Promise<ExecutionEvent> {
    const order = await this.get(principal, uuid)
    return {
      type: 'ticket',
      executeUuid: order.uuid,
      status: order.status,
      currentBatch: order.currentBatch,
      counts: sumCounts(await this.repo.counts([order.id])),
      finishedAt: order.finishedAt?.toISOString() ?? null,
      message: order.message,
    }
  }

  /**
   * What a client resuming a stream (`Last-Event-ID`: the time of the last event it saw) may have missed:
   * every batch's state and the hosts that changed since then. The ticket's own state is sent before this.
   */
  async resumeEvents(principal: Principal, uuid: string, since: Date): Promise<ExecutionEvent[]> {
    const order = await this.get(principal, uuid)
    const batches = await this.repo.batches(order.id)
    const changed = await this.repo.instancesChangedSince(order.id, since)
    return [
      ...batches.map(
        (b): ExecutionEvent => ({
          type: 'batch',
          executeUuid: order.uuid,
          index: b.batchIndex,
          status: b.status,
        }),
      ),
      ...changed.map(
        (i): ExecutionEvent => ({ type: 'instance', executeUuid: order.uuid, instance: toInstanceView(i) }),
      ),
    ]
  }

  /** The execute_uuid of a ticket by its id (in the caller's transaction: a settled ticket's listeners). */
  async uuidOf(orderId: number, tx?: Tx) {
    return (await this.repo.byId(orderId, tx))?.uuid
  }

  async get(principal: Principal, uuid: string) {
    const order = await this.repo.byUuid(principal.tenantId, uuid)
    if (!order) throw new NotFoundError(refusal('ticket.not-found', { ticket: uuid }))
    return order
  }

  /** A ticket by its row id, for other modules' jobs (ticket notifications); undefined once it is gone. */
  orderById(id: number) {
    return this.repo.byId(id)
  }
}

function sumCounts(rows: { status: string; n: number }[]): StatusCounts {
  const counts = emptyCounts()
  for (const r of rows) counts[r.status as InstanceStatus] += r.n
  return counts
}

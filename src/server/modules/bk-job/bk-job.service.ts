import type { z } from 'zod'
import {
  BK_ERRORS,
  BK_LIMITS,
  BK_SCRIPT_TYPES,
  type BkIp,
  bkIpLogStatus,
  bkJobStatus,
  bkStepIpStatus,
  bkTime,
  consoleScriptType,
  type FastExecuteScriptParams,
  type FastPushFileParams,
  type JobInstanceParamsSchema,
  type ScriptDetailParamsSchema,
  type ScriptListParamsSchema,
  splitShellWords,
} from '../../../contract/bk-job'
import { hasPermission, type Permission } from '../../../contract/identity'
import { TERMINAL_ORDER } from '../../../contract/execution-rules'
import { scanScript } from '../../../contract/script-risk'
import type { Config } from '../../config'
import type { Tx } from '../../db/client'
import type { BkAppRow, StoredParam } from '../../db/schema'
import type { JobQueue } from '../../jobs/job-queue'
import { BkError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { CmdbService } from '../cmdb/cmdb.service'
import type { CustomQueriesService } from '../cmdb/custom-queries.service'
import type { DirectRun, ExecutionsService } from '../executions/executions.service'
import { needsReview } from '../scripts/review-policy'
import type { ScriptsService } from '../scripts/scripts.service'
import type { FilesService } from '../files/files.service'
import type { BkJobRepository } from './bk-job.repository'

const param = (message: string): never => {
  throw new BkError(message, BK_ERRORS.invalidParam)
}

export function decodeBase64(value: string, field: string): string {
  const clean = value.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.length % 4 === 1) param(`${field} is not valid Base64`)
  return Buffer.from(clean, 'base64').toString('utf8')
}

/** BlueKing's positional arguments as stored parameters: `$1…` (sensitive ones reach the script only by env). */
export function positionalParams(args: string[], sensitive: boolean): StoredParam[] {
  return args.map((value, i) => ({
    param_name: `BK_PARAM_${i + 1}`,
    value,
    param_description: '',
    param_order: i + 1,
    sensitive,
  }))
}

/**
 * The BlueKing job API over the console's services: targets are hosts of the business addressed by
 * (bk_cloud_id, ip), runs are tickets of the executions engine (job_instance_id = the ticket's id), statuses and
 * logs are read back from tickets in BlueKing's shapes, and a bk_callback_url is delivered by the job queue.
 */
export class BkJobService {
  constructor(
    private readonly repo: BkJobRepository,
    private readonly executions: ExecutionsService,
    private readonly cmdb: CmdbService,
    private readonly customQueries: CustomQueriesService,
    private readonly scripts: ScriptsService,
    private readonly files: FilesService,
    private readonly jobs: JobQueue,
    private readonly config: Pick<Config, 'scriptReviewRequiredFrom'>,
  ) {}

  /** The user's role must hold `permission` (the console's own rules apply to API calls). */
  require(principal: Principal, permission: Permission) {
    if (!hasPermission(principal.role, permission))
      throw new BkError(
        `User ${principal.username} (role ${principal.role}) may not do this (needs ${permission})`,
        BK_ERRORS.forbidden,
      )
  }

  /** The business must be one of the app's project (`properties.bk_biz_id` of /v1/resources). */
  async business(principal: Principal, bizId: number) {
    const biz = await this.cmdb.business(principal.tenantId, bizId)
    if (!biz) throw new BkError(`bk_biz_id ${bizId} is not a business of this project`, BK_ERRORS.notFound)
    return biz
  }

  /**
   * Hosts of the business named by ip_list and/or custom_query_id (saved CMDB host queries, evaluated now),
   * merged and deduplicated as the seed says; every IP and every query must exist in the business.
   */
  async hostsOf(principal: Principal, bizId: number, ipList: BkIp[], customQueryIds: (string | number)[] = []) {
    const seen = new Map(ipList.map((i) => [`${i.bk_cloud_id}:${i.ip}`, i]))
    const ips = [...seen.values()]
    if (ips.length === 0 && customQueryIds.length === 0)
      param('ip_list and custom_query_id are empty: name at least one host')
    const { found, missing } = ips.length
      ? await this.cmdb.hostsByIps(principal.tenantId, bizId, ips)
      : { found: [], missing: [] }
    if (missing.length) param(`hosts not found in business ${bizId}: ${missing.slice(0, 10).join(', ')}`)
    const hosts = new Map(found.map((r) => [r.host.id, r.host]))
    if (customQueryIds.length) {
      const q = await this.customQueries.resolve(principal.tenantId, bizId, customQueryIds)
      if (q.missing.length)
        throw new BkError(
          `custom_query_id not found in business ${bizId}: ${q.missing.slice(0, 10).join(', ')}`,
          BK_ERRORS.notFound,
        )
      for (const h of q.hosts) hosts.set(h.host.id, h.host)
      if (!hosts.size) param(`custom_query_id ${customQueryIds.join(', ')} selects no host in business ${bizId}`)
    }
    return [...hosts.values()]
  }

  /** Resource ids of the hosts of ip_list and custom_query_id; every one must have a connected agent. */
  async targets(principal: Principal, bizId: number, ipList: BkIp[], customQueryIds?: (string | number)[]) {
    const hosts = await this.hostsOf(principal, bizId, ipList, customQueryIds)
    const offline = hosts.filter((h) => h.agentStatus !== 'online' || !h.agentSn)
    if (offline.length)
      throw new BkError(
        `Agent abnormal on ${offline.map((h) => `${h.cloudId}:${h.innerIp}`).join(', ')}`,
        BK_ERRORS.invalidParam,
      )
    return hosts.map((h) => h.resourceId)
  }

  async fastExecuteScript(principal: Principal, app: BkAppRow, p: FastExecuteScriptParams, ctx: RequestContext) {
    this.require(principal, 'executions:run')
    await this.business(principal, p.bk_biz_id)
    const split = p.script_param ? splitShellWords(decodeBase64(p.script_param, 'script_param')) : []
    if (split === null) return param('script_param has an unterminated quote')
    const args = split
    if (args.length > BK_LIMITS.scriptParamsMax) param(`script_param: at most ${BK_LIMITS.scriptParamsMax} arguments`)
    if (args.some((a) => a.length > BK_LIMITS.scriptParamMax))
      param(`script_param: an argument is longer than ${BK_LIMITS.scriptParamMax} characters`)
    const name = p.task_name || `API Quick execution script${Date.now()}`
    let run: Omit<DirectRun, 'resourceIds'>
    if (p.script_id !== undefined) {
      const script = await this.scripts.byId(principal, p.script_id)
      if (!script) throw new BkError(`Script ${p.script_id} not found`, BK_ERRORS.notFound)
      if (script.status !== 'APPROVED')
        param(`script ${script.name} is ${script.status}; only APPROVED scripts can be executed`)
      const ordered = [...script.params].sort((a, b) => a.param_order - b.param_order)
      if (ordered.length > 0 && args.length > ordered.length)
        param(`script ${script.name} takes ${ordered.length} parameters, ${args.length} given`)
      const secret = ordered.findIndex((d, i) => i < args.length && d.sensitive)
      if (secret >= 0)
        param(
          `parameter ${secret + 1} (${ordered[secret]!.param_name}) of ${script.name} is sensitive: it keeps its stored value`,
        )
      // Positional arguments fill the library script's parameters in order; the rest keep their defaults.
      const params = ordered.length
        ? ordered.map((d, i) => (i < args.length ? { ...d, value: args[i]! } : d))
        : positionalParams(args, p.is_param_sensitive === 1)
      run = {
        name,
        kind: 'script',
        type: script.type,
        content: script.content,
        script: { id: script.id, uuid: script.uuid, revision: script.revision, version: script.version },
        risk: script.riskLevel,
        params,
        timeoutSec: p.script_timeout,
        executeUser: p.account,
      }
    } else {
      if (!p.script_content) param('give script_id or script_content')
      const content = decodeBase64(p.script_content!, 'script_content')
      if (!content.trim()) param('script_content is empty')
      if (content.length > BK_LIMITS.scriptContentMax)
        param(`script_content: at most ${BK_LIMITS.scriptContentMax} characters`)
      const type = consoleScriptType(p.script_type)
      if (!type) param(`script_type ${p.script_type} is not supported (1 shell, 2 bat, 4 python)`)
      const findings = scanScript(content)
      const risk = findings.some((f) => f.severity === 'high')
        ? 'HIGH'
        : findings.some((f) => f.severity === 'medium')
          ? 'MEDIUM'
          : 'LOW'
      // Content that the review policy would send to a reviewer runs only as a reviewed library script.
      if (needsReview(risk, this.config))
        throw new BkError(
          `script_content is ${risk}-risk (${findings[0]?.message ?? 'policy'}): add it to the script library, have it reviewed, and run it by script_id`,
          BK_ERRORS.forbidden,
        )
      run = {
        name,
        kind: 'script',
        type: type!,
        content,
        risk,
        params: positionalParams(args, p.is_param_sensitive === 1),
        timeoutSec: p.script_timeout,
        executeUser: p.account,
      }
    }
    const resourceIds = await this.targets(principal, p.bk_biz_id, p.ip_list, p.custom_query_id)
    return this.start(principal, app, { ...run, resourceIds }, ctx, p.bk_callback_url)
  }

  /**
   * fast_push_file: library files (file_type 2: ids or names) are pushed directly; files on source hosts
   * (file_type 1, the seed's form) are first uploaded by those hosts (batch 1 of the ticket), then pushed by
   * the targets (batch 2). `[FILESRCIP]` in file_target_path becomes the source's IP (`console` for library
   * files). Owner: file_owner, else the account; mode: file_mode, else 644.
   */
  async fastPushFile(principal: Principal, app: BkAppRow, p: FastPushFileParams, ctx: RequestContext) {
    this.require(principal, 'executions:run')
    await this.business(principal, p.bk_biz_id)
    const dirFor = (ip: string) => p.file_target_path.replaceAll('[FILESRCIP]', ip).replace(/(.)\/+$/, '$1')
    const library = p.file_source.filter((s) => s.file_type === 2).flatMap((s) => s.files)
    const { found, missing } = library.length
      ? await this.files.resolve(principal, library)
      : { found: [], missing: [] }
    if (missing.length)
      throw new BkError(`source files not found in the file library: ${missing.join(', ')}`, BK_ERRORS.notFound)
    const sources: { resourceId: string; paths: string[]; dir: string }[] = []
    for (const [i, s] of p.file_source.entries()) {
      if (s.file_type !== 1) continue
      const bad = s.files.find((f) => !f.startsWith('/') || f.split('/').includes('..'))
      if (bad) param(`file_source[${i}].files: ${bad} is not an absolute path`)
      if (!s.ip_list.length && !s.custom_query_id?.length)
        param(`file_source[${i}]: ip_list and custom_query_id are empty`)
      const hosts = await this.hostsOf(principal, p.bk_biz_id, s.ip_list, s.custom_query_id)
      for (const h of hosts) {
        const prior = sources.find((x) => x.resourceId === h.resourceId)
        if (prior) prior.paths.push(...s.files)
        else sources.push({ resourceId: h.resourceId, paths: [...s.files], dir: dirFor(h.innerIp) })
      }
    }
    const spec = this.files.pushSpec(found, dirFor('console'), p.file_owner ?? p.account, p.file_mode ?? '644')
    const resourceIds = await this.targets(principal, p.bk_biz_id, p.ip_list, p.custom_query_id)
    const run: DirectRun = {
      name: p.task_name || `API Quick Distribution File${Date.now()}`,
      kind: 'push_file',
      type: 'SHELL',
      content: '',
      risk: 'LOW',
      params: [],
      pushSpec: spec,
      timeoutSec: 3600,
      executeUser: p.account,
      resourceIds,
      sources,
    }
    return this.start(principal, app, run, ctx, p.bk_callback_url)
  }

  /**
   * Starts the ticket and records it as the API's job instance (with its callback) in the same transaction.
   * At once, whatever the risk: the job API keeps BlueKing's documented immediate start (its callers are
   * automation with their own checks); only console runs wait for an approval (ExecutionRequestsService).
   */
  async start(principal: Principal, app: BkAppRow, run: DirectRun, ctx: RequestContext, callbackUrl?: string) {
    const { orderId } = await this.executions.startDirect(principal, run, ctx, (tx, id) =>
      this.repo.insertInstance(tx, {
        orderId: id,
        tenantId: principal.tenantId,
        appCode: app.code,
        callbackUrl: callbackUrl ?? null,
        callbackStatus: callbackUrl ? 'waiting' : 'none',
      }),
    )
    return { job_instance_name: run.name, job_instance_id: orderId }
  }

  /** Queues the callback of an API ticket that just settled (in the settling transaction). */
  async onSettled(tx: Tx, orderId: number) {
    const row = await this.repo.instance(orderId, tx)
    if (!row?.callbackUrl) return
    await this.repo.setCallback(orderId, 'pending', '', tx)
    // The seed: a failed callback is retried once, then given up.
    await this.jobs.add(tx, 'bk-job-callback', { orderId }, { maxAttempts: 2, jobKey: `bk-callback-${orderId}` })
  }

  private async order(principal: Principal, p: z.infer<typeof JobInstanceParamsSchema>) {
    this.require(principal, 'read')
    await this.business(principal, p.bk_biz_id)
    try {
      return await this.executions.getById(principal, p.job_instance_id)
    } catch {
      throw new BkError(`job_instance_id ${p.job_instance_id} not found`, BK_ERRORS.notFound)
    }
  }

  /** Cloud area of each instance's host (hosts deleted since show 0). */
  private async cloudOf(principal: Principal, hostIds: (number | null)[]) {
    const ids = hostIds.filter((id): id is number => id !== null)
    const rows = await this.cmdb.hostsByIds(principal.tenantId, [...new Set(ids)])
    return new Map(rows.map((r) => [r.host.id, r.host.cloudId]))
  }

  /** {bk_cloud_id, ip} of hosts by resource id (get_job_detail's ip_list), in the given order. */
  async ipsOf(tenantId: string, resourceIds: string[]): Promise<BkIp[]> {
    const rows = await this.cmdb.hostsByResourceIds(tenantId, [...new Set(resourceIds)])
    const by = new Map(rows.map((h) => [h.resourceId, h]))
    return resourceIds.flatMap((id) => {
      const h = by.get(id)
      return h?.innerIp ? [{ bk_cloud_id: h.cloudId, ip: h.innerIp }] : []
    })
  }

  /** Records a plan run started through execute_job as a job instance (with its callback), in `tx`. */
  async recordPlanInstance(tx: Tx, tenantId: string, appCode: string, instanceId: number, callbackUrl?: string) {
    await this.repo.insertInstance(tx, {
      orderId: instanceId,
      kind: 'plan',
      tenantId,
      appCode,
      callbackUrl: callbackUrl ?? null,
      callbackStatus: callbackUrl ? 'waiting' : 'none',
    })
  }

  /** Whether a job instance was started through the API (start_way 2). */
  async startedByApi(instanceId: number) {
    return !!(await this.repo.instance(instanceId))
  }

  /**
   * One ticket as a BlueKing step: per-host statuses (get_job_instance_status), per-host logs grouped by
   * ip_status (get_job_instance_log) and the retry count.
   */
  async ticketHosts(principal: Principal, order: { id: number; kind: 'script' | 'push_file' }) {
    const instances = await this.executions.allInstances(order.id)
    const cloud = await this.cloudOf(
      principal,
      instances.map((i) => i.hostId),
    )
    const groups = new Map<number, ReturnType<typeof ipLog>[]>()
    for (const i of instances) {
      const code = bkIpLogStatus(i.status, i.message, order.kind)
      groups.set(code, [...(groups.get(code) ?? []), ipLog(i, cloud.get(i.hostId ?? -1) ?? 0)])
    }
    return {
      stepIpStatus: instances.map((i) => ({
        ip: i.fixedIp,
        bk_cloud_id: cloud.get(i.hostId ?? -1) ?? 0,
        status: bkStepIpStatus(i.status, i.message),
      })),
      stepResults: [...groups].map(([ip_status, ip_logs]) => ({ ip_status, tag: '', ip_logs })),
      retryCount: Math.max(0, ...instances.map((i) => i.attempt - 1)),
    }
  }

  async jobInstanceStatus(principal: Principal, p: z.infer<typeof JobInstanceParamsSchema>) {
    const order = await this.order(principal, p)
    const hosts = await this.ticketHosts(principal, order)
    const api = await this.repo.instance(order.id)
    const status = bkJobStatus(order.status)
    const total = seconds(order.startedAt, order.finishedAt)
    const type = order.kind === 'push_file' ? 2 : 1
    return {
      is_finished: TERMINAL_ORDER.includes(order.status),
      job_instance: {
        job_instance_id: order.id,
        bk_biz_id: p.bk_biz_id,
        name: order.scriptName,
        start_way: api ? 2 : 1,
        operator: order.creatorName,
        bk_job_id: -1,
        create_time: bkTime(order.createdAt),
        status,
        start_time: bkTime(order.startedAt),
        end_time: bkTime(order.finishedAt),
        total_time: total,
        current_step_instance_id: order.id,
      },
      blocks: [
        {
          type,
          block_order: 1,
          block_name: order.scriptName,
          step_instances: [
            {
              status,
              total_time: total,
              pause: 0,
              operation_list: [],
              name: order.scriptName,
              step_instance_id: order.id,
              operator: order.creatorName,
              order: 1,
              retry_count: hosts.retryCount,
              create_time: bkTime(order.createdAt),
              end_time: bkTime(order.finishedAt),
              step_id: -1,
              type,
              start_time: bkTime(order.startedAt),
              step_ip_status: hosts.stepIpStatus,
            },
          ],
        },
      ],
    }
  }

  async jobInstanceLog(principal: Principal, p: z.infer<typeof JobInstanceParamsSchema>) {
    const order = await this.order(principal, p)
    const hosts = await this.ticketHosts(principal, order)
    return [
      {
        is_finished: TERMINAL_ORDER.includes(order.status),
        step_instance_id: order.id,
        name: order.scriptName,
        status: bkJobStatus(order.status),
        step_results: hosts.stepResults,
      },
    ]
  }

  async scriptList(principal: Principal, p: z.infer<typeof ScriptListParamsSchema>) {
    this.require(principal, 'read')
    if (p.bk_biz_id !== undefined) await this.business(principal, p.bk_biz_id)
    const empty = { data: [], start: p.start, page_size: p.length, total_record_size: 0 }
    // The console has no public scripts; sql (6) and perl/powershell scripts do not exist here.
    if (p.is_public) return empty
    const type = p.script_type === 0 ? undefined : consoleScriptType(p.script_type)
    if (p.script_type !== 0 && !type) return empty
    const { rows, total } = await this.scripts.listBk(principal, {
      name: p.script_name,
      type,
      start: p.start,
      length: p.length,
    })
    return {
      data: rows.map((r) => bkScript(r, p.bk_biz_id ?? null, p.return_script_content)),
      start: p.start,
      page_size: p.length,
      total_record_size: total,
    }
  }

  async scriptDetail(principal: Principal, p: z.infer<typeof ScriptDetailParamsSchema>) {
    this.require(principal, 'read')
    if (p.bk_biz_id !== undefined) await this.business(principal, p.bk_biz_id)
    const script = await this.scripts.byId(principal, p.id)
    if (!script) throw new BkError(`Script ${p.id} not found`, BK_ERRORS.notFound)
    return bkScript(script, p.bk_biz_id ?? null, true)
  }

  /** Execute accounts: root plus those the project's tickets used. */
  async osAccounts(principal: Principal, bizId: number) {
    this.require(principal, 'read')
    await this.business(principal, bizId)
    const users = [...new Set(['root', ...(await this.executions.executeUsers(principal.tenantId))])]
    return users.map((account, i) => ({
      id: i + 1,
      account,
      creator: 'system',
      os: account === 'Administrator' ? 'Windows' : 'Linux',
      alias: account,
      bk_biz_id: bizId,
      create_time: null,
    }))
  }
}

export function seconds(from: Date | null, to: Date | null): number | null {
  if (!from) return null
  return Math.round(((to ?? new Date()).getTime() - from.getTime()) / 10) / 100
}

function ipLog(
  i: {
    fixedIp: string
    attempt: number
    exitCode: number | null
    log: string
    startedAt: Date | null
    finishedAt: Date | null
  },
  cloudId: number,
) {
  return {
    start_time: bkTime(i.startedAt),
    end_time: bkTime(i.finishedAt),
    total_time: seconds(i.startedAt, i.finishedAt),
    retry_count: Math.max(0, i.attempt - 1),
    error_code: 0,
    exit_code: i.exitCode,
    bk_cloud_id: cloudId,
    ip: i.fixedIp,
    log_content: i.log,
  }
}

function bkScript(
  r: {
    id: number
    name: string
    version: string
    type: 'SHELL' | 'PYTHON' | 'BAT'
    creatorName: string
    operatorName: string
    content: string
    createdAt: Date
    updatedAt: Date
    status: string
  },
  bizId: number | null,
  withContent: boolean,
) {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    tag: r.status,
    type: BK_SCRIPT_TYPES[r.type],
    creator: r.creatorName,
    public: false,
    bk_biz_id: bizId,
    create_time: bkTime(r.createdAt)?.slice(0, 19) ?? null,
    last_modify_user: r.operatorName,
    last_modify_time: bkTime(r.updatedAt)?.slice(0, 19) ?? null,
    ...(withContent ? { content: r.content } : {}),
  }
}

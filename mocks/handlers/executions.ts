import { http, HttpResponse } from 'msw'
import { statisticsOf, type Operation } from '../../src/contract/execution-machine'
import {
  batchLayoutIssues,
  epochMs,
  NOTHING_FAILED,
  type RunIssue,
  type OperationType,
  relaunchTimeoutMax,
  runsAgain,
  scriptRunIssues,
} from '../../src/contract/execution-rules'
import {
  cocExecutionRoutes,
  executionRoutes,
  type ExecuteScriptBody,
  type LogMark,
} from '../../src/contract/executions'
import { isAdminRole } from '../../src/contract/permissions'
import { paramValueProblem, SENSITIVE_MASK } from '../../src/contract/script-rules'
import { db, page } from '../db'
import { buildExecution, type MockExecution } from '../factories/executions'
import { issuesRefusal } from '../../src/contract/refusal-text'
import { MockError, mockRoute } from '../mock-route'
import { detailOf, findExecution, instanceView, machineOf, operate, summaryOf, tick } from './execution-sim'
import { findScript, requireScriptUser } from './script-access'

type Details = { path: string; message: string }[]

/** Checks a run request as the BFF does (approved script, known params, online hosts) and creates a READY ticket. */
function checkRun(scriptUuid: string, body: ExecuteScriptBody, confirmHighRisk: boolean | null, console: boolean) {
  const user = requireScriptUser()
  const bad = (code: string, message: string, details?: Details): never => {
    throw new MockError(400, console ? code : 'COC.00040701', message, details)
  }
  // As the BFF says it: one issue by its phrase, several in English.
  const refuse = (issues: RunIssue[]): never => {
    const { said, details } = issuesRefusal(issues)
    throw new MockError(400, console ? 'VALIDATION' : 'COC.00040701', said, details)
  }
  const s = findScript(scriptUuid, console ? 'NOT_FOUND' : 'COC.00040404')
  // The rules are the contract's, as the BFF applies them; only the data is the mock's.
  const refused = scriptRunIssues(
    { name: s.detail.name, status: s.detail.status, riskLevel: s.detail.properties.risk_level },
    confirmHighRisk,
  )
  if (refused.length) refuse(refused)
  const layout = batchLayoutIssues(body.execute_batches)
  if (layout.length) refuse(layout)
  const details: Details = []
  const values = new Map(body.execute_param.script_params.map((p) => [p.param_name, p.param_value]))
  for (const [name] of values)
    if (!s.detail.script_params.some((p) => p.param_name === name))
      details.push({ path: `script_params.${name}`, message: 'not a parameter of the script' })
  const params = s.detail.script_params.map((p) => {
    const value = values.get(p.param_name) ?? p.param_value
    const problem = p.sensitive && value === SENSITIVE_MASK ? null : paramValueProblem(value)
    if (problem) details.push({ path: `script_params.${p.param_name}`, message: problem })
    return { name: p.param_name, value: p.sensitive ? SENSITIVE_MASK : value, sensitive: p.sensitive }
  })
  const seen = new Set<string>()
  const batches = [...body.execute_batches].sort((a, b) => a.batch_index - b.batch_index)
  batches.forEach((b, k) => {
    b.target_instances.forEach((t, j) => {
      const h = db.cmdb.hosts.find((x) => x.resourceId === t.resource_id)
      const path = `execute_batches[${k}].target_instances[${j}]`
      if (!h) details.push({ path, message: `host ${t.resource_id} not found` })
      else if (h.agentStatus !== 'online' || !h.agentSn)
        details.push({ path, message: `host ${h.name} has no online agent` })
      if (seen.has(t.resource_id)) details.push({ path, message: 'host listed twice' })
      seen.add(t.resource_id)
    })
  })
  if (details.length) bad('VALIDATION', details.map((d) => `${d.path}: ${d.message}`).join('; '), details)
  return { user, s, params, batches }
}

function start(scriptUuid: string, body: ExecuteScriptBody, confirmHighRisk: boolean | null, console: boolean) {
  const { user, s, params, batches } = checkRun(scriptUuid, body, confirmHighRisk, console)
  const e = buildExecution(
    batches.map((b) => ({
      rotation: b.rotation_strategy,
      targets: b.target_instances.map((t) => {
        const h = db.cmdb.hosts.find((x) => x.resourceId === t.resource_id)!
        return {
          hostId: h.id,
          hostName: h.name,
          ip: h.innerIp,
          agentSn: h.agentSn!,
          resourceId: h.resourceId,
          // As the BFF: the region the request names, else the host's.
          regionId: t.region_id || h.cloudRegion,
        }
      }),
    })),
    {
      orderId: Math.max(0, ...db.executions.map((x) => x.orderId)) + 1,
      creator: user.username,
      createdAt: new Date().toISOString(),
      script: {
        uuid: s.detail.script_uuid,
        name: s.detail.name,
        type: s.detail.type,
        risk: s.detail.properties.risk_level,
        version: s.detail.version,
        revision: s.revision,
        content: s.detail.content,
      },
      timeout: body.execute_param.timeout,
      successRate: body.execute_param.success_rate,
      executeUser: body.execute_param.execute_user,
      resourceful: body.execute_param.resourceful,
      params,
    },
  )
  db.executions.unshift(e)
  return e
}

function toOperation(
  type: OperationType,
  batchIndex: number | undefined,
  instanceId: number | undefined,
  code: string,
): Operation {
  const need = (v: number | undefined, what: string) => {
    if (v === undefined) throw new MockError(400, code, `${type} needs ${what}`)
    return v
  }
  if (type === 'CANCEL_INSTANCE' || type === 'RETRY_INSTANCE')
    return { type, instanceId: need(instanceId, 'an instance id') }
  if (type === 'SKIP_BATCH') return { type, batchIndex: need(batchIndex, 'a batch index') }
  return { type }
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : null)
const costs = (from: string | null, to: string | null) => (from && to ? Date.parse(to) - Date.parse(from) : null)

function orderInfo(e: MockExecution) {
  return {
    execute_uuid: e.executeUuid,
    gmt_created: Date.parse(e.createdAt),
    gmt_finished: ms(e.finishedAt),
    execute_costs: costs(e.startedAt, e.finishedAt),
    creator: e.creator,
    status: e.status,
    properties: {
      script_uuid: e.script.uuid,
      script_name: e.script.name,
      script_version_uuid: e.script.revision,
      script_version_name: e.script.version,
      current_execute_batch_index: e.currentBatch,
      script_source: 'CUSTOMIZE',
      execute_param: {
        resourceful: e.resourceful,
        timeout: e.timeout,
        success_rate: e.successRate,
        execute_user: e.executeUser,
        script_params: e.params.map((p, i) => ({ param_name: p.name, param_value: p.value, param_order: i + 1 })),
      },
    },
  }
}

const cocInstances = (e: MockExecution) =>
  e.instances.map((i) => ({
    id: i.id,
    status: i.status,
    message: i.log,
    gmt_created: Date.parse(e.createdAt),
    gmt_finished: ms(i.finishedAt),
    execute_costs: costs(i.startedAt, i.finishedAt),
    target_instance: {
      resource_id: i.resourceId,
      agent_sn: i.agentSn,
      agent_status: 'ONLINE',
      region_id: i.regionId,
      project_id: 'default',
      properties: {
        host_name: i.hostName,
        fixed_ip: i.ip,
        floating_ip: null,
        region_id: i.regionId,
        zone_id: null,
        application: null,
        group: null,
        project_id: 'default',
      },
    },
  }))

/**
 * As the BFF: the approval a HIGH-risk console run of a non-admin waits for (admins or reviewers, any, 24 h,
 * the script as content). The mock never makes its ticket: approving it only settles the approval.
 */
function openRunApproval(
  requester: string,
  script: { name: string; version: string; content: string },
  hosts: string[],
  params: { name: string; value: string }[],
  rollback: string,
) {
  const request = `${requester} runs HIGH-risk script ${script.name} (version ${script.version}) on ${hosts.length} host(s); parameters: ${params.map((p) => `${p.name}=${p.value}`).join(', ')}`
  const at = new Date().toISOString()
  const id = crypto.randomUUID()
  db.approvals.unshift({
    id,
    title: `Run ${script.name} ${script.version} on ${hosts.length} host(s)`,
    request,
    risk: 'HIGH',
    targets: hosts,
    contentDiff: script.content
      .split('\n')
      .map((l) => `+ ${l}`)
      .join('\n'),
    rollback,
    approvers: { users: [], roles: ['admin', 'reviewer'] },
    mode: 'any',
    status: 'pending',
    requester,
    runId: null,
    timeoutAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    createdAt: at,
    decidedAt: null,
    timeline: [{ at, actor: requester, action: 'create', remark: request, target: null }],
    canDecide: false,
    canWithdraw: false,
    votes: [],
  })
  return id
}

export const executionHandlers = [
  mockRoute(executionRoutes.create, ({ body }) => {
    const failure = db.executionStartFailure
    if (failure) {
      db.executionStartFailure = null
      throw new MockError(failure.status, 'CONFLICT', failure.message)
    }
    // As the BFF: a HIGH-risk script run by a non-admin is checked, then waits for an approval (no ticket yet).
    const { user, s, params, batches } = checkRun(body.script_uuid, body, body.confirm_high_risk, true)
    if (s.detail.properties.risk_level === 'HIGH' && !isAdminRole(user.role)) {
      const hosts = batches
        .flatMap((b) => b.target_instances)
        .map((t) => {
          const h = db.cmdb.hosts.find((x) => x.resourceId === t.resource_id)!
          return `${h.name} (${h.innerIp})`
        })
      const approvalId = openRunApproval(user.username, s.detail, hosts, params, body.rollback_plan)
      return { executeUuid: null, approvalId }
    }
    return { executeUuid: start(body.script_uuid, body, body.confirm_high_risk, true).executeUuid, approvalId: null }
  }),
  mockRoute(executionRoutes.list, ({ query }) => {
    requireScriptUser()
    // The list polls while tickets run: let them move on (only when ticking is on, i.e. in the browser).
    for (const e of db.executions) tick(e)
    const q = query.q?.toLowerCase()
    const rows = db.executions.filter(
      (e) =>
        (!query.status || e.status === query.status) &&
        (!query.creator || e.creator === query.creator) &&
        (!q || e.script.name.toLowerCase().includes(q) || e.executeUuid.toLowerCase().includes(q)) &&
        (!query.from || e.createdAt >= query.from) &&
        (!query.to || e.createdAt <= query.to) &&
        (!query.hostId || e.instances.some((i) => i.hostId === query.hostId)),
    )
    return page(rows.map(summaryOf), query.page, query.pageSize)
  }),
  mockRoute(executionRoutes.detail, ({ params }) => {
    const e = findExecution(params.executeUuid)
    tick(e)
    return detailOf(e)
  }),
  mockRoute(executionRoutes.instances, ({ params, query }) => {
    const e = findExecution(params.executeUuid)
    const q = query.q?.toLowerCase()
    const rows = e.instances.filter(
      (i) =>
        (!query.batchIndex || i.batchIndex === query.batchIndex) &&
        (!query.status || i.status === query.status) &&
        (!q || i.hostName.toLowerCase().includes(q) || i.ip.includes(q)),
    )
    return page(rows.map(instanceView), query.page, query.pageSize)
  }),
  mockRoute(executionRoutes.log, ({ params }) => {
    const i = findExecution(params.executeUuid).instances.find((x) => x.id === params.instanceId)
    if (!i) throw new MockError(404, 'NOT_FOUND', `Instance ${params.instanceId} not found`)
    return {
      instanceId: i.id,
      status: i.status,
      log: i.log,
      marks: mockLogMarks(i.log, i.startedAt),
      truncated: false,
      bytes: new TextEncoder().encode(i.log).length,
      exitCode: i.exitCode,
      message: i.message,
      startedAt: i.startedAt,
      finishedAt: i.finishedAt,
    }
  }),
  mockRoute(executionRoutes.operate, ({ params, body }) => {
    requireScriptUser()
    const e = findExecution(params.executeUuid)
    operate(e, toOperation(body.operation, body.batchIndex, body.instanceId, 'VALIDATION'), 'INVALID_TRANSITION')
    return detailOf(e)
  }),
  // Run again: a copy of the ticket's script, parameters, hosts, batches and options (the BFF re-validates them).
  mockRoute(executionRoutes.rerun, ({ params, body }) => {
    const user = requireScriptUser()
    const e = findExecution(params.executeUuid)
    // The script as it is now; the seeded tickets' scripts are not in the library, so their copy stands in.
    const s = db.scripts.find((x) => x.detail.script_uuid === e.script.uuid)
    const script = s
      ? { name: s.detail.name, status: s.detail.status, riskLevel: s.detail.properties.risk_level }
      : { name: e.script.name, status: 'APPROVED', riskLevel: e.script.risk }
    const refused = scriptRunIssues(script, body.confirm_high_risk)
    if (refused.length) throw new MockError(400, 'VALIDATION', refused.map((d) => d.message).join('; '), refused)
    // Overrides as the BFF applies them: named values replace, the mask keeps a secret, hosts/batches/options replace.
    const target = ({ hostId, hostName, ip, agentSn, resourceId, regionId }: (typeof e.instances)[number]) => ({
      hostId,
      hostName,
      ip,
      agentSn,
      resourceId,
      regionId,
    })
    const layout = body.execute_batches
      ? body.execute_batches.map((b) => ({
          rotation: b.rotation_strategy,
          targets: b.target_instances.map((t) => {
            const known = e.instances.find((i) => i.resourceId === t.resource_id)
            if (!known) throw new MockError(400, 'VALIDATION', `Unknown host ${t.resource_id}`)
            return target(known)
          }),
        }))
      : e.batches
          .map((b) => ({
            rotation: b.rotation,
            targets: e.instances.filter((i) => i.batchIndex === b.index && runsAgain(i.status, body.hosts)).map(target),
          }))
          .filter((b) => b.targets.length > 0)
    const timeoutMax = relaunchTimeoutMax(e.timeout)
    if (body.options?.timeout !== undefined && body.options.timeout > timeoutMax)
      throw new MockError(400, 'VALIDATION', `execute_param.timeout: timeout must be 5–${timeoutMax} s`)
    if (layout.length === 0)
      throw new MockError(
        400,
        'VALIDATION',
        issuesRefusal([NOTHING_FAILED]).said,
        issuesRefusal([NOTHING_FAILED]).details,
      )
    const edited = new Map((body.params ?? []).map((p) => [p.param_name, p.param_value]))
    const copyParams = e.params.map((p) => {
      const next = edited.get(p.name)
      return next === undefined || (p.sensitive && next === SENSITIVE_MASK) ? p : { ...p, value: next }
    })
    if (script.riskLevel === 'HIGH' && !isAdminRole(user.role)) {
      const hosts = layout.flatMap((b) => b.targets.map((t) => `${t.hostName} (${t.ip})`))
      const approvalId = openRunApproval(user.username, e.script, hosts, copyParams, body.rollback_plan)
      return { executeUuid: null, approvalId }
    }
    const copy = buildExecution(layout, {
      orderId: Math.max(0, ...db.executions.map((x) => x.orderId)) + 1,
      creator: user.username,
      createdAt: new Date().toISOString(),
      script: e.script,
      timeout: body.options?.timeout ?? e.timeout,
      successRate: body.options?.success_rate ?? e.successRate,
      executeUser: body.options?.execute_user ?? e.executeUser,
      resourceful: body.options?.resourceful ?? e.resourceful,
      params: copyParams,
    })
    db.executions.unshift(copy)
    return { executeUuid: copy.executeUuid, approvalId: null }
  }),
  // Live events are an optimisation: an empty stream ends at once, and the SPA falls back to polling the detail.
  http.get(
    executionRoutes.events.path,
    () => new HttpResponse('', { headers: { 'content-type': 'text/event-stream' } }),
  ),

  mockRoute(cocExecutionRoutes.execute, ({ params, body }) => ({
    data: start(params.script_uuid, body, null, false).executeUuid,
  })),
  mockRoute(cocExecutionRoutes.listOrders, ({ query }) => {
    requireScriptUser()
    const rows = db.executions
      .filter(
        (e) =>
          (!query.status || e.status === query.status) &&
          (!query.creator || e.creator === query.creator) &&
          (!query.start_time || Date.parse(e.createdAt) >= epochMs(query.start_time)) &&
          (!query.end_time || Date.parse(e.createdAt) <= epochMs(query.end_time)),
      )
      .sort((a, b) => b.orderId - a.orderId)
    const pageRows = rows.filter((e) => query.marker === undefined || e.orderId < query.marker).slice(0, query.limit)
    return {
      data: {
        total: rows.length,
        data: pageRows.map((e) => ({
          order_id: e.orderId,
          order_name: e.script.name,
          execute_uuid: e.executeUuid,
          gmt_created: Date.parse(e.createdAt),
          gmt_finished: ms(e.finishedAt),
          execute_costs: costs(e.startedAt, e.finishedAt),
          creator: e.creator,
          status: e.status,
          properties: { region_ids: [...new Set(e.instances.map((i) => i.regionId).filter(Boolean))].sort().join(',') },
        })),
      },
    }
  }),
  mockRoute(cocExecutionRoutes.order, ({ params }) => ({
    data: orderInfo(findExecution(params.execute_uuid, 'COC.00040404')),
  })),
  mockRoute(cocExecutionRoutes.batches, ({ params }) => {
    const e = findExecution(params.execute_uuid, 'COC.00040404')
    return {
      data: e.batches.map((b) => ({
        batch_index: b.index,
        rotation_strategy: b.rotation,
        properties: b.status,
        total_instances: e.instances.filter((i) => i.batchIndex === b.index).length,
      })),
    }
  }),
  mockRoute(cocExecutionRoutes.batch, ({ params, query }) => {
    const e = findExecution(params.execute_uuid, 'COC.00040404')
    if (!e.batches.some((b) => b.index === params.batch_index))
      throw new MockError(404, 'COC.00040404', `Batch ${params.batch_index} not found`)
    const all = cocInstances(e).filter((_, k) => e.instances[k].batchIndex === params.batch_index)
    const rows = all
      .filter(
        (i) => (!query.status || i.status === query.status) && (query.marker === undefined || i.id > query.marker),
      )
      .slice(0, query.limit)
    return { data: { batch_index: params.batch_index, total_instances: all.length, execute_instances: rows } }
  }),
  mockRoute(cocExecutionRoutes.statistics, ({ params }) => ({
    data: statisticsOf(machineOf(findExecution(params.execute_uuid, 'COC.00040404')).instances),
  })),
  mockRoute(cocExecutionRoutes.operate, ({ params, body }) => {
    requireScriptUser()
    const e = findExecution(params.execute_uuid, 'COC.00040404')
    operate(e, toOperation(body.operation_type, body.batch_index, body.instance_id, 'COC.00040701'), 'COC.00040701')
    return { data: e.executeUuid }
  }),
]

/**
 * The mock's stream and time per line: lines that read like a tool's complaint (`error…`, `df: …`) went to
 * stderr; lines one second apart from the start.
 */
export function mockLogMarks(log: string, startedAt: string | null): LogMark[] {
  const start = startedAt ? Date.parse(startedAt) : Date.now()
  return (log.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((line, n) => ({
    length: line.length,
    stream: /error|^[\w-]+: /i.test(line) ? 'stderr' : 'stdout',
    at: new Date(start + n * 1000).toISOString(),
  }))
}

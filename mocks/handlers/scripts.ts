import { hasPermission } from '../../src/contract/identity'
import { formatScriptUuid, paramListIssues, orderParams, SENSITIVE_MASK } from '../../src/contract/script-rules'
import { cocScriptRoutes, type ScriptDetail, type ScriptParamInput } from '../../src/contract/scripts'
import { db } from '../db'
import { versionOf, type MockScript } from '../factories/scripts'
import { MockError, mockRoute } from '../mock-route'
import { findScript, requireScriptUser, startRound } from './script-access'

function sealParams(s: MockScript | undefined, params: ScriptParamInput[]) {
  const issues = paramListIssues(params)
  if (issues.length) throw new MockError(400, 'COC.00040601', issues.map((i) => `${i.path}: ${i.message}`).join('; '))
  const secrets: Record<string, string> = {}
  const out = orderParams(params).map((p) => {
    if (p.sensitive)
      secrets[p.param_name] =
        p.param_value === SENSITIVE_MASK && s?.secrets[p.param_name] !== undefined
          ? s.secrets[p.param_name]
          : p.param_value
    return {
      param_name: p.param_name,
      param_value: p.sensitive ? SENSITIVE_MASK : p.param_value,
      param_description: p.param_description,
      param_order: p.param_order,
      sensitive: p.sensitive,
    }
  })
  return { out, secrets }
}

function reviewersOf(list: { reviewer_name: string }[] = []) {
  return list.map((r, i) => {
    const u = db.users.find((x) => x.username === r.reviewer_name && hasPermission(x.role, 'scripts:review'))
    if (!u)
      throw new MockError(
        400,
        'COC.00040701',
        `properties.reviewers[${i}]: reviewer ${r.reviewer_name} is not a user of this project`,
      )
    return { reviewer_name: u.username, reviewer_id: u.id.replace(/-/g, '') }
  })
}

function assertName(name: string, except?: MockScript) {
  if (db.scripts.some((s) => s.detail.name === name && s !== except))
    throw new MockError(400, 'COC.00040601', `Exist script with same name: ${name}`)
}

export const scriptHandlers = [
  mockRoute(cocScriptRoutes.create, ({ body }) => {
    const user = requireScriptUser()
    assertName(body.name)
    const { out, secrets } = sealParams(undefined, body.script_params)
    const now = Date.now()
    const detail: ScriptDetail = {
      script_uuid: formatScriptUuid(new Date(now), Math.random().toString(16).slice(2, 11)),
      name: body.name,
      version: body.properties.version,
      description: body.description,
      type: body.type,
      content: body.content,
      script_params: out,
      status: 'APPROVED',
      gmt_created: now,
      gmt_modified: now,
      creator: user.username,
      creator_id: user.id.replace(/-/g, ''),
      operator: user.username,
      properties: {
        risk_level: body.properties.risk_level,
        version: body.properties.version,
        reviewers: reviewersOf(body.properties.reviewers),
        protocol: body.properties.protocol ?? 'DEFAULT',
      },
      enterprise_project_id: user.tenantId,
    }
    const s: MockScript = {
      id: Math.max(0, ...db.scripts.map((x) => x.id)) + 1,
      detail,
      revision: 1,
      reviewRevision: 1,
      approvedRevision: null,
      versions: [versionOf(detail, 1, 'create', user.username, new Date(now).toISOString())],
      reviews: [],
      secrets,
    }
    db.scripts.push(s)
    startRound(s, user.username)
    return { data: detail.script_uuid }
  }),
  mockRoute(cocScriptRoutes.list, ({ query }) => {
    requireScriptUser()
    const rows = db.scripts.filter(
      (s) =>
        (!query.name_like || s.detail.name.includes(query.name_like)) &&
        (!query.type || s.detail.type === query.type) &&
        (!query.risk_level || s.detail.properties.risk_level === query.risk_level) &&
        (!query.creator || s.detail.creator === query.creator),
    )
    const page = rows.filter((s) => query.marker === undefined || s.id > query.marker).slice(0, query.limit)
    return {
      data: {
        total: rows.length,
        data: page.map(({ id, detail: { version: _v, description: _d, content: _c, script_params: _p, ...rest } }) => ({
          id,
          ...rest,
        })),
      },
    }
  }),
  mockRoute(cocScriptRoutes.detail, ({ params }) => ({ data: findScript(params.script_uuid).detail })),
  mockRoute(cocScriptRoutes.update, ({ params, body }) => {
    const user = requireScriptUser()
    const s = findScript(params.script_uuid)
    if (body.name) assertName(body.name, s)
    const sealed = body.script_params
      ? sealParams(s, body.script_params)
      : { out: s.detail.script_params, secrets: s.secrets }
    const props = body.properties
    s.detail = {
      ...s.detail,
      name: body.name ?? s.detail.name,
      type: body.type ?? s.detail.type,
      description: body.description,
      content: body.content,
      script_params: sealed.out,
      version: props?.version ?? s.detail.version,
      operator: user.username,
      gmt_modified: Date.now(),
      properties: props
        ? {
            risk_level: props.risk_level,
            version: props.version,
            reviewers: props.reviewers ? reviewersOf(props.reviewers) : s.detail.properties.reviewers,
            protocol: props.protocol ?? s.detail.properties.protocol,
          }
        : s.detail.properties,
    }
    s.secrets = sealed.secrets
    s.revision += 1
    s.reviewRevision = s.revision
    s.versions.unshift(versionOf(s.detail, s.revision, 'update', user.username, new Date().toISOString()))
    startRound(s, user.username)
    return { data: s.detail.script_uuid }
  }),
  mockRoute(cocScriptRoutes.remove, ({ params }) => {
    requireScriptUser()
    const s = findScript(params.script_uuid)
    db.scripts = db.scripts.filter((x) => x !== s)
    return { data: s.detail.script_uuid }
  }),
]

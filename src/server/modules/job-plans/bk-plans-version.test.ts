import { describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { iamToken, loginAs, testApp } from '../../testing/test-app'
import { approveScriptReview } from '../../testing/script-fixtures'

/**
 * get_job_detail and execute_job describe and run the same plan version: while a newer version waits for
 * review, both use the last reviewed one (its steps, step_ids and global variable ids).
 */
const APP = { bk_app_code: 'detail_app', bk_app_secret: 'detail-app-secret-0123456789' }
type Headers = Record<string, string>

async function script(app: App, reviewer: Headers, name: string, risk: 'LOW' | 'HIGH') {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/job/scripts',
    headers: { 'x-auth-token': await iamToken(app) },
    payload: {
      name,
      type: 'SHELL',
      description: 'detail test',
      content: `echo ${name} "$1"`,
      properties: {
        risk_level: risk,
        version: '1',
        ...(risk === 'HIGH' ? { reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }] } : {}),
      },
      script_params: [
        { param_order: 1, param_name: 'what', param_value: 'x', param_description: '', sensitive: false },
      ],
    },
  })
  expect(res.statusCode, res.body).toBe(200)
  if (risk === 'HIGH') await approveScriptReview(app, reviewer)
  return res.json().data as string
}

describe('get_job_detail describes the version execute_job runs', () => {
  it('shows and runs the last reviewed version while a newer one waits for review', async () => {
    const app = await testApp({ config: { bkAppBootstrap: `${APP.bk_app_code}:${APP.bk_app_secret}` } })
    const admin = await loginAs(app)
    const reviewer = await loginAs(app, 'reviewer', 'reviewer-demo-1')
    const biz = await app.inject({
      method: 'POST',
      url: '/api/cmdb/businesses',
      headers: admin,
      payload: { name: 'detail biz', maintainer: 'ops' },
    })
    const bk_biz_id = biz.json().id as number
    const bk = async (api: string, params: object) =>
      (
        await app.inject({
          method: 'POST',
          url: `/api/c/compapi/v2/job/${api}/`,
          payload: { ...APP, bk_username: 'admin', bk_biz_id, ...params },
        })
      ).json()
    const safe = await script(app, reviewer, 'detail_safe', 'LOW')
    const risky = await script(app, reviewer, 'detail_risky', 'HIGH')

    // v1 (LOW risk: active at once): one variable, one step.
    const v1 = {
      name: 'detail plan',
      hosts: [await hostOf(app, admin, 'detail-host', '10.7.0.1')],
      variables: [{ name: 'what', type: 'text', default: 'v1-default' }],
      steps: [{ kind: 'script', name: 'safe step', scriptUuid: safe, params: [{ name: 'what', variable: 'what' }] }],
    }
    const created = await app.inject({ method: 'POST', url: '/api/job-plans', headers: admin, payload: v1 })
    expect(created.statusCode, created.body).toBe(201)
    const planId = created.json().id as string
    // v2 adds a variable before it and a HIGH-risk step: it waits for review; runs keep using v1.
    const v2 = await app.inject({
      method: 'PUT',
      url: `/api/job-plans/${planId}`,
      headers: admin,
      payload: {
        ...v1,
        variables: [{ name: 'other', type: 'text', default: 'v2' }, ...v1.variables],
        steps: [{ kind: 'script', name: 'risky step', scriptUuid: risky }, ...v1.steps],
      },
    })
    expect(v2.json()).toMatchObject({ status: 'pending_review', version: 2 })

    const list = await bk('get_job_list', { name: 'detail plan' })
    const job = list.data[0] as { bk_job_id: number; step_num: number }
    expect(job.step_num).toBe(1)
    const detail = await bk('get_job_detail', { bk_job_id: job.bk_job_id })
    expect(detail, JSON.stringify(detail)).toMatchObject({ result: true, data: { step_num: 1 } })
    expect(detail.data.steps.map((s: { step_id: number; name: string }) => [s.step_id, s.name])).toEqual([
      [1, 'safe step'],
    ])
    expect(detail.data.global_vars.map((v: { id: number; name: string }) => [v.id, v.name])).toEqual([[1, 'what']])

    // execute_job with get_job_detail's ids: global var 1 is `what` of v1, step 1 its step.
    const exec = await bk('execute_job', {
      bk_job_id: job.bk_job_id,
      global_vars: [{ id: 1, value: 'from the api' }],
      steps: [{ step_id: 1, script_timeout: 120 }],
    })
    expect(exec, JSON.stringify(exec)).toMatchObject({ result: true, code: 0 })
    const [run] = await app.services.handle.query<{
      plan_version: number
      variables: Record<string, string>
      definition: { steps: { name: string; timeout: number }[] }
    }>('select plan_version, variables, definition from plan_runs where bk_instance_id = $1', [
      exec.data.job_instance_id,
    ])
    expect(run!.plan_version).toBe(1)
    expect(run!.variables).toEqual({ what: 'from the api' })
    expect(run!.definition.steps.map((s) => [s.name, s.timeout])).toEqual([['safe step', 120]])

    // Reviewed, v2 is what both describe and run.
    const approved = await app.inject({
      method: 'POST',
      url: `/api/job-plans/${planId}/review`,
      headers: reviewer,
      payload: { decision: 'approve' },
    })
    expect(approved.statusCode, approved.body).toBe(200)
    const after = await bk('get_job_detail', { bk_job_id: job.bk_job_id })
    expect(after.data.steps.map((s: { name: string }) => s.name)).toEqual(['risky step', 'safe step'])
    expect(after.data.global_vars.map((v: { name: string }) => v.name)).toEqual(['other', 'what'])
  }, 60_000)

  it('refuses the detail of a plan with no reviewed version, as execute_job refuses to run it', async () => {
    const app = await testApp({ config: { bkAppBootstrap: `${APP.bk_app_code}:${APP.bk_app_secret}` } })
    const admin = await loginAs(app)
    const reviewer = await loginAs(app, 'reviewer', 'reviewer-demo-1')
    const biz = await app.inject({
      method: 'POST',
      url: '/api/cmdb/businesses',
      headers: admin,
      payload: { name: 'detail biz', maintainer: 'ops' },
    })
    const bk_biz_id = biz.json().id as number
    const risky = await script(app, reviewer, 'detail_risky_only', 'HIGH')
    const created = await app.inject({
      method: 'POST',
      url: '/api/job-plans',
      headers: admin,
      payload: {
        name: 'unreviewed',
        hosts: [await hostOf(app, admin, 'h', '10.7.0.2')],
        steps: [{ kind: 'script', name: 'r', scriptUuid: risky }],
      },
    })
    expect(created.json().status).toBe('pending_review')
    const bk = async (api: string, params: object) =>
      (
        await app.inject({
          method: 'POST',
          url: `/api/c/compapi/v2/job/${api}/`,
          payload: { ...APP, bk_username: 'admin', bk_biz_id, ...params },
        })
      ).json()
    const [{ bk_job_id }] = (await bk('get_job_list', { name: 'unreviewed' })).data
    const detail = await bk('get_job_detail', { bk_job_id })
    const exec = await bk('execute_job', { bk_job_id })
    expect(detail).toMatchObject({ result: false, data: null })
    expect(detail.message).toMatch(/no reviewed version/)
    expect(exec).toMatchObject({ result: false, code: detail.code })
  }, 60_000)
})

/** A host of the tenant (plans name only known hosts); its resource id. */
async function hostOf(
  app: Awaited<ReturnType<typeof testApp>>,
  admin: Record<string, string>,
  name: string,
  innerIp: string,
) {
  const res = await app.inject({ method: 'POST', url: '/api/cmdb/hosts', headers: admin, payload: { name, innerIp } })
  expect(res.statusCode, res.body).toBe(201)
  return (res.json() as { resourceId: string }).resourceId
}

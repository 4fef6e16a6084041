import { describe, expect, it } from 'vitest'
import { iamToken, loginAs, testApp } from '../../testing/test-app'
import { OLD_SECURITY_UPDATE, scanOf, target } from './patches.test-fixtures'
import type { App } from '../../app'

async function seed(app: App) {
  const tenantId = (await app.services.identityRepo.tenantByName('default'))!.id
  const { patches } = app.services
  const t0 = Date.now() - 3_600_000
  await patches.ingest(tenantId, target(1), scanOf([{}, OLD_SECURITY_UPDATE], { scanned_at: t0 }), {
    orderId: 'PSO1',
    jobId: 'PSJ1-1',
  })
  await patches.ingest(
    tenantId,
    target(2),
    scanOf([{}, { name: 'bash', classification: 'Security', severity: 'HIGH' }], { scanned_at: t0 + 1000 }),
    { orderId: 'PSO1', jobId: 'PSJ1-2' },
  )
  await patches.ingest(
    tenantId,
    target(3),
    scanOf([{ ...OLD_SECURITY_UPDATE }, { name: 'broken', state: 'failed', severity: 'LOW' }], {
      scanned_at: t0 + 2000,
      operating_system: 'CentOS',
      os_family: 'rhel',
    }),
    { orderId: 'PSO2', jobId: 'PSJ2-1' },
  )
  return { tenantId }
}

describe('GET /v1/patch/instance/compliant', () => {
  it('answers the seed example with every InstanceCompliant field', async () => {
    const app = await testApp()
    await seed(app)
    const token = await iamToken(app)
    const res = await app.inject({
      method: 'GET',
      url: '/v1/patch/instance/compliant?offset=1&limit=10&compliant_status=non_compliant&report_scene=ECS',
      headers: { 'x-auth-token': token },
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.count).toBe(2)
    const r = body.instance_compliant.find((x: { instance_id: string }) => x.instance_id === 'host-1')
    expect(Object.keys(r).sort()).toEqual([
      'baseline_id',
      'baseline_name',
      'cce_info_id',
      'compliant_summary',
      'eip',
      'enterprise_project_id',
      'execution_summary',
      'group',
      'id',
      'instance_id',
      'ip',
      'name',
      'node_id',
      'non_compliant_summary',
      'operating_system',
      'region',
      'report_scene',
      'rule_type',
      'status',
    ])
    expect(r).toMatchObject({
      baseline_name: 'COC-DebianDefaultPatchBaseline',
      status: 'non_compliant',
      rule_type: 'standard',
      report_scene: 'ECS',
      non_compliant_summary: { non_compliant_count: 1, severity_summary: { critical_count: 1 } },
      compliant_summary: { compliant_count: 1 },
      execution_summary: { order_id: 'PSO1', job_id: 'PSJ1-1' },
    })
    expect(r.baseline_id).toMatch(/^JX-[0-9a-f]{29}$/)
    expect(r.id).toMatch(/^[0-9a-f]{32}$/)
  })

  it('filters, sorts by report_time and pages (offset is the 1-based page)', async () => {
    const app = await testApp()
    await seed(app)
    const h = await loginAs(app, 'viewer', 'viewer-demo-1')
    const get = async (qs: string) =>
      (await app.inject({ method: 'GET', url: `/v1/patch/instance/compliant?${qs}`, headers: h })).json()
    const ids = (b: { instance_compliant: { instance_id: string }[] }) => b.instance_compliant.map((x) => x.instance_id)
    expect(ids(await get('sort_key=report_time&sort_dir=asc'))).toEqual(['host-1', 'host-2', 'host-3'])
    expect(ids(await get('sort_key=report_time&sort_dir=desc'))).toEqual(['host-3', 'host-2', 'host-1'])
    expect(ids(await get('compliant_status=compliant'))).toEqual(['host-2'])
    expect(ids(await get('operating_system=CentOS'))).toEqual(['host-3'])
    expect(ids(await get('name=web-0&ip=10.0.0.2'))).toEqual(['host-2'])
    expect(ids(await get('region=cn-north-4&sort_dir=asc'))).toEqual(['host-1', 'host-3'])
    expect(ids(await get('group=db'))).toEqual(['host-3'])
    expect(ids(await get('order_id=PSO2'))).toEqual(['host-3'])
    expect(ids(await get('instance_id=host-2'))).toEqual(['host-2'])
    expect(ids(await get('enterprise_project_id=someone-else'))).toEqual([])
    const page2 = await get('limit=2&offset=2&sort_dir=asc')
    expect(page2.count).toBe(3)
    expect(ids(page2)).toEqual(['host-3'])
  })

  it('refuses out-of-range paging and unknown enums with a COC error', async () => {
    const app = await testApp()
    const token = await iamToken(app)
    for (const qs of [
      'limit=101',
      'limit=0',
      'offset=0',
      'compliant_status=maybe',
      'report_scene=VM',
      'sort_key=name',
      'sort_dir=up',
    ]) {
      const res = await app.inject({
        method: 'GET',
        url: `/v1/patch/instance/compliant?${qs}`,
        headers: { 'x-auth-token': token },
      })
      expect(res.statusCode, qs).toBe(400)
      expect(res.json(), qs).toMatchObject({
        error_code: 'COC.00040701',
        error_msg: expect.stringContaining(qs.split('=')[0]),
      })
    }
    const anon = await app.inject({ method: 'GET', url: '/v1/patch/instance/compliant' })
    expect(anon.statusCode).toBe(401)
  })
})

describe('GET /v1/patch/instance/compliant/{id}', () => {
  it('lists the patches of a report with filters, installed_time sort and paging', async () => {
    const app = await testApp()
    await seed(app)
    const token = await iamToken(app)
    const list = (
      await app.inject({
        method: 'GET',
        url: '/v1/patch/instance/compliant?instance_id=host-3',
        headers: { 'x-auth-token': token },
      })
    ).json()
    const id = list.instance_compliant[0].id
    const get = async (qs: string) =>
      (
        await app.inject({
          method: 'GET',
          url: `/v1/patch/instance/compliant/${id}?${qs}`,
          headers: { 'x-auth-token': token },
        })
      ).json()
    const all = await get('offset=1&limit=10')
    expect(all.count).toBe(2)
    expect(all.compliance_items[0]).toMatchObject({
      instance_id: 'host-3',
      title: expect.any(String),
      classification: expect.any(String),
      severity_level: expect.any(String),
      compliance_level: expect.any(String),
      patch_detail: {
        patch_baseline_name: 'COC-CentOSDefaultPatchBaseline',
        patch_status: expect.any(String),
        installed_time: expect.any(Number),
      },
    })
    expect((await get('patch_status=FAILED')).compliance_items.map((i: { title: string }) => i.title)).toEqual([
      'broken',
    ])
    expect((await get('classification=Security')).compliance_items.map((i: { title: string }) => i.title)).toEqual([
      'openssl',
    ])
    expect((await get('severity_level=LOW')).count).toBe(1)
    expect((await get('compliance_level=HIGH')).count).toBe(1)
    expect((await get('title=open')).count).toBe(1)
    const byTime = await get('sort_key=installed_time&sort_dir=asc')
    // openssl is MISSING: no installed date, so it sorts first (NULLS FIRST ascending).
    expect(byTime.compliance_items.map((i: { title: string }) => i.title)).toEqual(['openssl', 'broken'])
    expect((await get('limit=1&offset=2')).compliance_items).toHaveLength(1)
    const missing = await app.inject({
      method: 'GET',
      url: '/v1/patch/instance/compliant/nope',
      headers: { 'x-auth-token': token },
    })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error_code).toBeDefined()
    const bad = await app.inject({
      method: 'GET',
      url: `/v1/patch/instance/compliant/${id}?patch_status=GONE`,
      headers: { 'x-auth-token': token },
    })
    expect(bad.statusCode).toBe(400)
  })

  it('keeps tenants apart', async () => {
    const app = await testApp()
    await seed(app)
    const admin = await loginAs(app)
    const tenant = (
      await app.inject({ method: 'POST', url: '/api/tenants', headers: admin, payload: { name: 'other' } })
    ).json()
    await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'bob', displayName: 'Bob', role: 'viewer', password: 'bob-password-1', tenantId: tenant.id },
    })
    const bob = await loginAs(app, 'bob', 'bob-password-1')
    const list = await app.inject({ method: 'GET', url: '/v1/patch/instance/compliant', headers: bob })
    expect(list.json().count).toBe(0)
    const mine = (await app.inject({ method: 'GET', url: '/v1/patch/instance/compliant', headers: admin })).json()
      .instance_compliant[0].id
    const peek = await app.inject({ method: 'GET', url: `/v1/patch/instance/compliant/${mine}`, headers: bob })
    expect(peek.statusCode).toBe(404)
  })
})

describe('baselines', () => {
  it('re-evaluates reports when a baseline changes, validates input and audits', async () => {
    const app = await testApp()
    await seed(app)
    const op = await loginAs(app, 'operator', 'operator-demo-1')
    const baselines = (await app.inject({ method: 'GET', url: '/api/patch-baselines', headers: op })).json()
    const debian = baselines.find((b: { name: string }) => b.name === 'COC-DebianDefaultPatchBaseline')
    expect(debian.is_default).toBe(true)
    const body = {
      name: debian.name,
      operating_system: 'Debian',
      description: debian.description,
      rules: debian.rules,
      approved_patches: [],
      rejected_patches: ['openssl'],
      is_default: true,
    }
    const res = await app.inject({
      method: 'PUT',
      url: `/api/patch-baselines/${debian.id}`,
      headers: op,
      payload: body,
    })
    expect(res.statusCode).toBe(200)
    const host1 = (
      await app.inject({ method: 'GET', url: '/v1/patch/instance/compliant?instance_id=host-1', headers: op })
    ).json().instance_compliant[0]
    expect(host1.status).toBe('compliant')

    const bad = await app.inject({
      method: 'POST',
      url: '/api/patch-baselines',
      headers: op,
      payload: { ...body, name: 'bad name!', rules: [], is_default: false },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.name', 'body.rules']),
    )
    const dup = await app.inject({
      method: 'POST',
      url: '/api/patch-baselines',
      headers: op,
      payload: { ...body, is_default: false },
    })
    expect(dup.statusCode).toBe(400)
    const del = await app.inject({ method: 'DELETE', url: `/api/patch-baselines/${debian.id}`, headers: op })
    expect(del.statusCode).toBe(400)
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    const denied = await app.inject({
      method: 'POST',
      url: '/api/patch-baselines',
      headers: viewer,
      payload: { ...body, name: 'x', is_default: false },
    })
    expect(denied.statusCode).toBe(403)
    const audit = (
      await app.inject({
        method: 'GET',
        url: '/api/audit-logs?action=patch-baseline.update',
        headers: await loginAs(app),
      })
    ).json()
    expect(audit.total).toBe(1)
  })
})

describe('scan orders and overview', () => {
  it('runs a scan order through the runner, records per-host failures, and feeds the overview', async () => {
    const app = await testApp()
    const op = await loginAs(app, 'operator', 'operator-demo-1')
    const none = await app.inject({ method: 'POST', url: '/api/patch-scans', headers: op, payload: {} })
    expect(none.statusCode).toBe(400)
    expect(none.json().error.message).toBe('No online hosts to scan')

    app.services.patchScans.setRunner({
      targets: async () => [target(1), target(2), target(3)],
      scan: async (_t, host) => {
        if (host.instance_id === 'host-2') throw new Error('agent offline')
        return scanOf([{}, OLD_SECURITY_UPDATE])
      },
    })
    const started = await app.inject({ method: 'POST', url: '/api/patch-scans', headers: op, payload: {} })
    expect(started.statusCode).toBe(201)
    expect(started.json()).toMatchObject({ status: 'running', total: 3, trigger: 'manual' })
    await app.services.patchScans.idle()
    const [order] = (await app.inject({ method: 'GET', url: '/api/patch-scans', headers: op })).json()
    expect(order).toMatchObject({
      status: 'finished',
      succeeded: 2,
      failed: 1,
      errors: [{ instance_id: 'host-2', message: 'agent offline' }],
    })

    const overview = (await app.inject({ method: 'GET', url: '/api/patch-compliance/overview', headers: op })).json()
    expect(overview).toMatchObject({
      total: 2,
      compliant: 0,
      non_compliant: 2,
      non_compliant_by_severity: { critical_count: 2 },
    })
    expect(overview.by_os).toEqual([{ key: 'Debian', compliant: 0, non_compliant: 2 }])
    expect(overview.trend.at(-1)).toMatchObject({ compliant: 0, non_compliant: 2 })
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    expect(
      (await app.inject({ method: 'POST', url: '/api/patch-scans', headers: viewer, payload: {} })).statusCode,
    ).toBe(403)
  })
})

describe('managers report: breakdowns from the CMDB and per-patch details', () => {
  it('groups nodes by business, application (host app tag) and host group as the CMDB places them now', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const tenantId = (await app.services.identityRepo.tenantByName('default'))!.id
    const topo = (await app.inject({ method: 'GET', url: '/api/cmdb/topology', headers: admin })).json()
    const mall = topo.businesses.find((b: { name: string }) => b.name === 'Mall')
    const moduleOf = (set: string, mod: string) =>
      mall.sets.find((s: { name: string }) => s.name === set).modules.find((m: { name: string }) => m.name === mod).id
    const host = async (name: string, ip: string, moduleId: number, tags: { key: string; value: string }[]) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/cmdb/hosts',
        headers: admin,
        payload: { name, innerIp: ip, moduleId, tags },
      })
      expect(res.statusCode).toBe(201)
      return res.json() as { id: number; resourceId: string }
    }
    const web = await host('web-a', '10.9.0.1', moduleOf('frontend', 'web'), [{ key: 'app', value: 'mall-web' }])
    const db = await host('db-a', '10.9.0.2', moduleOf('data', 'mysql'), [{ key: 'app', value: 'mysql-main' }])
    const bare = await host('bare-a', '10.9.0.3', moduleOf('data', 'redis'), [])
    const ingest = (h: { resourceId: string }, n: number, packages: Parameters<typeof scanOf>[0]) =>
      app.services.patches.ingest(
        tenantId,
        // The business recorded at scan time is stale on purpose: the report follows the CMDB.
        target(n, { instance_id: h.resourceId, business: 'old-business' }),
        scanOf(packages),
        { orderId: 'PSO9', jobId: `PSJ9-${n}` },
      )
    await ingest(web, 1, [{}, OLD_SECURITY_UPDATE])
    await ingest(db, 2, [{}])
    await ingest(bare, 3, [{}, OLD_SECURITY_UPDATE])
    // A report of a host the CMDB does not have (deleted since): shown under "—", its scan-time business kept.
    await app.services.patches.ingest(tenantId, target(4, { business: 'gone-biz' }), scanOf([{}]), {
      orderId: 'PSO9',
      jobId: 'PSJ9-4',
    })

    const overview = (await app.inject({ method: 'GET', url: '/api/patch-compliance/overview', headers: admin })).json()
    expect(overview.by_application).toEqual([
      { key: '—', compliant: 1, non_compliant: 1 },
      { key: 'mall.mall-web', compliant: 0, non_compliant: 1 },
      { key: 'mysql-main', compliant: 1, non_compliant: 0 },
    ])
    expect(overview.by_host_group).toEqual([
      { key: 'Mall/data', compliant: 1, non_compliant: 1 },
      { key: 'Mall/frontend', compliant: 0, non_compliant: 1 },
      { key: '—', compliant: 1, non_compliant: 0 },
    ])
    expect(overview.by_business).toEqual([
      { key: 'Mall', compliant: 1, non_compliant: 2 },
      { key: 'gone-biz', compliant: 1, non_compliant: 0 },
    ])

    // Moving the web host to another set moves it in the report without a new scan.
    const move = await app.inject({
      method: 'POST',
      url: '/api/cmdb/hosts/move',
      headers: admin,
      payload: { hostIds: [web.id], moduleId: moduleOf('backend', 'order-api') },
    })
    expect(move.statusCode).toBe(200)
    const after = (await app.inject({ method: 'GET', url: '/api/patch-compliance/overview', headers: admin })).json()
    expect(after.by_host_group).toContainEqual({ key: 'Mall/backend', compliant: 0, non_compliant: 1 })
    expect(after.by_host_group.find((g: { key: string }) => g.key === 'Mall/frontend')).toBeUndefined()
  })

  it('gives each patch its versions and CVE ids; a MISSING row never has an installed date', async () => {
    const app = await testApp()
    const tenantId = (await app.services.identityRepo.tenantByName('default'))!.id
    await app.services.patches.ingest(
      tenantId,
      target(1),
      scanOf([
        { name: 'bash', installed_version: '5.2.15-2+b7' },
        {
          ...OLD_SECURITY_UPDATE,
          installed_version: '3.0.1-1',
          available_version: '3.0.2-1',
          cve_ids: ['CVE-2024-5535', 'CVE-2024-6119'],
          installed_time: Date.now() - 90 * 86_400_000,
        },
      ]),
      { orderId: 'PSO1', jobId: 'PSJ1-1' },
    )
    const token = await iamToken(app)
    const list = (
      await app.inject({ method: 'GET', url: '/v1/patch/instance/compliant', headers: { 'x-auth-token': token } })
    ).json()
    const items = (
      await app.inject({
        method: 'GET',
        url: `/v1/patch/instance/compliant/${list.instance_compliant[0].id}`,
        headers: { 'x-auth-token': token },
      })
    ).json().compliance_items
    const openssl = items.find((i: { title: string }) => i.title === 'openssl')
    expect(openssl).toMatchObject({
      installed_version: '3.0.1-1',
      available_version: '3.0.2-1',
      cve_ids: ['CVE-2024-5535', 'CVE-2024-6119'],
      patch_detail: { patch_status: 'MISSING', installed_time: null },
    })
    const bash = items.find((i: { title: string }) => i.title === 'bash')
    expect(bash).toMatchObject({ installed_version: '5.2.15-2+b7', available_version: null, cve_ids: [] })
    expect(bash.patch_detail.installed_time).toEqual(expect.any(Number))
  })
})

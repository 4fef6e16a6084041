import { describe, expect, it } from 'vitest'
import { SCRIPT_UUID_PATTERN } from '../../../contract/script-rules'
import { SEED_CREATE_EXAMPLE as SEED_CREATE } from '../../../contract/scripts'
import { cocClient, otherTenant, scriptBody } from '../../testing/script-fixtures'
import { loginAs, testApp } from '../../testing/test-app'

const DETAIL_FIELDS = [
  'script_uuid',
  'name',
  'version',
  'description',
  'type',
  'content',
  'script_params',
  'status',
  'gmt_created',
  'gmt_modified',
  'creator',
  'creator_id',
  'operator',
  'properties',
]

describe('COC script CRUD', () => {
  it('creates the seed example, returns every detail field, refuses the duplicate name with COC.00040601', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'test', displayName: 'Test', role: 'reviewer', password: 'test-review-1' },
    })
    const coc = await cocClient(app)
    const res = await coc.create(SEED_CREATE)
    expect(res.statusCode).toBe(200)
    const uuid = res.json().data
    expect(uuid).toMatch(SCRIPT_UUID_PATTERN)

    const detail = (await coc.get(uuid)).json().data
    for (const f of DETAIL_FIELDS) expect(detail).toHaveProperty(f)
    expect(detail).toMatchObject({
      script_uuid: uuid,
      name: '09101112',
      type: 'SHELL',
      content: 'echo ${value}',
      description: ' Instance Script',
      version: '1.0.0',
      status: 'PENDING_APPROVE',
      creator: 'operator',
      operator: 'operator',
      properties: { risk_level: 'HIGH', version: '1.0.0', protocol: 'WECHAT', reviewers: [{ reviewer_name: 'test' }] },
      script_params: [
        { param_name: 'a', param_value: '******', param_description: 'string', param_order: 1, sensitive: true },
      ],
    })
    expect(detail.properties.reviewers[0].reviewer_id).toMatch(/^[0-9a-f]{32}$/)
    expect(detail.creator_id).toMatch(/^[0-9a-f]{32}$/)
    expect(detail.gmt_created).toBeGreaterThan(1.7e12)

    const dup = await coc.create(SEED_CREATE)
    expect(dup.statusCode).toBe(400)
    expect(dup.json()).toMatchObject({ error_code: 'COC.00040601', error_msg: 'Exist script with same name: 09101112' })
  })

  it.each([
    ['name', { name: 'bad-name' }, 'COC.00040701'],
    ['content', { content: 'x'.repeat(4097) }, 'COC.00040701'],
    ['description', { description: '' }, 'COC.00040701'],
    ['properties.version', { properties: { risk_level: 'LOW', version: '12345678901' } }, 'COC.00040701'],
    ['properties.risk_level', { properties: { risk_level: 'NONE', version: '1' } }, 'COC.00040701'],
    [
      'script_params',
      {
        script_params: Array.from({ length: 21 }, (_, i) => ({
          param_name: `p${i}`,
          param_value: '',
          param_description: '',
          param_order: i + 1,
          sensitive: false,
        })),
      },
      'COC.00040701',
    ],
    [
      'script_params[0].param_value',
      {
        script_params: [
          { param_name: 'a', param_value: 'x;rm', param_description: '', param_order: 1, sensitive: false },
        ],
      },
      'COC.00040601',
    ],
    [
      'script_params',
      {
        script_params: [{ param_name: 'a', param_value: '', param_description: '', param_order: 2, sensitive: false }],
      },
      'COC.00040601',
    ],
    [
      'script_params[1].param_name',
      {
        script_params: [
          { param_name: 'a', param_value: '', param_description: '', param_order: 1, sensitive: false },
          { param_name: 'a', param_value: '', param_description: '', param_order: 2, sensitive: false },
        ],
      },
      'COC.00040601',
    ],
    [
      'properties.reviewers',
      {
        properties: {
          risk_level: 'LOW',
          version: '1',
          reviewers: Array.from({ length: 6 }, (_, i) => ({ reviewer_name: `r${i}`, reviewer_id: '' })),
        },
      },
      'COC.00040701',
    ],
    [
      'properties.reviewers[0]',
      { properties: { risk_level: 'LOW', version: '1', reviewers: [{ reviewer_name: 'nobody', reviewer_id: '' }] } },
      'COC.00040701',
    ],
    [
      'properties.reviewers[0]',
      { properties: { risk_level: 'LOW', version: '1', reviewers: [{ reviewer_name: 'viewer', reviewer_id: '' }] } },
      'COC.00040701',
    ],
  ])('refuses a bad %s with 400 naming the field, storing nothing', async (field, patch, code) => {
    const app = await testApp()
    const coc = await cocClient(app)
    const res = await coc.create(scriptBody(patch))
    expect(res.statusCode).toBe(400)
    expect(res.json().error_code).toBe(code)
    expect(res.json().error_msg).toContain(field)
    expect((await coc.list()).json().data.total).toBe(0)
  })

  it('lists with filters, marker paging and total', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    for (const [name, type, risk] of [
      ['alpha_one', 'SHELL', 'LOW'],
      ['alpha_two', 'PYTHON', 'HIGH'],
      ['beta', 'BAT', 'HIGH'],
    ]) {
      // HIGH-risk scripts need an independent reviewer (review policy).
      const reviewers = risk === 'HIGH' ? [{ reviewer_name: 'reviewer', reviewer_id: '' }] : []
      expect(
        (await coc.create(scriptBody({ name, type, properties: { risk_level: risk, version: '1', reviewers } })))
          .statusCode,
      ).toBe(200)
    }
    const all = (await coc.list('limit=2')).json().data
    expect(all.total).toBe(3)
    expect(all.data.map((s: { name: string }) => s.name)).toEqual(['alpha_one', 'alpha_two'])
    const next = (await coc.list(`limit=2&marker=${all.data[1].id}`)).json().data
    expect(next.data.map((s: { name: string }) => s.name)).toEqual(['beta'])
    expect(
      (await coc.list('limit=10&name_like=alpha&risk_level=HIGH'))
        .json()
        .data.data.map((s: { name: string }) => s.name),
    ).toEqual(['alpha_two'])
    expect((await coc.list('limit=10&type=BAT&creator=operator')).json().data.total).toBe(1)
    expect((await coc.list('limit=10&creator=admin')).json().data.total).toBe(0)
    const item = all.data[0]
    expect(Object.keys(item).sort()).toEqual([
      'creator',
      'creator_id',
      'enterprise_project_id',
      'gmt_created',
      'gmt_modified',
      'id',
      'name',
      'operator',
      'properties',
      'script_uuid',
      'status',
      'type',
    ])
    expect(item.status).toBe('APPROVED')
    const bad = await coc.list('limit=101')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error_msg).toContain('limit')
  })

  it('modifies (seed example shape), deletes, and answers 404 for unknown scripts', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    const uuid = (await coc.create(scriptBody())).json().data
    const res = await coc.update(uuid, {
      type: 'SHELL',
      name: 'disk_check2',
      content: 'echo ${a}',
      description: 'modification',
      // The seed's example sends `reviewers: []`, which the review policy refuses for HIGH risk.
      properties: { risk_level: 'HIGH', version: '1.1.1', reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }] },
    })
    expect(res.json()).toEqual({ data: uuid })
    const d = (await coc.get(uuid)).json().data
    expect(d).toMatchObject({
      name: 'disk_check2',
      content: 'echo ${a}',
      version: '1.1.1',
      status: 'PENDING_APPROVE',
      properties: { risk_level: 'HIGH' },
    })
    expect(d.script_params).toHaveLength(2)
    expect((await coc.remove(uuid)).json()).toEqual({ data: uuid })
    expect((await coc.get(uuid)).statusCode).toBe(404)
    expect((await coc.remove(uuid)).statusCode).toBe(404)
    expect((await coc.update('SC2099', { description: 'd', content: 'c' })).statusCode).toBe(404)
  })

  it('renaming onto another script is the duplicate error', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    await coc.create(scriptBody({ name: 'one' }))
    const two = (await coc.create(scriptBody({ name: 'two' }))).json().data
    const res = await coc.update(two, { name: 'one', description: 'd', content: 'c' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error_code).toBe('COC.00040601')
  })
})

describe('script access', () => {
  it('needs credentials and the right role', async () => {
    const app = await testApp()
    expect((await app.inject({ method: 'POST', url: '/v1/job/scripts', payload: scriptBody() })).statusCode).toBe(401)
    const viewer = await cocClient(app, 'viewer', 'viewer-demo-1')
    const denied = await viewer.create(scriptBody())
    expect(denied.statusCode).toBe(403)
    expect(denied.json().error_code).toBe('APIGW.0302')
    const uuid = (await (await cocClient(app)).create(scriptBody())).json().data
    expect((await viewer.get(uuid)).statusCode).toBe(200)
    expect((await viewer.update(uuid, { description: 'd', content: 'c' })).statusCode).toBe(403)
    expect((await viewer.remove(uuid)).statusCode).toBe(403)
  })

  it('isolates tenants: another tenant cannot see, change or delete', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    const uuid = (await coc.create(scriptBody())).json().data
    const other = await otherTenant(app)
    expect((await other.list()).json().data.total).toBe(0)
    expect((await other.get(uuid)).statusCode).toBe(404)
    expect((await other.update(uuid, { description: 'x', content: 'rm -rf /' })).statusCode).toBe(404)
    expect((await other.remove(uuid)).statusCode).toBe(404)
    // The same name is free in another tenant.
    expect((await other.create(scriptBody())).statusCode).toBe(200)
    expect((await coc.get(uuid)).json().data.content).toBe('df -h\necho ${path}')
    const console = await app.inject({ method: 'GET', url: `/api/scripts/${uuid}/versions`, headers: other.headers })
    expect(console.statusCode).toBe(404)
  })
})

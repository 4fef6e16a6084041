import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, scripts } from '../../db/schema'
import { cocClient, scriptBody } from '../../testing/script-fixtures'
import { loginAs, testApp } from '../../testing/test-app'

const SECRET = 'S3cret-pass'

describe('sensitive parameters', () => {
  it('are encrypted at rest, masked in every response and absent from the audit log', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    const uuid = (await coc.create(scriptBody())).json().data
    const [row] = await app.services.db.select().from(scripts).where(eq(scripts.uuid, uuid))
    const stored = row.params.find((p) => p.param_name === 'password')!
    expect(stored.value).not.toContain(SECRET)
    expect(app.services.keyring.decrypt(stored.value)).toBe(SECRET)
    expect(row.params.find((p) => p.param_name === 'path')!.value).toBe('/data')

    const admin = await loginAs(app)
    const bodies = await Promise.all([
      coc.get(uuid),
      coc.list(),
      app.inject({ method: 'GET', url: `/api/scripts/${uuid}`, headers: admin }),
      app.inject({ method: 'GET', url: `/api/scripts/${uuid}/versions/1`, headers: admin }),
      app.inject({ method: 'GET', url: `/api/scripts/${uuid}/diff?from=0&to=1`, headers: admin }),
    ])
    for (const res of bodies) {
      expect(res.statusCode).toBe(200)
      expect(res.body).not.toContain(SECRET)
    }
    expect(bodies[0].json().data.script_params[1]).toMatchObject({ param_value: '******', sensitive: true })
    const audit = await app.services.db.select().from(auditLog).where(eq(auditLog.targetId, uuid))
    expect(audit.length).toBeGreaterThan(0)
    expect(JSON.stringify(audit)).not.toContain(SECRET)
  })

  it('keeps the stored secret when the mask is sent back, replaces it when a new value is given', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    const uuid = (await coc.create(scriptBody())).json().data
    const secretOf = async () => {
      const [row] = await app.services.db.select().from(scripts).where(eq(scripts.uuid, uuid))
      return app.services.keyring.decrypt(row.params.find((p) => p.param_name === 'password')!.value)
    }
    const detail = (await coc.get(uuid)).json().data
    const edit = { description: 'edited', content: detail.content, script_params: detail.script_params }
    expect((await coc.update(uuid, edit)).statusCode).toBe(200)
    expect(await secretOf()).toBe(SECRET)

    const changed = detail.script_params.map((p: { param_name: string }) =>
      p.param_name === 'password' ? { ...p, param_value: 'N3w-secret' } : p,
    )
    expect((await coc.update(uuid, { ...edit, script_params: changed })).statusCode).toBe(200)
    expect(await secretOf()).toBe('N3w-secret')

    const unmasked = detail.script_params.map((p: { param_name: string }) =>
      p.param_name === 'password' ? { ...p, sensitive: false } : p,
    )
    const refused = await coc.update(uuid, { ...edit, script_params: unmasked })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error_msg).toContain('script_params[1].param_value')
    expect(await secretOf()).toBe('N3w-secret')
  })
})

describe('revisions', () => {
  it('records a revision per modification and diffs any two, showing a changed secret only as the mask', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    const uuid = (await coc.create(scriptBody())).json().data
    const d = (await coc.get(uuid)).json().data
    const params = d.script_params.map((p: { param_name: string }) =>
      p.param_name === 'password' ? { ...p, param_value: 'Other-secret' } : p,
    )
    await coc.update(uuid, {
      description: 'v2',
      content: 'df -h\necho ${path}\necho done',
      script_params: params,
      // MEDIUM risk needs an independent reviewer (review policy).
      properties: { risk_level: 'MEDIUM', version: '2.0', reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }] },
    })
    const admin = await loginAs(app)
    const versions = (await app.inject({ method: 'GET', url: `/api/scripts/${uuid}/versions`, headers: admin })).json()
    expect(
      versions.map((v: { revision: number; change: string; author: string }) => [v.revision, v.change, v.author]),
    ).toEqual([
      [2, 'update', 'operator'],
      [1, 'create', 'operator'],
    ])
    const v1 = (await app.inject({ method: 'GET', url: `/api/scripts/${uuid}/versions/1`, headers: admin })).json()
    expect(v1).toMatchObject({ revision: 1, description: 'Checks disks', riskLevel: 'LOW', version: '1.0.0' })

    const diff = (
      await app.inject({ method: 'GET', url: `/api/scripts/${uuid}/diff?from=1&to=2`, headers: admin })
    ).json()
    expect(diff.lines.filter((l: { op: string }) => l.op !== 'equal')).toEqual([
      { op: 'add', text: 'echo done', newLine: 3 },
    ])
    expect(diff.fields).toEqual(
      expect.arrayContaining([
        { field: 'description', before: 'Checks disks', after: 'v2' },
        { field: 'properties.risk_level', before: 'LOW', after: 'MEDIUM' },
        { field: 'script_params.password.param_value', before: '******', after: '******' },
      ]),
    )
    expect(JSON.stringify(diff)).not.toContain('secret')
    const missing = await app.inject({ method: 'GET', url: `/api/scripts/${uuid}/diff?from=1&to=9`, headers: admin })
    expect(missing.statusCode).toBe(404)
    const badQuery = await app.inject({ method: 'GET', url: `/api/scripts/${uuid}/diff?from=x&to=2`, headers: admin })
    expect(badQuery.statusCode).toBe(400)
    expect(badQuery.json().error.code).toBe('VALIDATION')
  })

  it('lists the library for the console with filters and review state', async () => {
    const app = await testApp()
    const coc = await cocClient(app)
    await coc.create(
      scriptBody({
        name: 'wipe',
        content: 'rm -rf /',
        properties: { risk_level: 'HIGH', version: '1', reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }] },
      }),
    )
    await coc.create(scriptBody({ name: 'safe' }))
    const admin = await loginAs(app)
    const page = (
      await app.inject({ method: 'GET', url: '/api/scripts?status=PENDING_APPROVE', headers: admin })
    ).json()
    expect(page.total).toBe(1)
    expect(page.items[0]).toMatchObject({
      name: 'wipe',
      riskLevel: 'HIGH',
      status: 'PENDING_APPROVE',
      highRiskFindings: 1,
      reviewers: [{ name: 'reviewer', decision: 'pending' }],
    })
    expect(
      (await app.inject({ method: 'GET', url: '/api/scripts?nameLike=saf', headers: admin })).json().items[0].name,
    ).toBe('safe')
  })
})

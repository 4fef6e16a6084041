import { beforeEach, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { loginAs, testApp } from '../../testing/test-app'

/**
 * A plan names confirmers and approvers by user name; saving one that names no enabled user of the tenant is a
 * 400 naming the step's field (such a step could only wait until it times out).
 */
let app: App
let operator: Record<string, string>

const plan = (steps: object[]) => ({ name: 'people plan', steps })
const confirm = (users: string[]) => ({ kind: 'confirm', name: 'check', message: 'ok?', confirmers: { users } })
const approval = (users: string[]) => ({ kind: 'approval', name: 'gate', message: 'ok?', approvers: { users } })

beforeEach(async () => {
  app = await testApp()
  operator = await loginAs(app, 'operator', 'operator-demo-1')
}, 60_000)

describe('plan confirmers and approvers are users of the tenant', () => {
  it('refuses unknown and disabled users with a 400 naming the field; saves known ones', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/job-plans',
      headers: operator,
      payload: plan([confirm(['reviewer']), approval(['ghost', 'reviewer', 'nobody'])]),
    })
    expect(bad.statusCode, bad.body).toBe(400)
    expect(bad.json().error).toMatchObject({
      code: 'VALIDATION',
      message: 'steps[1].approvers.users: no user ghost, nobody in this tenant',
      details: [{ path: 'steps[1].approvers.users', message: 'no user ghost, nobody in this tenant' }],
    })

    await app.services.handle.query("update users set disabled = true where username = 'viewer'")
    const disabled = await app.inject({
      method: 'POST',
      url: '/api/job-plans',
      headers: operator,
      payload: plan([confirm(['viewer'])]),
    })
    expect(disabled.statusCode, disabled.body).toBe(400)
    expect(disabled.json().error.details).toEqual([
      { path: 'steps[0].confirmers.users', message: 'no user viewer in this tenant' },
    ])

    const ok = await app.inject({
      method: 'POST',
      url: '/api/job-plans',
      headers: operator,
      payload: plan([confirm(['reviewer']), approval(['operator'])]),
    })
    expect(ok.statusCode, ok.body).toBe(201)
    const id = ok.json().id as string
    const edit = await app.inject({
      method: 'PUT',
      url: `/api/job-plans/${id}`,
      headers: operator,
      payload: plan([confirm(['ghost'])]),
    })
    expect(edit.statusCode, edit.body).toBe(400)
    expect(edit.json().error.message).toBe('steps[0].confirmers.users: no user ghost in this tenant')
  }, 60_000)
})

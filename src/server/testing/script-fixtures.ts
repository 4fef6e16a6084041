import type { App } from '../app'
import { iamBody, iamToken, loginAs } from './test-app'
import { tenantWithAdmin } from './tenants'

/** A minimal valid create body; `patch` overrides top-level fields. */
export function scriptBody(patch: Record<string, unknown> = {}) {
  return {
    name: 'disk_check',
    type: 'SHELL',
    description: 'Checks disks',
    content: 'df -h\necho ${path}',
    properties: { risk_level: 'LOW', version: '1.0.0' },
    script_params: [
      { param_name: 'path', param_value: '/data', param_description: 'mount', param_order: 1, sensitive: false },
      {
        param_name: 'password',
        param_value: 'S3cret-pass',
        param_description: 'db password',
        param_order: 2,
        sensitive: true,
      },
    ],
    ...patch,
  }
}

/** A token-authenticated caller for /v1 routes. */
export async function cocClient(app: App, username = 'operator', password = 'operator-demo-1', project?: string) {
  const token = project
    ? ((await app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: iamBody(username, password, project) }))
        .headers['x-subject-token'] as string)
    : await iamToken(app, username, password)
  const headers = { 'x-auth-token': token }
  return {
    create: (body: unknown) => app.inject({ method: 'POST', url: '/v1/job/scripts', headers, payload: body as object }),
    list: (query = 'limit=100') => app.inject({ method: 'GET', url: `/v1/job/scripts?${query}`, headers }),
    get: (uuid: string) => app.inject({ method: 'GET', url: `/v1/job/scripts/${uuid}`, headers }),
    update: (uuid: string, body: unknown) =>
      app.inject({ method: 'PUT', url: `/v1/job/scripts/${uuid}`, headers, payload: body as object }),
    remove: (uuid: string) => app.inject({ method: 'DELETE', url: `/v1/job/scripts/${uuid}`, headers }),
    headers,
  }
}

/** Creates a second tenant `other` with its own admin and returns that admin's COC client. */
export async function otherTenant(app: App) {
  const { username, password } = await tenantWithAdmin(app, 'other')
  // Admins may pick any project at login, so name theirs explicitly.
  return cocClient(app, username, password, 'other')
}

/** The review links in a user's inbox, newest first. */
export async function inboxLinks(app: App, username: string, password: string) {
  const headers = await loginAs(app, username, password)
  const res = await app.inject({ method: 'GET', url: '/api/inbox?pageSize=50', headers })
  return {
    headers,
    items: res.json().items as { kind: string; link: string | null; title: string; body: string; read: boolean }[],
  }
}

/**
 * A HIGH-risk script with `reviewer` as its reviewer, approved by them through the review link in their inbox
 * (as a reviewer on a phone does); returns its uuid. `reviewerHeaders` is that reviewer's console session.
 */
export async function approvedHighRiskScript(app: App, reviewerHeaders: Record<string, string>, name: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/job/scripts',
    headers: { 'x-auth-token': await iamToken(app) },
    payload: {
      name,
      type: 'SHELL',
      description: `${name} test`,
      content: 'echo risky',
      properties: { risk_level: 'HIGH', version: '1', reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }] },
      script_params: [],
    },
  })
  if (res.statusCode !== 200) throw new Error(`script create answered ${res.statusCode}: ${res.body}`)
  await approveScriptReview(app, reviewerHeaders)
  return res.json().data as string
}

/** The reviewer approves the script review waiting in their inbox through its review link, as in the console. */
export async function approveScriptReview(app: App, reviewerHeaders: Record<string, string>) {
  const inbox = (
    await app.inject({ method: 'GET', url: '/api/inbox?page=1&pageSize=50', headers: reviewerHeaders })
  ).json() as { items: { kind: string; link: string | null }[] }
  const link = inbox.items.find((i) => i.kind === 'script.review-requested')!.link!.replace('/review/', '')
  const ok = await app.inject({
    method: 'POST',
    url: `/api/review-links/${link}/decision`,
    headers: reviewerHeaders,
    payload: { decision: 'approve', comment: 'ok' },
  })
  if (ok.statusCode !== 200) throw new Error(`review decision answered ${ok.statusCode}: ${ok.body}`)
}

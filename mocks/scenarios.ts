import { db, currentUser } from './db'
import type { Role } from '../src/contract/identity'
import { buildCmdb, buildHost } from './factories/cmdb'
import { buildStuckAlarm } from './factories/incidents'

/** Named scenario overrides for tests and `dev:mock`. */
export function setSignedIn(role: Role = 'platform_admin') {
  const user = db.users.find((u) => u.role === role)
  if (!user) throw new Error(`no mock user with role ${role}`)
  db.currentUserId = user.id
  return user
}

export function setSignedOut() {
  db.currentUserId = null
}

export function setAuditEntries(n: number) {
  const actor = currentUser()?.username ?? 'admin'
  db.audit = Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    at: new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString(),
    actor,
    action: i % 2 ? 'user.create' : 'session.login',
    targetType: 'user',
    targetId: null,
    before: null,
    after: { n: i },
    requestId: null,
  }))
}

/** A fleet of `n` demo hosts in the default business's idle module (every fifth one offline). */
export function setCmdbFleet(n: number) {
  db.cmdb = buildCmdb({ idleHosts: 0 })
  const [biz] = db.cmdb.businesses
  const place = { biz, set: db.cmdb.sets[0], module: db.cmdb.modules[0] }
  db.cmdb.hosts = Array.from({ length: n }, (_, i) =>
    buildHost(place, {
      name: `demo-host-${String(i + 1).padStart(2, '0')}`,
      agentStatus: i % 5 === 4 ? 'offline' : 'online',
    }),
  )
}

/**
 * A fleet of `n` hosts (5,000 in the scale tests) in the Mall business: odd ones in module nginx, even ones in web,
 * every third one online; host-<i> at 10.20.<i / 256>.<i % 256>.
 */
export function setLargeFleet(n: number) {
  db.cmdb = buildCmdb({ idleHosts: 0 })
  const [, mall] = db.cmdb.businesses
  const set = db.cmdb.sets.find((s) => s.name === 'frontend')!
  const nginx = db.cmdb.modules.find((m) => m.name === 'nginx')!
  const web = db.cmdb.modules.find((m) => m.name === 'web')!
  db.cmdb.hosts = Array.from({ length: n }, (_, k) => {
    const i = k + 1
    return buildHost(
      { biz: mall, set, module: i % 2 ? nginx : web },
      {
        name: `host-${i}`,
        innerIp: largeFleetIp(i),
        agentStatus: i % 3 === 0 ? 'online' : 'offline',
      },
    )
  })
}
export const largeFleetIp = (i: number) => `10.20.${Math.floor(i / 256)}.${i % 256}`

/** `n` alarms the webhook accepted that could not be turned into incidents (the folder gave up on them). */
export function setStuckAlarms(n: number) {
  db.stuckAlarms = Array.from({ length: n }, () => buildStuckAlarm())
  return db.stuckAlarms
}

/** Empties the script library. */
export function setScriptListEmpty() {
  db.scripts = []
}

/** A review link for `reviewer` on the pending mock script `wipe_root` (issued as the BFF would on submit). */
export function makeReviewLink(reviewer = 'reviewer') {
  const s = db.scripts.find((x) => x.detail.status === 'PENDING_APPROVE')
  if (!s) throw new Error('no pending mock script')
  const user = db.users.find((u) => u.username === reviewer)!
  if (!s.reviews.some((r) => r.reviewerName === reviewer && r.revision === s.reviewRevision)) {
    s.reviews.push({
      reviewerId: user.id,
      reviewerName: reviewer,
      revision: s.reviewRevision,
      decision: 'pending',
      comment: '',
      decidedAt: null,
    })
  }
  const token = `${crypto.randomUUID()}.mock.${'m'.repeat(22)}`
  db.reviewLinks.push({ token, scriptUuid: s.detail.script_uuid, reviewer, revision: s.reviewRevision, used: false })
  return { token, script: s }
}

/** Live tickets advance one step per detail read (at most every 1.5 s); off in tests so pages hold still. */
export function setExecutionsTicking(on = true) {
  db.executionTicking = on
}

/** Makes the next console execution start fail with this status and console error (one-off, like a BFF refusal). */
export function makeExecutionStartFail(status = 409, message = 'The agent pool is busy, try again') {
  db.executionStartFailure = { status, message }
}

/** A job plan in the mock: script → confirmation → script (or the given steps), on two demo hosts. */
export function makeJobPlan(overrides: Partial<import('../src/contract/job-plans').JobPlan> = {}) {
  const script = db.scripts.find((s) => s.detail.status === 'APPROVED')!.detail.script_uuid
  const now = new Date().toISOString()
  const plan: import('../src/contract/job-plans').JobPlan = {
    id: crypto.randomUUID(),
    name: 'deploy_app',
    description: 'push, check, restart',
    hosts: db.cmdb.hosts.slice(0, 2).map((h) => h.resourceId),
    variables: [
      { name: 'env', type: 'text', description: '', default: 'test', required: true, allowed: ['test', 'prod'] },
    ],
    steps: [
      {
        kind: 'script',
        name: 'install',
        scriptUuid: script,
        params: [],
        hosts: {},
        batching: { mode: 'size', size: 10, expression: '', pauseAfterEach: false },
        timeout: 300,
        executeUser: 'root',
        ignoreErrors: false,
      },
      { kind: 'confirm', name: 'check', message: 'Check the dashboards', confirmers: { users: [], roles: [] } },
      {
        kind: 'script',
        name: 'smoke',
        scriptUuid: script,
        params: [],
        hosts: {},
        batching: { mode: 'size', size: 10, expression: '', pauseAfterEach: false },
        timeout: 300,
        executeUser: 'root',
        ignoreErrors: false,
      },
    ],
    version: 1,
    status: 'active',
    creatorName: 'operator',
    updatedBy: 'operator',
    createdAt: now,
    updatedAt: now,
    ...overrides,
  }
  db.jobPlans.unshift(plan)
  return plan
}

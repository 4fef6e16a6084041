import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { AGENT_CLOSE, AGENT_PROTOCOL_VERSION, AGENT_SN_HEADER, AGENT_WS_PATH } from '../../contract/agents'
import type { App } from '../app'
import { waitFor } from '../testing/agent-process'
import { loginAs, testApp } from '../testing/test-app'

/** Gateway rules checked with hand-written protocol clients (no agent process). */
async function setup() {
  const app = await testApp()
  await app.listen({ port: 0, host: '127.0.0.1' })
  const admin = await loginAs(app)
  const token = (
    await app.inject({ method: 'POST', url: '/api/agent-tokens', headers: admin, payload: { description: 'proto' } })
  ).json()
  return {
    app,
    admin,
    token: token.token as string,
    tokenId: token.id as string,
    url: `ws://127.0.0.1:${(app.server.address() as { port: number }).port}${AGENT_WS_PATH}`,
  }
}

/** A hand-written agent: `credential` is an enrollment token, or an agent's own secret with its agent_sn. */
function connect(url: string, credential: string | { sn: string; secret: string }) {
  const headers =
    typeof credential === 'string'
      ? { authorization: `Bearer ${credential}` }
      : { authorization: `Bearer ${credential.secret}`, [AGENT_SN_HEADER]: credential.sn }
  const ws = new WebSocket(url, { headers })
  const messages: { type: string; credential?: string }[] = []
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  /** The HTTP status when the upgrade itself is refused. */
  const refused = new Promise<number>((resolve) => ws.on('unexpected-response', (_q, res) => resolve(res.statusCode!)))
  ws.on('error', () => {})
  ws.on('message', (raw) => messages.push(JSON.parse(raw.toString())))
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()))
  const hello = async (agentSn: string, ips = ['10.1.1.1']) => {
    await opened
    ws.send(
      JSON.stringify({
        type: 'hello',
        protocol: AGENT_PROTOCOL_VERSION,
        agentSn,
        hostname: agentSn,
        ips,
        os: 'linux',
        osName: 'Test OS',
        arch: 'x64',
        version: 'test',
        isRoot: false,
      }),
    )
    await waitFor(() => messages.some((m) => m.type === 'welcome') || ws.readyState !== WebSocket.OPEN, 5000, 'welcome')
    return messages.find((m) => m.type === 'welcome')?.credential
  }
  return { ws, messages, closed, refused, opened, hello }
}

const status = async (app: App, sn: string) =>
  (
    await app.services.handle.query<{ agent_status: string }>(
      'select agent_status from cmdb_hosts where agent_sn = $1',
      [sn],
    )
  )[0]?.agent_status

describe('agent gateway protocol', { timeout: 90_000 }, () => {
  it("lets a new connection with the agent's own secret replace an old one without marking it offline", async () => {
    const { app, token, url } = await setup()
    const first = connect(url, token)
    const secret = await first.hello('dup-sn')
    expect(secret).toMatch(/^ocs_/)
    const second = connect(url, { sn: 'dup-sn', secret: secret! })
    expect(await second.hello('dup-sn')).toBeUndefined() // the secret is handed out once, at enrollment
    expect(await first.closed).toBe(AGENT_CLOSE.replaced)
    expect(app.services.agentGateway.isConnected('dup-sn')).toBe(true)
    expect(await status(app, 'dup-sn')).toBe('online')
    second.ws.close()
    await waitFor(async () => (await status(app, 'dup-sn')) === 'offline', 3000, 'offline')
  })

  it('closes on a malformed first message and on an agent_sn owned by another tenant', async () => {
    const { app, admin, token, url } = await setup()
    const bad = connect(url, token)
    await bad.opened
    bad.ws.send('{"type":"heartbeat","seq":1,"running":0}')
    expect(await bad.closed).toBe(AGENT_CLOSE.rejected)

    const tenant = (
      await app.inject({ method: 'POST', url: '/api/tenants', headers: admin, payload: { name: 'other' } })
    ).json()
    const other = await app.services.agentTokens.create(
      { userId: null, username: 'test', tenantId: tenant.id },
      { description: 'other' },
    )
    const owner = connect(url, token)
    await owner.hello('shared-sn')
    const thief = connect(url, other.token)
    await thief.hello('shared-sn')
    expect(await thief.closed).toBe(AGENT_CLOSE.unauthorized)
    expect(app.services.agentGateway.isConnected('shared-sn')).toBe(true)
    // A host registered before agents had credentials, in another tenant: still not claimable across tenants.
    await app.services.handle.query(
      `insert into cmdb_hosts (tenant_id, module_id, name, agent_sn)
       select tenant_id, module_id, 'legacy', 'legacy-sn' from cmdb_hosts where agent_sn = 'shared-sn'`,
    )
    const cross = connect(url, other.token)
    await cross.hello('legacy-sn')
    expect(await cross.closed).toBe(AGENT_CLOSE.rejected)
  })

  it('attack: an enrollment token cannot take over an enrolled agent_sn; the attempt is audited', async () => {
    const { app, token, url } = await setup()
    const owner = connect(url, token)
    const secret = await owner.hello('victim-sn', ['10.0.0.5'])
    const audit = async (action: string) =>
      (
        await app.services.handle.query<{ n: number }>(
          'select count(*)::int as n from audit_log where action = $1 and target_id = $2',
          [action, 'victim-sn'],
        )
      )[0]!.n
    expect(await audit('agent.enroll')).toBe(1)
    // The attacker holds a valid enrollment token of the same tenant and the agent_sn (readable in /v1/resources).
    const thief = connect(url, token)
    expect(await thief.hello('victim-sn', ['6.6.6.6'])).toBeUndefined()
    expect(await thief.closed).toBe(AGENT_CLOSE.unauthorized)
    expect(thief.messages).toContainEqual({
      type: 'error',
      message: 'this agent_sn is already enrolled: connect with its own credential',
    })
    // The owner's session lives on, and the host's facts are untouched.
    expect(owner.ws.readyState).toBe(WebSocket.OPEN)
    expect(app.services.agentGateway.isConnected('victim-sn')).toBe(true)
    const [host] = await app.services.handle.query<{ inner_ip: string }>(
      'select inner_ip from cmdb_hosts where agent_sn = $1',
      ['victim-sn'],
    )
    expect(host!.inner_ip).toBe('10.0.0.5')
    expect(await audit('agent.takeover-refused')).toBe(1)
    // A guessed or another agent's secret is refused at the upgrade, before any WebSocket exists.
    expect(await connect(url, { sn: 'victim-sn', secret: 'ocs_guessed' }).refused).toBe(401)
    const other = await connect(url, token).hello('other-sn')
    expect(await connect(url, { sn: 'victim-sn', secret: other! }).refused).toBe(401)
    // The right secret, but a hello for another agent_sn.
    const confused = connect(url, { sn: 'victim-sn', secret: secret! })
    await confused.hello('other-sn')
    expect(await confused.closed).toBe(AGENT_CLOSE.rejected)
  })

  it('re-enrolls a host registered before agents had credentials, once, and audits it', async () => {
    const { app, token, url } = await setup()
    await connect(url, token).hello('seed-sn')
    await app.services.handle.query(
      `insert into cmdb_hosts (tenant_id, module_id, name, agent_sn)
       select tenant_id, module_id, 'old-host', 'old-sn' from cmdb_hosts where agent_sn = 'seed-sn'`,
    )
    const old = connect(url, token)
    expect(await old.hello('old-sn')).toMatch(/^ocs_/)
    const [row] = await app.services.handle.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'agent.re-enroll' and target_id = 'old-sn'",
    )
    expect(row!.n).toBe(1)
    const twice = connect(url, token)
    await twice.hello('old-sn')
    expect(await twice.closed).toBe(AGENT_CLOSE.unauthorized)
  })

  it('attack: a revoked agent is disconnected and refused, with its secret and with a token', async () => {
    const { app, admin, token, url } = await setup()
    const agent = connect(url, token)
    const secret = await agent.hello('revoked-sn')
    const viewer = await loginAs(app, 'viewer', 'viewer-demo-1')
    const denied = await app.inject({ method: 'POST', url: '/api/agents/revoked-sn/revoke', headers: viewer })
    expect(denied.statusCode).toBe(403)
    const res = await app.inject({ method: 'POST', url: '/api/agents/revoked-sn/revoke', headers: admin })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ agentSn: 'revoked-sn', revokedBy: 'admin' })
    expect(JSON.stringify(res.json())).not.toContain('ocs_')
    expect(await agent.closed).toBe(AGENT_CLOSE.unauthorized)
    expect(await connect(url, { sn: 'revoked-sn', secret: secret! }).refused).toBe(401)
    const again = connect(url, token)
    await again.hello('revoked-sn')
    expect(await again.closed).toBe(AGENT_CLOSE.unauthorized)
    const cred = await app.inject({ method: 'GET', url: '/api/agents/revoked-sn/credential', headers: admin })
    expect(cred.json().revokedAt).not.toBeNull()
    expect(
      (await app.inject({ method: 'POST', url: '/api/agents/revoked-sn/revoke', headers: admin })).statusCode,
    ).toBe(404)
    const [entry] = await app.services.handle.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'agent.revoke' and target_id = 'revoked-sn'",
    )
    expect(entry!.n).toBe(1)
  })

  it('revoking an enrollment token stops enrollments with it; enrolled agents keep their own credentials', async () => {
    const { app, admin, token, tokenId, url } = await setup()
    const agent = connect(url, token)
    const secret = await agent.hello('kept-sn')
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/agent-tokens/${tokenId}`, headers: admin })).statusCode,
    ).toBe(200)
    expect(await connect(url, token).refused).toBe(401)
    const back = connect(url, { sn: 'kept-sn', secret: secret! })
    expect(await back.hello('kept-sn')).toBeUndefined()
    expect(back.ws.readyState).toBe(WebSocket.OPEN)
    expect(app.services.agentGateway.isConnected('kept-sn')).toBe(true)
  })

  it('marks agents without heartbeats OFFLINE on the sweep', async () => {
    const { app, token, url } = await setup()
    const agent = connect(url, token)
    await agent.hello('silent-sn')
    // No heartbeat is ever sent: a sweep past the window closes the session and the host goes OFFLINE.
    await app.services.agentGateway.tick(Date.now() + app.services.agentGateway.offlineAfterMs + 1000)
    expect(await agent.closed).toBe(AGENT_CLOSE.stale)
    await waitFor(async () => (await status(app, 'silent-sn')) === 'offline', 3000, 'offline')
  })
})

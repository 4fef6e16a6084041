import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { AGENT_CLOSE, AGENT_PROTOCOL_VERSION, AGENT_WS_PATH } from '../../contract/agents'
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

function connect(url: string, token: string) {
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } })
  const messages: { type: string }[] = []
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  ws.on('message', (raw) => messages.push(JSON.parse(raw.toString())))
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()))
  const hello = async (agentSn: string) => {
    await opened
    ws.send(
      JSON.stringify({
        type: 'hello',
        protocol: AGENT_PROTOCOL_VERSION,
        agentSn,
        hostname: agentSn,
        ips: ['10.1.1.1'],
        os: 'linux',
        osName: 'Test OS',
        arch: 'x64',
        version: 'test',
        isRoot: false,
      }),
    )
    await waitFor(() => messages.some((m) => m.type === 'welcome') || ws.readyState !== WebSocket.OPEN, 5000, 'welcome')
  }
  return { ws, messages, closed, opened, hello }
}

const status = async (app: App, sn: string) =>
  (
    await app.services.handle.query<{ agent_status: string }>(
      'select agent_status from cmdb_hosts where agent_sn = $1',
      [sn],
    )
  )[0]?.agent_status

describe('agent gateway protocol', () => {
  it('lets a new connection replace an old one for the same agent_sn without marking it offline', async () => {
    const { app, token, url } = await setup()
    const first = connect(url, token)
    await first.hello('dup-sn')
    const second = connect(url, token)
    await second.hello('dup-sn')
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
    expect(await thief.closed).toBe(AGENT_CLOSE.rejected)
    expect(app.services.agentGateway.isConnected('shared-sn')).toBe(true)
  })

  it('disconnects the agents of a revoked token', async () => {
    const { app, admin, token, tokenId, url } = await setup()
    const agent = connect(url, token)
    await agent.hello('revoked-sn')
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/agent-tokens/${tokenId}`, headers: admin })).statusCode,
    ).toBe(200)
    expect(await agent.closed).toBe(AGENT_CLOSE.unauthorized)
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

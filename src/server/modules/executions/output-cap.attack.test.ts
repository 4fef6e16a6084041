import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { AGENT_PROTOCOL_VERSION, AGENT_WS_PATH, OUTPUT_CAP_BYTES } from '../../../contract/agents'
import { waitFor } from '../../testing/agent-process'
import { iamToken, testApp } from '../../testing/test-app'

/**
 * Attack: a modified agent ignores the 1 MB cap and streams 4.5 MB for one host. A raw WebSocket client
 * speaks the protocol (enroll, ack the run, flood output, exit 0); the server keeps at most 1 MB, marks the
 * log truncated, tells the agent to stop, and does not report the host FINISHED.
 */
describe('server-side output cap', () => {
  it('truncates and stops a run whose agent sends more than 1 MB', { timeout: 120_000 }, async () => {
    const app = await testApp({ demoSeed: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const url = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}${AGENT_WS_PATH}`
    const tenant = await app.services.identityRepo.tenantByName('default')
    const { token } = await app.services.agentTokens.create(
      { userId: null, username: 'test', tenantId: tenant!.id },
      { description: 'rogue' },
    )
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } })
    const received: { type: string; command?: { commandId: string }; commandId?: string }[] = []
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString())
      received.push(msg)
      if (msg.type !== 'run') return
      const commandId = msg.command.commandId
      ws.send(JSON.stringify({ type: 'ack', commandId, accepted: true }))
      const chunk = 'x'.repeat(512 * 1024)
      for (let i = 0; i < 9; i++) ws.send(JSON.stringify({ type: 'output', commandId, stream: 'stdout', data: chunk }))
      ws.send(
        JSON.stringify({
          type: 'exit',
          commandId,
          exitCode: 0,
          signal: null,
          timedOut: false,
          canceled: false,
          truncated: false,
          durationMs: 10,
        }),
      )
    })
    await new Promise((r) => ws.on('open', r))
    ws.send(
      JSON.stringify({
        type: 'hello',
        protocol: AGENT_PROTOCOL_VERSION,
        agentSn: 'rogue-sn',
        hostname: 'rogue',
        ips: ['10.9.9.9'],
        os: 'linux',
        osName: 'Rogue OS',
        arch: 'x64',
        version: 'evil',
        isRoot: true,
      }),
    )
    await waitFor(() => received.some((m) => m.type === 'welcome'), 10_000, 'welcome')
    const [host] = await app.services.handle.query<{ resource_id: string }>(
      "select resource_id from cmdb_hosts where agent_sn = 'rogue-sn'",
    )
    const headers = { 'x-auth-token': await iamToken(app) }
    const created = await app.inject({
      method: 'POST',
      url: '/v1/job/scripts',
      headers,
      payload: {
        name: 'chatty',
        type: 'SHELL',
        description: 'x',
        content: 'yes',
        properties: { risk_level: 'LOW', version: '1' },
      },
    })
    expect(created.statusCode, created.body).toBe(200)
    const run = await app.inject({
      method: 'POST',
      url: `/v1/job/scripts/${created.json().data}`,
      headers,
      payload: {
        execute_param: { timeout: 60, execute_user: 'root', success_rate: 100 },
        execute_batches: [
          {
            batch_index: 1,
            rotation_strategy: 'CONTINUE',
            target_instances: [{ resource_id: host!.resource_id, region_id: 'local' }],
          },
        ],
      },
    })
    expect(run.statusCode, run.body).toBe(200)
    const uuid = run.json().data as string
    const order = async () =>
      (await app.inject({ method: 'GET', url: `/v1/job/script/orders/${uuid}`, headers })).json()
    await waitFor(async () => (await order()).data.status === 'ABNORMAL', 60_000, 'ticket ABNORMAL')
    const [inst] = await app.services.handle.query<{ bytes: number; log_truncated: boolean; message: string }>(
      'select octet_length(log) as bytes, log_truncated, message from execution_instances',
    )
    expect(inst!.bytes).toBeLessThanOrEqual(OUTPUT_CAP_BYTES)
    expect(inst!.bytes).toBeGreaterThan(OUTPUT_CAP_BYTES - 1024)
    expect(inst!.log_truncated).toBe(true)
    expect(inst!.message).toMatch(/output over the 1 MB cap/)
    expect(received.some((m) => m.type === 'cancel')).toBe(true)
    ws.close()
  })
})

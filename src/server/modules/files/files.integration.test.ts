import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../app'
import type { DbHandle } from '../../db/client'
import { fileLink } from '../../lib/file-links'
import { Keyring } from '../../lib/keyring'
import { type AgentProcess, waitFor } from '../../testing/agent-process'
import { connectAgents } from '../../testing/listening-app'
import { iamToken, loginAs } from '../../testing/test-app'
import { streamedUpload } from '../../testing/streamed-upload'
import { testDb } from '../../testing/test-db'

/**
 * File distribution with real agents: uploads into the library (console and API), pushes as tickets (the BlueKing
 * fast_push_file and the console route), files landing with the right mode, owner and SHA-256, source hosts, the
 * agent's refusal to write through a symlink, retry of the failed host, and a 200 MB file streamed end to end.
 */
const keyring = new Keyring(randomBytes(32))
const tag = randomBytes(4).toString('hex')
const SNS = [`fp${tag}a`, `fp${tag}b`]
const IPS = ['127.30.0.1', '127.30.0.2']
const APP = { bk_app_code: 'push_test', bk_app_secret: 'push-test-secret-0123456789', bk_username: 'admin' }
const work = path.join(os.tmpdir(), `oc-push-${tag}`)
let db: DbHandle
let app: App
let port = 0
let bizId = 0
let agents: AgentProcess[] = []
let token = ''

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')
const bk = async (api: string, params: object) =>
  (await app.inject({ method: 'POST', url: `/api/c/compapi/v2/job/${api}/`, payload: { ...APP, ...params } })).json()

const upload = (file: string, name: string, headers: Record<string, string>) =>
  streamedUpload(port, file, name, headers)

async function finished(id: number) {
  return waitFor(
    async () => {
      const r = await bk('get_job_instance_status', { bk_biz_id: bizId, job_instance_id: id })
      return r.data?.is_finished ? r.data : undefined
    },
    120_000,
    `job ${id}`,
  )
}

beforeAll(async () => {
  mkdirSync(work, { recursive: true })
  db = await testDb()
  app = await buildApp({
    db,
    keyring,
    print: () => {},
    config: {
      adminBootstrap: 'admin:admin-test-pw',
      bkAppBootstrap: `${APP.bk_app_code}:${APP.bk_app_secret}`,
      demoSeed: false,
      staticDir: undefined,
      dataDir: path.join(work, 'data'),
      agentHeartbeatSec: 0.2,
      agentMissedBeats: 5,
    },
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  port = (app.server.address() as { port: number }).port
  agents = await connectAgents(
    app,
    port,
    SNS.map((sn, i) => ({ sn, ip: IPS[i] })),
    'fp',
  )
  token = await iamToken(app, 'admin', 'admin-test-pw')
  const res = await app.inject({
    method: 'GET',
    url: '/v1/resources?provider=ecs&type=cloudservers&limit=50',
    headers: { 'x-auth-token': token },
  })
  bizId = res.json().data.find((r: { inner_ip: string }) => r.inner_ip === IPS[0]).properties.bk_biz_id
}, 180_000)

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()))
  await app?.close()
  await db?.close()
  rmSync(work, { recursive: true, force: true })
})

describe('file distribution with real agents', () => {
  it('uploads in the console, pushes with fast_push_file, and the file lands with its mode, owner and sha256', async () => {
    const src = path.join(work, 'app.conf')
    writeFileSync(src, 'listen 8080\n')
    const session = await loginAs(app, 'admin', 'admin-test-pw')
    const up = await upload(src, 'app.conf', session)
    expect(up.status).toBe(201)
    expect(up.body).toMatchObject({ size: 12, sha256: sha('listen 8080\n') })
    const list = await app.inject({ method: 'GET', url: '/api/files', headers: session })
    expect(list.json().items.map((f: { name: string }) => f.name)).toContain('app.conf')

    const target = path.join(work, 'out-[FILESRCIP]')
    const run = await bk('fast_push_file', {
      bk_biz_id: bizId,
      account: 'root',
      file_target_path: `${target}/`,
      file_source: [{ files: ['app.conf'], file_type: 2, account: 'root' }],
      ip_list: IPS.map((ip) => ({ bk_cloud_id: 0, ip })),
      file_mode: '640',
      file_owner: 'nobody',
    })
    expect(run, JSON.stringify(run)).toMatchObject({ result: true, code: 0 })
    const status = await finished(run.data.job_instance_id)
    expect(status.job_instance.status, JSON.stringify(status)).toBe(3)
    expect(status.blocks[0].type).toBe(2)
    const landed = path.join(work, 'out-console', 'app.conf')
    const st = statSync(landed)
    expect(st.mode & 0o777).toBe(0o640)
    expect(sha(readFileSync(landed))).toBe(up.body.sha256)
    expect(st.uid).toBe(Number(execFileSync('id', ['-u', 'nobody']).toString().trim()))
    const log = await bk('get_job_instance_log', { bk_biz_id: bizId, job_instance_id: run.data.job_instance_id })
    const logs = log.data[0].step_results[0].ip_logs
    expect(logs).toHaveLength(2)
    expect(logs[0].log_content).toMatch(/\[push\] app\.conf: .* MiB\/s\), sha256 [0-9a-f]{64} ok, mode 640/)
  })

  it('pushes from source hosts as seed 002’s example does (REGEX source, [FILESRCIP] target)', async () => {
    const srcDir = path.join(work, 'src')
    mkdirSync(srcDir, { recursive: true })
    writeFileSync(path.join(srcDir, 'a.txt'), 'alpha\n')
    writeFileSync(path.join(srcDir, 'b.txt'), 'beta\n')
    writeFileSync(path.join(srcDir, 'C1.txt'), 'not matched\n')
    const run = await bk('fast_push_file', {
      bk_app_code: APP.bk_app_code,
      bk_app_secret: APP.bk_app_secret,
      bk_token: 'xxx',
      bk_biz_id: bizId,
      file_target_path: `${path.join(work, 'seed', '[FILESRCIP]')}/`,
      file_source: [
        {
          files: [`${srcDir}/REGEX:[a-z]*.txt`],
          account: 'root',
          ip_list: [{ bk_cloud_id: 0, ip: IPS[0] }],
        },
      ],
      ip_list: IPS.map((ip) => ({ bk_cloud_id: 0, ip })),
      account: 'root',
    })
    expect(run, JSON.stringify(run)).toMatchObject({ result: true })
    const status = await finished(run.data.job_instance_id)
    expect(status.job_instance.status, JSON.stringify(status)).toBe(3)
    expect(readFileSync(path.join(work, 'seed', IPS[0]!, 'a.txt'), 'utf8')).toBe('alpha\n')
    expect(readFileSync(path.join(work, 'seed', IPS[0]!, 'b.txt'), 'utf8')).toBe('beta\n')
    expect(existsSync(path.join(work, 'seed', IPS[0]!, 'C1.txt'))).toBe(false)
    const lib = await app.inject({ method: 'GET', url: '/api/files?q=a.txt', headers: { 'x-auth-token': token } })
    expect(lib.json().items[0]).toMatchObject({ name: 'a.txt', source: 'host' })
  })

  it('refuses to write through a symlinked target dir, then a retry of the failed host succeeds', async () => {
    const good = path.join(work, 'real')
    mkdirSync(good, { recursive: true })
    const trap = path.join(work, 'trap')
    symlinkSync(good, trap)
    const src = path.join(work, 'small.bin')
    writeFileSync(src, randomBytes(1000))
    const up = await upload(src, 'small.bin', { 'x-auth-token': token })
    const session = await loginAs(app, 'admin', 'admin-test-pw')
    const hosts = await app.services.handle.query<{ resource_id: string }>(
      'select resource_id from cmdb_hosts where agent_sn = $1',
      [SNS[0]],
    )
    const res = await app.inject({
      method: 'POST',
      url: '/api/files/push',
      headers: session,
      payload: { fileIds: [up.body.id], targetDir: trap, mode: '600', resourceIds: [hosts[0]!.resource_id] },
    })
    expect(res.statusCode, res.body).toBe(201)
    const uuid = res.json().executeUuid
    const detail = () =>
      app.inject({ method: 'GET', url: `/api/executions/${uuid}`, headers: session }).then((r) => r.json())
    await waitFor(async () => (await detail()).status === 'ABNORMAL', 60_000, 'push refused')
    const inst = await app.inject({ method: 'GET', url: `/api/executions/${uuid}/instances`, headers: session })
    expect(inst.json().items[0].message).toMatch(/symlink/)
    expect(existsSync(path.join(good, 'small.bin'))).toBe(false)
    // Fix the host, then retry the failed host on the same ticket.
    rmSync(trap)
    mkdirSync(trap)
    const retry = await app.inject({
      method: 'POST',
      url: `/api/executions/${uuid}/operations`,
      headers: session,
      payload: { operation: 'RETRY_FAILED' },
    })
    expect(retry.statusCode, retry.body).toBe(200)
    await waitFor(async () => (await detail()).status === 'FINISHED', 60_000, 'retry finished')
    expect(sha(readFileSync(path.join(trap, 'small.bin')))).toBe(up.body.sha256)
  })

  it('streams a 200 MB file: upload and push keep the BFF’s memory well below the file size', async () => {
    const big = path.join(work, 'big.bin')
    const MB = 1024 * 1024
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(big)
      const chunk = randomBytes(MB)
      let i = 0
      const write = () => {
        while (i < 200) {
          chunk.writeUInt32LE(i++, 0)
          if (!out.write(Buffer.from(chunk))) return void out.once('drain', write)
        }
        out.end(resolve)
      }
      out.on('error', reject)
      write()
    })
    const expected = await new Promise<string>((resolve) => {
      const h = createHash('sha256')
      createReadStream(big)
        .on('data', (d) => h.update(d))
        .on('end', () => resolve(h.digest('hex')))
    })
    global.gc?.()
    const base = process.memoryUsage().rss
    let peak = base
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 20)
    try {
      const up = await upload(big, 'big.bin', { 'x-auth-token': token })
      expect(up.status).toBe(201)
      expect(up.body).toMatchObject({ size: 200 * MB, sha256: expected })
      const out = path.join(work, 'big-out')
      const run = await bk('fast_push_file', {
        bk_biz_id: bizId,
        account: 'root',
        file_target_path: out,
        file_source: [{ files: [up.body.id], file_type: 2 }],
        ip_list: [{ bk_cloud_id: 0, ip: IPS[1] }],
      })
      const status = await finished(run.data.job_instance_id)
      expect(status.job_instance.status).toBe(3)
      const landed = await new Promise<string>((resolve) => {
        const h = createHash('sha256')
        createReadStream(path.join(out, 'big.bin'))
          .on('data', (d) => h.update(d))
          .on('end', () => resolve(h.digest('hex')))
      })
      expect(landed).toBe(expected)
    } finally {
      clearInterval(sampler)
    }
    // The test process holds the BFF (and this test's own streams): 200 MB through it must not show up as RSS.
    expect(peak - base).toBeLessThan(40 * MB)
  }, 240_000)

  it('honours a download link only for its agent, with that agent’s credential, before it expires', async () => {
    const src = path.join(work, 'secret.bin')
    writeFileSync(src, 'top secret\n')
    const up = await upload(src, 'secret.bin', { 'x-auth-token': token })
    const link = fileLink(keyring, up.body.id, SNS[0]!)
    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })
    expect((await get(link)).statusCode).toBe(403)
    const wrong = { authorization: 'Bearer ocs_not-the-secret', 'x-agent-sn': SNS[0]! }
    expect((await get(link, wrong)).statusCode).toBe(403)
    const secret = readFileSync(path.join(agents[0]!.workDir, 'agent.secret'), 'utf8').trim()
    const mine = { authorization: `Bearer ${secret}`, 'x-agent-sn': SNS[0]! }
    const ok = await get(link, mine)
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toBe('top secret\n')
    // Another agent's credential does not open this agent's link; a tampered or expired link opens nothing.
    expect((await get(link, { ...mine, 'x-agent-sn': SNS[1]! })).statusCode).toBe(403)
    expect((await get(link.replace(/sig=[^&]+/, 'sig=AAAA'), mine)).statusCode).toBe(403)
    expect((await get(fileLink(keyring, up.body.id, SNS[0]!, Date.now() - 16 * 60_000), mine)).statusCode).toBe(403)
  })

  it('refuses an upload over FILE_MAX_MB with 413 and keeps nothing', async () => {
    const limits = (app.services.files as unknown as { opts: { fileMaxBytes: number } }).opts
    limits.fileMaxBytes = 1024
    try {
      const src = path.join(work, 'over.bin')
      writeFileSync(src, randomBytes(4096))
      const up = await upload(src, 'over.bin', { 'x-auth-token': token })
      expect(up.status).toBe(413)
      const lib = await app.inject({ method: 'GET', url: '/api/files?q=over.bin', headers: { 'x-auth-token': token } })
      expect(lib.json().total).toBe(0)
    } finally {
      limits.fileMaxBytes = 1024 * 1024 * 1024
    }
  })
})

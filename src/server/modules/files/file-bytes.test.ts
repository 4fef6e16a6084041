import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { App } from '../../app'
import { fileLink } from '../../lib/file-links'
import { Keyring } from '../../lib/keyring'
import { loginAs, testApp } from '../../testing/test-app'
import { replicaApp, testReplicaDbs } from '../../testing/test-replicas'
import { CHUNK_BYTES } from './files.service'

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

async function upload(app: App, name: string, bytes: Buffer) {
  const res = await app.inject({
    method: 'PUT',
    url: `/api/files?name=${name}`,
    headers: { ...(await loginAs(app, 'operator', 'operator-demo-1')), 'content-type': 'application/octet-stream' },
    payload: bytes,
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; size: number; sha256: string }
}

/** An enrolled agent of the default tenant: its agent_sn and secret, as a push's target host has them. */
async function enrolledAgent(app: App, agentSn: string) {
  const s = app.services
  const [tenant] = await s.handle.query<{ id: string }>("select id from tenants where name = 'default'")
  await s.agentTokens.create({ userId: null, username: 'files-test', tenantId: tenant!.id }, { description: 'files' })
  const [token] = await s.handle.query<{ id: string }>('select id from agent_tokens order by created_at desc limit 1')
  const enrolled = await s.db.transaction((tx) => s.agentCredentials.enroll(tx, agentSn, tenant!.id, token!.id))
  if (!enrolled.ok) throw new Error(`not enrolled: ${enrolled.reason}`)
  return { agentSn, secret: enrolled.secret }
}

/** What an agent downloads through a signed link from `app`. */
async function download(app: App, fileId: string, agent: { agentSn: string; secret: string }) {
  const res = await app.inject({
    method: 'GET',
    url: fileLink(app.services.keyring, fileId, agent.agentSn),
    headers: { authorization: `Bearer ${agent.secret}`, 'x-agent-sn': agent.agentSn },
  })
  return res
}

const chunkRows = async (app: App, fileId: string) =>
  (
    await app.services.handle.query<{ n: number }>(
      `select count(c.*)::int n from stored_files f left join stored_file_chunks c on c.storage_key = f.storage_key
       where f.id = $1`,
      [fileId],
    )
  )[0]!.n

describe('file library bytes in PostgreSQL', () => {
  it('stores an upload in chunks and gives back exactly its bytes, at every size around a chunk', async () => {
    const app = await testApp()
    const agent = await enrolledAgent(app, 'bytes-agent-1')
    for (const size of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, Math.floor(2.5 * CHUNK_BYTES)]) {
      const bytes = randomBytes(size)
      const file = await upload(app, `f-${size}.bin`, bytes)
      expect(file).toMatchObject({ size, sha256: sha256(bytes) })
      expect(await chunkRows(app, file.id), `rows for ${size} bytes`).toBe(Math.ceil(size / CHUNK_BYTES))
      const res = await download(app, file.id, agent)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-length']).toBe(String(size))
      expect(sha256(res.rawPayload), `bytes of a ${size}-byte file`).toBe(sha256(bytes))
    }
  })

  it('answers 413 to a streamed upload that outgrows the cap and keeps none of its bytes', async () => {
    const app = await testApp({ config: { fileMaxBytes: 2 * CHUNK_BYTES } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }
    const session = await loginAs(app, 'operator', 'operator-demo-1')
    // No Content-Length (chunked, as a client streaming a file of unknown size): the cap is found mid-stream.
    const parts = [randomBytes(CHUNK_BYTES), randomBytes(CHUNK_BYTES), randomBytes(CHUNK_BYTES)]
    const res = await fetch(`http://127.0.0.1:${port}/api/files?name=big.bin`, {
      method: 'PUT',
      headers: { ...session, 'content-type': 'application/octet-stream' },
      body: new ReadableStream({
        pull(ctrl) {
          const next = parts.shift()
          if (next) ctrl.enqueue(next)
          else ctrl.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(res.headers.get('connection')).toBe('close')
    expect((await res.json()).error).toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('FILE_MAX_MB'),
    })
    const [left] = await app.services.handle.query<{ n: number }>('select count(*)::int n from stored_file_chunks')
    expect(left!.n).toBe(0)
  })

  it('deletes the bytes with the file; a link to it then finds nothing', async () => {
    const app = await testApp()
    const agent = await enrolledAgent(app, 'bytes-agent-2')
    const file = await upload(app, 'gone.bin', randomBytes(CHUNK_BYTES + 10))
    const session = await loginAs(app, 'operator', 'operator-demo-1')
    expect((await app.inject({ method: 'DELETE', url: `/api/files/${file.id}`, headers: session })).statusCode).toBe(
      200,
    )
    expect(await chunkRows(app, file.id)).toBe(0)
    expect((await download(app, file.id, agent)).statusCode).toBe(404)
  })

  it('moves files an earlier version kept under DATA_DIR/files into the database, checked by their SHA-256', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'oc-file-import-'))
    const app = await testApp({ config: { dataDir } })
    const agent = await enrolledAgent(app, 'bytes-agent-3')
    const onDisk = async (name: string, bytes: Buffer, recordedSha = sha256(bytes)) => {
      const file = await upload(app, name, bytes)
      // As an earlier version left it: the row, and the bytes on disk instead of in the database.
      const [row] = await app.services.handle.query<{ storage_key: string }>(
        'select storage_key from stored_files where id = $1',
        [file.id],
      )
      await app.services.handle.query('delete from stored_file_chunks where storage_key = $1', [row!.storage_key])
      await app.services.handle.query('update stored_files set sha256 = $2 where id = $1', [file.id, recordedSha])
      const disk = path.join(dataDir, 'files', row!.storage_key)
      mkdirSync(path.dirname(disk), { recursive: true })
      writeFileSync(disk, bytes)
      return { ...file, disk }
    }
    const good = randomBytes(CHUNK_BYTES * 2 + 5)
    const moved = await onDisk('moved.bin', good)
    const altered = await onDisk('altered.bin', randomBytes(100), '0'.repeat(64))
    const lines: string[] = []
    await app.services.files.importDiskFiles((l) => lines.push(l))

    expect(sha256((await download(app, moved.id, agent)).rawPayload)).toBe(sha256(good))
    expect(readdirSync(path.dirname(moved.disk))).not.toContain(path.basename(moved.disk))
    // Bytes that do not match what was recorded stay on disk, out of the database, and are reported.
    expect(await chunkRows(app, altered.id)).toBe(0)
    expect(readdirSync(path.dirname(altered.disk))).toContain(path.basename(altered.disk))
    expect(lines.join('\n')).toMatch(new RegExp(`${altered.id} \\(altered.bin\\) not moved.*SHA-256`))
  })
})

describe('file library on several machines', () => {
  const apps: App[] = []
  let close: (() => Promise<void>) | undefined
  afterAll(async () => {
    for (const app of apps) await app.close()
    await close?.()
  })

  it('a file uploaded through one replica downloads through another with a DATA_DIR of its own', async () => {
    const { handles, close: closeDbs } = await testReplicaDbs(2)
    close = closeDbs
    // Two machines: one database and master key, a DATA_DIR each.
    const keyring = new Keyring(randomBytes(32))
    const [first, second] = await Promise.all(
      handles.map((db, i) => replicaApp(db, keyring, { dataDir: mkdtempSync(path.join(os.tmpdir(), `oc-m${i}-`)) })),
    )
    apps.push(first!, second!)
    const bytes = randomBytes(CHUNK_BYTES * 3 + 17)
    const file = await upload(first!, 'shared.bin', bytes)
    const agent = await enrolledAgent(first!, 'machine-agent-1')
    const res = await download(second!, file.id, agent)
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200)
    expect(sha256(res.rawPayload)).toBe(sha256(bytes))
  })
})

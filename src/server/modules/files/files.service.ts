import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { FileNameSchema, type PushFilesBody, type StoredFile } from '../../../contract/files'
import type { Db } from '../../db/client'
import type { PushSpec, StoredFileRow } from '../../db/schema'
import { DomainError, NotFoundError, ValidationError } from '../../lib/errors'
import { fetchLinkProblem, fileLinkProblem } from '../../lib/file-links'
import type { Keyring } from '../../lib/keyring'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { AgentCredentialsService } from '../../agents/agent-credentials.service'
import type { ExecutionsService } from '../executions/executions.service'
import type { FilesRepository } from './files.repository'
import { refusal } from '../../../contract/refusal-text'

/** The credential headers an agent sends with a signed link. */
export interface AgentAuthHeaders {
  authorization?: string
  agentSn?: string
}

export class PayloadTooLargeError extends DomainError {
  constructor(max: number) {
    super(refusal('file.too-large', { mib: Math.round(max / 1024 / 1024) }), 413, 'TOO_LARGE', 'COC.00040701')
  }
}

export function toFileDto(r: StoredFileRow): StoredFile {
  return {
    id: r.id,
    name: r.name,
    size: r.size,
    sha256: r.sha256,
    source: r.source,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  }
}

/**
 * Bytes per stored_file_chunks row: one insert parameter on the way in, one binary COPY on the way out (see
 * binary-copy.ts). With the upload filling one reused buffer and downloads read by COPY, the 200 MB push test
 * grows the BFF's RSS by 3–7 MB (it was 28–45 MB, once 82 MB in CI, with SELECT's hex text).
 */
export const CHUNK_BYTES = 256 * 1024

/**
 * A Writable that cuts what it receives into CHUNK_BYTES pieces (the last one shorter) and stores each in order;
 * `settled()` resolves once no store is running (a failed upload deletes its chunks only after the last insert).
 */
function chunkWriter(store: (seq: number, data: Buffer) => Promise<void>) {
  // One buffer filled in place and stored when full: the driver copies it into its message before the insert
  // resolves, so it is reused for the next chunk (no garbage per chunk on this side).
  const piece = Buffer.allocUnsafe(CHUNK_BYTES)
  let filled = 0
  let seq = 0
  let running: Promise<void> = Promise.resolve()
  const fill = async (chunk: Buffer) => {
    for (let at = 0; at < chunk.length; ) {
      const n = chunk.copy(piece, filled, at)
      filled += n
      at += n
      if (filled === CHUNK_BYTES) await flush()
    }
  }
  const flush = async () => {
    if (filled === 0) return
    await store(seq++, piece.subarray(0, filled))
    filled = 0
  }
  const writable = new Writable({
    write(chunk: Buffer, _enc, done) {
      running = fill(chunk)
      running.then(() => done(), done)
    },
    final(done) {
      running = flush()
      running.then(() => done(), done)
    },
  })
  return Object.assign(writable, { settled: () => running.catch(() => undefined) })
}

/**
 * The file library: uploads stream through a SHA-256 and a size cap into PostgreSQL (stored_file_chunks, 256 KiB
 * at a time: never the whole file in memory, and every replica on every machine serves every file), then get
 * their stored_files row; agents download by signed links; pushes are tickets of the executions engine (kind
 * push_file).
 */
export class FilesService {
  constructor(
    private readonly db: Db,
    private readonly repo: FilesRepository,
    private readonly audit: AuditService,
    private readonly keyring: Keyring,
    private readonly executions: ExecutionsService,
    private readonly agents: AgentCredentialsService,
    private readonly opts: { dataDir: string; fileMaxBytes: number },
  ) {}

  get maxBytes() {
    return this.opts.fileMaxBytes
  }

  /** Streams `body` into the library as `name`; `declared` (Content-Length) over the cap is refused up front. */
  async upload(
    principal: Principal,
    name: string,
    body: Readable,
    ctx: RequestContext,
    declared?: number,
    source: 'upload' | 'host' = 'upload',
  ): Promise<StoredFile> {
    const max = this.opts.fileMaxBytes
    if (declared !== undefined && declared > max) {
      body.resume()
      throw new PayloadTooLargeError(max)
    }
    const id = randomUUID()
    const key = `${id.slice(0, 2)}/${id}`
    const hash = createHash('sha256')
    let size = 0
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length
        if (size > max) return done(new PayloadTooLargeError(max))
        hash.update(chunk)
        done(null, chunk)
      },
    })
    // Chunks go in before the row (it needs the whole upload's hash): whatever fails below deletes them, and
    // what a replica that died mid-upload left is retention's (purgeAbandonedChunks).
    const writer = chunkWriter((seq, data) => this.repo.appendChunk(key, seq, data))
    const discard = async () => {
      await writer.settled()
      await this.repo.removeChunks(key).catch(() => undefined)
    }
    try {
      await pipeline(body, meter, writer)
    } catch (err) {
      await discard()
      if (err instanceof DomainError) throw err
      throw new ValidationError(refusal('file.upload-incomplete', { reason: (err as Error).message }))
    }
    const sha256 = hash.digest('hex')
    const row = await this.db
      .transaction(async (tx) => {
        const r = await this.repo.insert(tx, {
          id,
          tenantId: principal.tenantId,
          name,
          size,
          sha256,
          storageKey: key,
          source,
          createdBy: principal.username,
        })
        await this.audit.record(
          tx,
          principal,
          { action: 'file.upload', targetType: 'file', targetId: id, after: { name, size, sha256, source } },
          ctx,
        )
        return r
      })
      .catch(async (err) => {
        await discard()
        throw err
      })
    return toFileDto(row)
  }

  async list(principal: Principal, q: { q?: string; ids?: string[]; page: number; pageSize: number }) {
    const { rows, total } = await this.repo.page(principal.tenantId, {
      q: q.q,
      ids: q.ids,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
    return { items: rows.map(toFileDto), total, page: q.page, pageSize: q.pageSize }
  }

  async remove(principal: Principal, fileId: string, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const r = await this.repo.markDeleted(tx, principal.tenantId, fileId)
      if (!r) throw new NotFoundError(refusal('file.not-found', { file: fileId }))
      await this.audit.record(
        tx,
        principal,
        { action: 'file.delete', targetType: 'file', targetId: fileId, before: { name: r.name } },
        ctx,
      )
      await this.repo.removeChunks(r.storageKey, tx)
    })
    return { ok: true as const }
  }

  /** Library files of the caller's project by id or (latest upload of that) name; unknown ones are listed. */
  async resolve(principal: Principal, refs: string[]) {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
    const ids = refs.filter((r) => uuid.test(r))
    const rows = await this.repo.byIdsOrNames(principal.tenantId, ids, refs)
    const found: StoredFileRow[] = []
    const missing: string[] = []
    for (const ref of refs) {
      const r = rows.find((x) => x.id === ref) ?? rows.find((x) => x.name === ref)
      if (r) found.push(r)
      else missing.push(ref)
    }
    return { found, missing }
  }

  /** The push spec of library files (names must be distinct: they land in one directory). */
  pushSpec(files: StoredFileRow[], targetDir: string, owner: string, mode: string): PushSpec {
    const names = files.map((f) => f.name)
    const dup = names.find((n, i) => names.indexOf(n) !== i)
    if (dup) throw new ValidationError(refusal('file.same-name', { name: dup, dir: targetDir }))
    return {
      files: files.map((f) => ({ id: f.id, name: f.name, size: f.size, sha256: f.sha256 })),
      targetDir,
      owner,
      mode: mode.replace(/^0/, ''),
    }
  }

  /** Console push: library files to hosts, as a ticket the ticket page follows live. */
  async push(principal: Principal, body: PushFilesBody, ctx: RequestContext) {
    const { found, missing } = await this.resolve(principal, body.fileIds)
    if (missing.length) throw new NotFoundError(refusal('file.some-not-found', { files: missing.join(', ') }))
    const spec = this.pushSpec(found, body.targetDir, body.owner, body.mode)
    const { uuid } = await this.executions.startDirect(
      principal,
      {
        name: `Push ${found.map((f) => f.name).join(', ')}`.slice(0, 200),
        kind: 'push_file',
        type: 'SHELL',
        content: '',
        risk: 'LOW',
        params: [],
        pushSpec: spec,
        timeoutSec: body.timeout,
        executeUser: body.executeUser,
        resourceIds: body.resourceIds,
      },
      ctx,
    )
    return { executeUuid: uuid }
  }

  /**
   * A link is bound to one agent: it is honoured only with that agent's own credential (`Authorization: Bearer`
   * + `X-Agent-Sn`), so a leaked link alone downloads nothing.
   */
  private async linkProblem(problem: string | undefined, sn: string | undefined, auth: AgentAuthHeaders) {
    if (problem) return problem
    const secret = auth.authorization?.replace(/^Bearer /, '')
    if (!sn || auth.agentSn !== sn || !secret) return 'the agent credential is missing'
    if (!(await this.agents.verify(sn, secret))) return 'the agent credential is not valid'
    return undefined
  }

  /**
   * A push's source host uploads one of its files (signed link bound to the ticket and the agent): stored in the
   * ticket's tenant library (source `host`) and added to the files the targets push.
   */
  async uploadFetched(
    orderId: number,
    q: { sn?: string; exp?: string; sig?: string; name?: string; path?: string },
    body: Readable,
    auth: AgentAuthHeaders,
    declared?: number,
  ) {
    const problem = await this.linkProblem(fetchLinkProblem(this.keyring, orderId, q), q.sn, auth)
    if (problem) {
      body.resume()
      throw new DomainError(`Upload refused: ${problem}`, 403, 'FORBIDDEN', 'APIGW.0302')
    }
    const name = FileNameSchema.safeParse(q.name)
    if (!name.success) throw new ValidationError('name must be a plain file name')
    const target = await this.executions.fetchTarget(orderId, q.sn!)
    const actor = { userId: null, username: `agent:${q.sn}`, tenantId: target.tenantId } as unknown as Principal
    const file = await this.upload(actor, name.data, body, { requestId: `fetch-${orderId}`, ip: '' }, declared, 'host')
    await this.executions.addFetchedFile(orderId, q.sn!, file)
    return file
  }

  /** The bytes of a file for a signed agent link (checked here: the route is public). */
  async openForLink(fileId: string, q: { sn?: string; exp?: string; sig?: string }, auth: AgentAuthHeaders) {
    const problem = await this.linkProblem(fileLinkProblem(this.keyring, fileId, q), q.sn, auth)
    if (problem) throw new DomainError(`Download refused: ${problem}`, 403, 'FORBIDDEN', 'APIGW.0302')
    const row = await this.repo.live(fileId)
    if (!row) throw new NotFoundError(`File ${fileId} not found`)
    // The first chunk before the answer: a file whose bytes are missing is a 404, not a 200 cut short.
    const first = row.size > 0 ? await this.repo.chunk(row.storageKey, 0) : Buffer.alloc(0)
    if (!first) throw new NotFoundError(`The bytes of file ${fileId} are missing from the store`)
    return { row, size: row.size, stream: Readable.from(this.chunksFrom(row, first)) }
  }

  /** A file's bytes in order, one chunk read at a time as the reader asks for them. */
  private async *chunksFrom(row: StoredFileRow, first: Buffer) {
    let sent = first.length
    if (sent) yield first
    for (let seq = 1; sent < row.size; seq++) {
      const data = await this.repo.chunk(row.storageKey, seq)
      if (!data) throw new Error(`chunk ${seq} of file ${row.id} is missing from the store`)
      sent += data.length
      yield data
    }
  }

  /** Retention: one batch of upload bytes older than `days` that no file row owns (see stored_file_chunks). */
  purgeAbandonedUploads(days: number, batchSize: number) {
    return this.repo.purgeAbandonedChunks(days, batchSize)
  }

  /**
   * Moves library files an earlier version kept on disk (`DATA_DIR/files/<storage_key>`) into PostgreSQL: each
   * in one transaction, checked against its SHA-256, then the disk copy goes. Run by the primary before its
   * replicas start; a file whose bytes are on no disk here stays listed (another machine's primary may hold it).
   */
  async importDiskFiles(log: (line: string) => void) {
    const root = path.join(this.opts.dataDir, 'files')
    for (const row of await this.repo.withoutChunks()) {
      const file = path.join(root, row.storageKey)
      const hash = createHash('sha256')
      try {
        await this.db.transaction(async (tx) => {
          await pipeline(
            createReadStream(file),
            new Transform({
              transform(chunk: Buffer, _enc, done) {
                hash.update(chunk)
                done(null, chunk)
              },
            }),
            chunkWriter((seq, data) => this.repo.appendChunk(row.storageKey, seq, data, tx)),
          )
          if (hash.digest('hex') !== row.sha256) throw new Error('its SHA-256 differs from the one recorded')
        })
      } catch (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
        if (!missing) log(`library file ${row.id} (${row.name}) not moved into the database: ${(err as Error).message}`)
        continue
      }
      await rm(file, { force: true })
      log(`library file ${row.id} (${row.name}, ${row.size} bytes) moved from ${root} into the database`)
    }
  }
}

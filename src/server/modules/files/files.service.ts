import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
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
 * The file library: uploads stream to `<dataDir>/files` through a SHA-256 and a size cap (never buffered), are
 * renamed into place once complete and recorded in PostgreSQL; agents download by signed links; pushes are
 * tickets of the executions engine (kind push_file).
 */
export class FilesService {
  private readonly root: string

  constructor(
    private readonly db: Db,
    private readonly repo: FilesRepository,
    private readonly audit: AuditService,
    private readonly keyring: Keyring,
    private readonly executions: ExecutionsService,
    private readonly agents: AgentCredentialsService,
    private readonly opts: { dataDir: string; fileMaxBytes: number },
  ) {
    this.root = path.join(opts.dataDir, 'files')
  }

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
    // The data dir itself keeps its usual mode (the embedded server's user must pass through it); only the
    // file store is private.
    await mkdir(path.dirname(this.root), { recursive: true })
    await mkdir(path.join(this.root, 'tmp'), { recursive: true, mode: 0o700 })
    const tmp = path.join(this.root, 'tmp', id)
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
    try {
      await pipeline(body, meter, createWriteStream(tmp, { flags: 'wx', mode: 0o600, flush: true }))
      const final = path.join(this.root, key)
      await mkdir(path.dirname(final), { recursive: true, mode: 0o700 })
      await rename(tmp, final)
    } catch (err) {
      await rm(tmp, { force: true })
      if (err instanceof DomainError) throw err
      throw new ValidationError(refusal('file.upload-incomplete', { reason: (err as Error).message }))
    }
    const sha256 = hash.digest('hex')
    const row = await this.db.transaction(async (tx) => {
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
    const row = await this.db.transaction(async (tx) => {
      const r = await this.repo.markDeleted(tx, principal.tenantId, fileId)
      if (!r) throw new NotFoundError(refusal('file.not-found', { file: fileId }))
      await this.audit.record(
        tx,
        principal,
        { action: 'file.delete', targetType: 'file', targetId: fileId, before: { name: r.name } },
        ctx,
      )
      return r
    })
    await rm(path.join(this.root, row.storageKey), { force: true })
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
    const file = path.join(this.root, row.storageKey)
    const st = await stat(file).catch(() => undefined)
    if (!st) throw new NotFoundError(`The bytes of file ${fileId} are missing from the store`)
    return { row, size: st.size, stream: createReadStream(file) }
  }
}

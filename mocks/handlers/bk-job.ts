import { HttpResponse, http } from 'msw'
import { bkAppRoutes } from '../../src/contract/bk-apps'
import { FILE_UPLOAD_PATH, FileUploadQuerySchema, fileRoutes, type StoredFile } from '../../src/contract/files'
import { db } from '../db'
import { buildExecution } from '../factories/executions'
import { MockError, mockRoute } from '../mock-route'
import { refusal } from '../../src/contract/refusal-text'

async function sha256Hex(bytes: ArrayBuffer) {
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

let seq = 100

/** BlueKing apps admin page: register (secret shown once), list, revoke. */
export const bkJobHandlers = [
  mockRoute(bkAppRoutes.list, () => db.bkApps),
  mockRoute(bkAppRoutes.create, ({ body }) => {
    if (db.bkApps.some((a) => a.code === body.code))
      throw new MockError(409, 'CONFLICT', refusal('bk-app.exists', { code: body.code }))
    const app = {
      id: ++seq,
      code: body.code,
      description: body.description,
      createdBy: 'admin',
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    }
    db.bkApps.unshift(app)
    return { ...app, secret: 'bks_mock-secret-shown-once' }
  }),
  mockRoute(bkAppRoutes.revoke, ({ params }) => {
    const app = db.bkApps.find((a) => a.id === params.appId && !a.revokedAt)
    if (!app) throw new MockError(404, 'NOT_FOUND', refusal('bk-app.not-found', { id: params.appId }))
    app.revokedAt = new Date().toISOString()
    return { ok: true as const }
  }),
  mockRoute(fileRoutes.list, ({ query }) => {
    const all = db.files.filter(
      (f) => (!query.q || f.name.includes(query.q) || f.sha256 === query.q) && (!query.ids || query.ids.includes(f.id)),
    )
    const start = (query.page - 1) * query.pageSize
    return {
      items: all.slice(start, start + query.pageSize),
      total: all.length,
      page: query.page,
      pageSize: query.pageSize,
    }
  }),
  mockRoute(fileRoutes.remove, ({ params }) => {
    const i = db.files.findIndex((f) => f.id === params.fileId)
    if (i < 0) throw new MockError(404, 'NOT_FOUND', refusal('file.not-found', { file: params.fileId }))
    db.files.splice(i, 1)
    return { ok: true as const }
  }),
  mockRoute(fileRoutes.push, ({ body }) => {
    const missing = body.fileIds.filter((id) => !db.files.some((f) => f.id === id))
    if (missing.length)
      throw new MockError(404, 'NOT_FOUND', refusal('file.some-not-found', { files: missing.join(', ') }))
    // A push ticket like the BFF's: kind push_file, named after the files, one batch over the targets.
    const names = body.fileIds.map((id) => db.files.find((f) => f.id === id)!.name)
    const targets = db.cmdb.hosts
      .filter((h) => body.resourceIds.includes(h.resourceId))
      .map((h) => ({
        hostId: h.id,
        hostName: h.name,
        ip: h.innerIp,
        agentSn: h.agentSn ?? '',
        resourceId: h.resourceId,
        regionId: '',
      }))
    const ticket = buildExecution([{ targets }], {
      executeUuid: `SCT${Date.now()}push0`,
      kind: 'push_file',
      creator: 'admin',
      script: {
        uuid: '',
        name: `Push ${names.join(', ')}`,
        type: 'SHELL',
        risk: 'LOW',
        version: '',
        revision: 0,
        content: '',
      },
    })
    db.executions.unshift(ticket)
    return { executeUuid: ticket.executeUuid }
  }),
  // The raw-body upload (not a JSON contract route): hashes what it got like the BFF does.
  http.put(FILE_UPLOAD_PATH, async ({ request }) => {
    const q = FileUploadQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!q.success)
      return HttpResponse.json(
        { error: { code: 'VALIDATION', message: 'name must be a plain file name' } },
        { status: 400 },
      )
    const bytes = await request.arrayBuffer()
    const file: StoredFile = {
      id: crypto.randomUUID(),
      name: q.data.name,
      size: bytes.byteLength,
      sha256: await sha256Hex(bytes),
      source: 'upload',
      createdBy: 'admin',
      createdAt: new Date().toISOString(),
    }
    db.files.unshift(file)
    return HttpResponse.json(file, { status: 201 })
  }),
]

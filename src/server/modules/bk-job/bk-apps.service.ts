import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { BK_ERRORS } from '../../../contract/bk-job'
import { BK_APP_CODE, type BkApp, type CreatedBkApp } from '../../../contract/bk-apps'
import type { Db } from '../../db/client'
import type { BkAppRow } from '../../db/schema'
import { BkError, ConflictError, NotFoundError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { BkJobRepository } from './bk-job.repository'
import { refusal } from '../../../contract/refusal-text'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
/** 256 random bits: a hash without salt or stretching is enough for a secret nobody chose. */
const newSecret = () => `bks_${randomBytes(32).toString('base64url')}`

function toDto(r: BkAppRow): BkApp {
  return {
    id: r.id,
    code: r.code,
    description: r.description,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }
}

/**
 * Apps of the BlueKing job API: registered by a tenant's admin (the secret is shown once, only its SHA-256
 * kept), revoked, and checked on every call.
 */
export class BkAppsService {
  constructor(
    private readonly db: Db,
    private readonly repo: BkJobRepository,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal): Promise<BkApp[]> {
    return (await this.repo.listApps(principal.tenantId)).map(toDto)
  }

  async create(
    principal: Principal,
    body: { code: string; description: string },
    ctx: RequestContext,
    given?: string,
  ): Promise<CreatedBkApp> {
    const secret = given ?? newSecret()
    return this.db.transaction(async (tx) => {
      if (await this.repo.appByCode(body.code, tx))
        throw new ConflictError(refusal('bk-app.exists', { code: body.code }))
      const row = await this.repo.insertApp(tx, {
        tenantId: principal.tenantId,
        code: body.code,
        secretHash: sha256(secret),
        description: body.description,
        createdBy: principal.username,
      })
      await this.audit.record(
        tx,
        principal,
        {
          action: 'bk-app.create',
          targetType: 'bk-app',
          targetId: body.code,
          after: { description: body.description },
        },
        ctx,
      )
      return { ...toDto(row), secret }
    })
  }

  async revoke(principal: Principal, id: number, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const row = await this.repo.revokeApp(tx, principal.tenantId, id, principal.username)
      if (!row) throw new NotFoundError(refusal('bk-app.not-found', { id }))
      await this.audit.record(tx, principal, { action: 'bk-app.revoke', targetType: 'bk-app', targetId: row.code }, ctx)
    })
    return { ok: true as const }
  }

  /** CONSOLE_BK_APP=code:secret: registered in the default tenant at start when missing. Idempotent. */
  async bootstrap(tenantId: string, spec: string) {
    const i = spec.indexOf(':')
    const code = spec.slice(0, i)
    const secret = spec.slice(i + 1)
    if (i < 1 || !BK_APP_CODE.test(code) || secret.length < 16)
      throw new Error('CONSOLE_BK_APP must be code:secret (a BlueKing app code and a secret of 16+ characters)')
    const existing = await this.repo.appByCode(code)
    if (existing) return
    const system = { userId: null, username: 'system', tenantId } as unknown as Principal
    await this.create(
      system,
      { code, description: 'bootstrap (CONSOLE_BK_APP)' },
      { requestId: 'bootstrap', ip: '' },
      secret,
    )
  }

  /** The app of a call, or a BlueKing app-auth error (unknown, revoked and wrong secret look the same). */
  async authenticate(code: string, secret: string): Promise<BkAppRow> {
    const row = await this.repo.appByCode(code)
    const want = Buffer.from(row?.secretHash ?? sha256('no such app'), 'hex')
    const ok = timingSafeEqual(want, Buffer.from(sha256(secret), 'hex'))
    if (!row || row.revokedAt || !ok)
      throw new BkError(
        `APP [${code}] authentication failed: unknown app, revoked app or wrong bk_app_secret`,
        BK_ERRORS.appAuth,
        401,
      )
    // last_used_at is informational (the admin panel's "last used"): a failed write must not fail the call, and
    // the next call writes it again.
    void this.repo.touchApp(row.id).catch(() => {})
    return row
  }
}

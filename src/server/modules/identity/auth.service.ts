import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../db/client'
import { parseAuthorization, verifySignature, type SignableRequest } from '../../lib/aksk'
import { RateLimitedError, UnauthenticatedError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import { verifyPassword } from '../../lib/passwords'
import type { Principal, RequestContext } from '../../lib/principal'
import { RateLimiter } from '../../lib/rate-limiter'
import type { AuditService } from '../audit/audit.service'
import type { IdentityRepository, TenantRow, UserRow } from './identity.repository'
import type { PrincipalCache } from './principal-cache'

export const IAM_TOKEN_TTL_MS = 24 * 60 * 60 * 1000
export const BAD_CREDENTIALS = 'The username or password is wrong.'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const newSecret = () => randomBytes(32).toString('base64url')

function principalOf(user: UserRow, tenant: TenantRow, via: Principal['via']): Principal {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    tenantId: tenant.id,
    tenantName: tenant.name,
    via,
  }
}

/**
 * Logins, IAM tokens, sessions and AK/SK verification. Secrets (session cookies, tokens) are random
 * 256-bit values of which only a SHA-256 is stored, so a database leak does not leak live credentials.
 */
export class AuthService {
  /** 5 failed logins per user+IP per 15 minutes, then 429 until the window ends. */
  readonly loginLimiter = new RateLimiter(5, 15 * 60 * 1000)

  constructor(
    private readonly db: Db,
    private readonly repo: IdentityRepository,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly sessionTtlMs: number,
    private readonly principals: PrincipalCache,
  ) {}

  /**
   * Checks a password login and picks the tenant: the user's own, or (admins only) any named one.
   * Failures are counted per username+IP and look identical whatever was wrong.
   */
  async checkPassword(username: string, password: string, tenantName: string | undefined, ip: string) {
    const key = `${username.toLowerCase()}|${ip}`
    const wait = this.loginLimiter.blockedFor(key)
    if (wait > 0) throw new RateLimitedError(wait)
    const user = await this.repo.userByName(username)
    // Verify against a dummy hash when the user is unknown so both paths take the same time.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)
    if (!user || !ok || user.disabled) {
      this.loginLimiter.fail(key)
      throw new UnauthenticatedError(BAD_CREDENTIALS, 'IAM.0004')
    }
    let tenant = await this.repo.tenantById(user.tenantId)
    if (tenantName && tenantName !== tenant?.name) {
      const other = await this.repo.tenantByName(tenantName)
      if (!other || user.role !== 'admin') {
        this.loginLimiter.fail(key)
        throw new UnauthenticatedError(`No access to project ${tenantName}`, 'IAM.0004')
      }
      tenant = other
    }
    this.loginLimiter.reset(key)
    return { user, tenant: tenant! }
  }

  /** Console login: a session row and the cookie value (returned once, stored hashed). */
  async login(username: string, password: string, tenantName: string | undefined, ctx: RequestContext) {
    const { user, tenant } = await this.checkPassword(username, password, tenantName, ctx.ip)
    const cookie = newSecret()
    const csrfToken = newSecret()
    const expiresAt = new Date(Date.now() + this.sessionTtlMs)
    const session = await this.db.transaction(async (tx) => {
      const row = await this.repo.insertSession(tx, {
        tokenHash: sha256(cookie),
        kind: 'console',
        userId: user.id,
        tenantId: tenant.id,
        csrfToken,
        expiresAt,
      })
      await this.audit.record(
        tx,
        { userId: user.id, username: user.username, tenantId: tenant.id },
        { action: 'session.login', targetType: 'user', targetId: user.id },
        ctx,
      )
      return row
    })
    return { cookie, csrfToken, expiresAt, user, tenant, sessionId: session.id }
  }

  /** IAM token (X-Subject-Token): valid 24 h, usable as X-Auth-Token on every /v1 route. */
  async issueIamToken(username: string, password: string, tenantName: string | undefined, ctx: RequestContext) {
    const { user, tenant } = await this.checkPassword(username, password, tenantName, ctx.ip)
    const token = newSecret()
    const issuedAt = new Date()
    const expiresAt = new Date(issuedAt.getTime() + IAM_TOKEN_TTL_MS)
    await this.db.transaction(async (tx) => {
      await this.repo.insertSession(tx, {
        tokenHash: sha256(token),
        kind: 'iam',
        userId: user.id,
        tenantId: tenant.id,
        expiresAt,
      })
      await this.audit.record(
        tx,
        { userId: user.id, username: user.username, tenantId: tenant.id },
        { action: 'token.issue', targetType: 'user', targetId: user.id },
        ctx,
      )
    })
    return { token, issuedAt, expiresAt, user, tenant }
  }

  async logout(principal: Principal, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      if (principal.sessionId) await this.repo.deleteSession(tx, principal.sessionId)
      await this.audit.record(
        tx,
        principal,
        { action: 'session.logout', targetType: 'user', targetId: principal.userId },
        ctx,
      )
    })
    // After the commit, so no read of the still-live row can put the principal back.
    if (principal.sessionId) this.principals.forgetSession(principal.sessionId)
  }

  /** The principal of a console session cookie (cached briefly, see PrincipalCache). */
  fromSessionCookie(cookie: string): Promise<Principal | null> {
    const hash = sha256(cookie)
    return this.principals.get(`console:${hash}`, async () => {
      const row = await this.repo.liveSession(hash, 'console')
      if (!row || row.user.disabled) return null
      return {
        ...principalOf(row.user, row.tenant, 'session'),
        sessionId: row.session.id,
        csrfToken: row.session.csrfToken ?? undefined,
      }
    })
  }

  /** The principal of an IAM token (cached briefly, see PrincipalCache). */
  fromIamToken(token: string): Promise<Principal | null> {
    const hash = sha256(token)
    return this.principals.get(`iam:${hash}`, async () => {
      const row = await this.repo.liveSession(hash, 'iam')
      if (!row || row.user.disabled) return null
      return principalOf(row.user, row.tenant, 'token')
    })
  }

  /** Verifies an `SDK-HMAC-SHA256` Authorization header; throws with the reason when it does not hold. */
  async fromSignature(authorization: string, req: SignableRequest): Promise<Principal> {
    const parsed = parseAuthorization(authorization)
    if (!parsed) throw new UnauthenticatedError('Malformed Authorization header')
    const row = await this.repo.accessKeyWithUser(parsed.accessKey)
    if (!row || row.user.disabled) throw new UnauthenticatedError('Unknown access key')
    const reason = verifySignature(req, parsed, this.keyring.decrypt(row.key.secretEnc))
    if (reason) throw new UnauthenticatedError(`Incorrect AK/SK signature: ${reason}`)
    void this.repo.touchAccessKey(parsed.accessKey).catch(() => {})
    return principalOf(row.user, row.tenant, 'aksk')
  }
}

// scrypt hash of a random password nobody knows; only used to equalise timing for unknown users.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

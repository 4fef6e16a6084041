import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../db/client'
import { hasPermission } from '../../../contract/identity'
import { MAX_SKEW_MS, parseAuthorization, parseSdkDate, verifySignature, type SignableRequest } from '../../lib/aksk'
import { ForbiddenError, RateLimitedError, UnauthenticatedError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import { verifyPassword } from '../../lib/passwords'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { SecurityService } from '../security/security.service'
import type { IdentityRepository, TenantRow, UserRow } from './identity.repository'
import type { PrincipalCache } from './principal-cache'
import type { Log } from '../../lib/log'
import { refusal } from '../../../contract/refusal-text'

export const IAM_TOKEN_TTL_MS = 24 * 60 * 60 * 1000
export const BAD_CREDENTIALS = 'The username or password is wrong.'
/** Password checks allowed per username+IP per window (LOGIN_MAX_ATTEMPTS, LOGIN_WINDOW_SEC). */
export const LOGIN_LIMIT = { attempts: 5, windowMs: 15 * 60 * 1000 }

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

/** A session stays valid only while its user is enabled and may still act in the session's tenant. */
function mayUseTenant(row: { user: UserRow; tenant: TenantRow }): boolean {
  if (row.user.disabled) return false
  return row.user.tenantId === row.tenant.id || hasPermission(row.user.role, 'platform:manage')
}

/**
 * Logins, IAM tokens, sessions and AK/SK verification. Secrets (session cookies, tokens) are random
 * 256-bit values of which only a SHA-256 is stored, so a database leak does not leak live credentials.
 */
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly repo: IdentityRepository,
    private readonly security: SecurityService,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly sessionTtlMs: number,
    private readonly principals: PrincipalCache,
    private readonly log: Log,
    private readonly loginLimit = LOGIN_LIMIT,
  ) {}

  /**
   * Checks a password login and picks the tenant: the user's own, or (platform admins only) any named one.
   * Every attempt is counted per username+IP in PostgreSQL *before* the password is checked, so at most
   * `loginLimit.attempts` passwords are ever tried per window however many requests arrive at once, on
   * however many replicas (issue 13 #5). Failures look identical whatever was wrong.
   */
  async checkPassword(username: string, password: string, tenantName: string | undefined, ip: string) {
    const key = `${username.toLowerCase()}|${ip}`
    const { attempts, retryAfterSec } = await this.security.countLoginAttempt(key, this.loginLimit.windowMs)
    if (attempts > this.loginLimit.attempts) throw new RateLimitedError(retryAfterSec)
    const user = await this.repo.userByName(username)
    // Verify against a dummy hash when the user is unknown so both paths take the same time.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)
    if (!user || !ok || user.disabled) throw new UnauthenticatedError(refusal('auth.bad-credentials'), 'IAM.0004')
    let tenant = await this.repo.tenantById(user.tenantId)
    if (tenantName && tenantName !== tenant?.name) {
      // A session or token is scoped to the user's own tenant; only a platform admin may pick another.
      const other = await this.repo.tenantByName(tenantName)
      if (!other || !hasPermission(user.role, 'platform:manage'))
        throw new UnauthenticatedError(refusal('auth.no-project-access', { project: tenantName }), 'IAM.0004')
      tenant = other
    }
    await this.security.clearLoginAttempts(key)
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
      if (!row || !mayUseTenant(row)) return null
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
      if (!row || !mayUseTenant(row)) return null
      return principalOf(row.user, row.tenant, 'token')
    })
  }

  /**
   * Verifies an `SDK-HMAC-SHA256` Authorization header; throws with the reason when it does not hold. A
   * verified signature is recorded in PostgreSQL until its X-Sdk-Date leaves the clock window, so the same
   * signed request replayed (to this or any replica) is refused.
   */
  async fromSignature(authorization: string, req: SignableRequest): Promise<Principal> {
    const parsed = parseAuthorization(authorization)
    if (!parsed) throw new UnauthenticatedError('Malformed Authorization header')
    const row = await this.repo.accessKeyWithUser(parsed.accessKey)
    if (!row || row.user.disabled) throw new UnauthenticatedError('Unknown access key')
    const reason = verifySignature(req, parsed, this.keyring.decrypt(row.key.secretEnc))
    if (reason) throw new UnauthenticatedError(`Incorrect AK/SK signature: ${reason}`)
    const sdkDate = parseSdkDate(String(req.headers['x-sdk-date'] ?? ''))!
    const expiresAt = new Date(sdkDate.getTime() + MAX_SKEW_MS)
    if (!(await this.security.firstUseOfSignature(`${parsed.accessKey}:${parsed.signature.toLowerCase()}`, expiresAt)))
      throw new UnauthenticatedError('Incorrect AK/SK signature: this signed request was already used (replay)')
    // Best effort: a failed last-used stamp must not fail the signed call, but it is logged.
    void this.repo
      .touchAccessKey(parsed.accessKey)
      .catch((err) => this.log.warn({ err, accessKey: parsed.accessKey }, 'access key last-used update failed'))
    return principalOf(row.user, row.tenant, 'aksk')
  }

  /**
   * The principal of an enabled user acting in `tenantId` (the BlueKing API's bk_username, vouched for by an
   * app registered in that tenant), or null when there is no such user or it may not act there.
   */
  async principalForUser(username: string, tenantId: string): Promise<Principal | null> {
    const user = await this.repo.userByName(username)
    const tenant = await this.repo.tenantById(tenantId)
    if (!user || !tenant || !mayUseTenant({ user, tenant })) return null
    return principalOf(user, tenant, 'token')
  }

  /**
   * Applies `X-Project-Id` (the project's id or name; issue 14 #7). It must name a known project; a
   * token or key acts in its own tenant only, except that a platform admin's AK/SK may name any tenant.
   */
  async withProject(principal: Principal, project: string): Promise<Principal> {
    if (project === principal.tenantId || project === principal.tenantName) return principal
    const tenant = (await this.repo.tenantByIdOrName(project)) ?? null
    if (!tenant) throw new ForbiddenError(`Unknown project in X-Project-Id: ${project}`, 'APIGW.0305')
    if (principal.via === 'aksk' && hasPermission(principal.role, 'platform:manage'))
      return { ...principal, tenantId: tenant.id, tenantName: tenant.name }
    throw new ForbiddenError(
      `X-Project-Id ${project} does not match the project of your ${principal.via === 'aksk' ? 'access key' : 'token'} (${principal.tenantName})`,
      'APIGW.0305',
    )
  }
}

// scrypt hash of a random password nobody knows; only used to equalise timing for unknown users.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

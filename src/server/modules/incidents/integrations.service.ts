import type { PgBus } from '../../lib/pg-bus'
import { createHash, randomBytes } from 'node:crypto'
import type { z } from 'zod'
import {
  AlarmBodySchema,
  type CreateIntegrationKeyBodySchema,
  DEFAULT_ALARM_LEVEL_MAP,
} from '../../../contract/incidents'
import type { Db } from '../../db/client'
import { DomainError, NotFoundError, ValidationError } from '../../lib/errors'
import { GroupCommit } from '../../lib/group-commit'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { IncidentsRepository, IntegrationKeyRow } from './incidents.repository'
import type { IncidentsService } from './incidents.service'
import type { Log } from '../../lib/log'
import { refusal } from '../../../contract/refusal-text'
import { AlarmFolder } from './alarm-folder'
import type { AlarmInboxRepository, StuckRow } from './alarm-inbox.repository'
import { STUCK_ALARMS_SHOWN, type StuckAlarm } from '../../../contract/alarm-inbox'
import { storeAlarms, type AlarmItem, type KeyRow } from './store-alarms'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const KEY_CACHE_MS = 5_000
/** Deleting a key clears every replica's key cache. */
const KEY_FORGET_CHANNEL = 'oc_integration_key_forget'

type Actor = Pick<Principal, 'username' | 'tenantId'> & { userId: string | null }

/** The seed's 401 for the webhook: unknown or revoked integration key. */
export class IntegrationKeyError extends DomainError {
  constructor() {
    super('Token missing or invalid.', 401, 'UNAUTHENTICATED', 'common.01010001')
  }
}

function toKeyDto(k: IntegrationKeyRow) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    level_map: k.levelMap,
    created_at: k.createdAt.toISOString(),
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
  }
}

function toStuckDto(r: StuckRow): StuckAlarm {
  return {
    id: r.id,
    received_at: r.receivedAt.toISOString(),
    attempts: r.attempts,
    last_error: r.lastError,
    alarm_id: r.alarmId,
    alarm_name: r.alarmName,
    alarm_status: r.alarmStatus,
    key_name: r.keyName,
  }
}

/**
 * Alarm integration: admins create keys (only a hash is stored); the webhook validates the seed's body,
 * deduplicates by alarmId (safe under concurrent retries), opens an incident for a new alarm and records
 * recovery (`alarmStatus: ok`) on the alarm and the incident's timeline. Calls are group-committed.
 */
export class IntegrationsService {
  constructor(
    private readonly db: Db,
    private readonly repo: IncidentsRepository,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
    private readonly log: Log,
    private readonly inbox: AlarmInboxRepository,
    private readonly bus?: PgBus,
  ) {
    // A key deleted on another replica stops working here when its NOTIFY arrives, not KEY_CACHE_MS later.
    bus?.subscribe(KEY_FORGET_CHANNEL, () => this.keyCache.clear())
    this.folder = new AlarmFolder(
      db,
      inbox,
      (tx, items) => storeAlarms(tx, this.incidents, items),
      // Listeners (war-room auto-open, paging) hear about incidents only once they are committed.
      ({ created }) => {
        for (const row of created) void this.incidents.notifyCreated(row)
      },
      log,
    )
  }

  private readonly folder: AlarmFolder<Awaited<ReturnType<typeof storeAlarms>>>

  /** Folds what the inbox holds now and whenever calls arrive (every replica; one folds at a time). */
  startFolding() {
    this.folder.start()
  }

  async list(tenantId: string) {
    return (await this.repo.keys(tenantId)).map(toKeyDto)
  }

  async create(
    actor: Actor,
    body: z.infer<typeof CreateIntegrationKeyBodySchema>,
    ctx?: RequestContext,
    given?: string,
  ) {
    const key = given ?? `ik_${randomBytes(24).toString('base64url')}`
    const id = `IK${Date.now()}${randomBytes(3).toString('hex')}`
    return this.db.transaction(async (tx) => {
      const row = await this.repo.insertKey(tx, {
        id,
        tenantId: actor.tenantId,
        name: body.name,
        keyHash: sha256(key),
        prefix: key.slice(0, 7),
        levelMap: body.level_map ?? DEFAULT_ALARM_LEVEL_MAP,
        createdBy: actor.username,
      })
      if (!row) throw new ValidationError(refusal('integration-key.exists'))
      await this.audit.record(
        tx,
        actor,
        { action: 'integration-key.create', targetType: 'integration-key', targetId: id, after: { name: body.name } },
        ctx,
      )
      return { ...toKeyDto(row), key, webhook_path: `/v1/event/huawei/custom/${key}` }
    })
  }

  /** CONSOLE_INTEGRATION_KEY at start: creates the key in the default tenant once. */
  async bootstrap(tenantId: string, key: string) {
    const exists = await this.repo.keyByHash(sha256(key))
    if (!exists)
      await this.create(
        { userId: null, username: 'system', tenantId },
        { name: 'bootstrap (CONSOLE_INTEGRATION_KEY)' },
        undefined,
        key,
      )
  }

  async remove(principal: Principal, id: string, ctx: RequestContext) {
    this.keyCache.clear()
    await this.db.transaction(async (tx) => {
      const row = await this.repo.deleteKey(tx, principal.tenantId, id)
      if (!row) throw new NotFoundError(refusal('integration-key.not-found', { id }))
      await this.audit.record(
        tx,
        principal,
        { action: 'integration-key.delete', targetType: 'integration-key', targetId: id },
        ctx,
      )
    })
    // Again after commit: a lookup that ran meanwhile may have cached the key being deleted.
    this.keyCache.clear()
    this.bus?.publish(KEY_FORGET_CHANNEL, {})
  }

  /**
   * Resolved keys for a few seconds: alarm storms hit the same key thousands of times a second. The entry holds
   * the lookup itself, so the calls arriving while it runs (a storm starts on a cold cache) share one query.
   */
  private readonly keyCache = new Map<string, { row: Promise<KeyRow | undefined>; until: number; touchedAt: number }>()

  /**
   * Raw key → its SHA-256, for the keys calling now: a storm posts with one key thousands of times a second,
   * and hashing each call cost ~2% of a replica's CPU in bench:alarms. Bounded (random keys only refill it).
   */
  private readonly keyHashes = new Map<string, string>()

  private hashOf(rawKey: string) {
    let hash = this.keyHashes.get(rawKey)
    if (hash) return hash
    hash = sha256(rawKey)
    if (this.keyHashes.size >= 1024) this.keyHashes.clear()
    this.keyHashes.set(rawKey, hash)
    return hash
  }

  private async resolveKey(rawKey: string): Promise<KeyRow> {
    const hash = this.hashOf(rawKey)
    const now = Date.now()
    let entry = this.keyCache.get(hash)
    if (!entry || entry.until <= now) {
      const fresh = {
        row: this.repo.keyByHash(hash),
        until: now + KEY_CACHE_MS,
        touchedAt: entry?.touchedAt ?? 0,
      }
      this.keyCache.set(hash, fresh)
      // Unknown keys and failed lookups are not remembered.
      const forget = () => {
        if (this.keyCache.get(hash) === fresh) this.keyCache.delete(hash)
      }
      fresh.row.then((r) => r || forget(), forget)
      entry = fresh
    }
    const row = await entry.row
    if (!row) throw new IntegrationKeyError()
    return row
  }

  /** last_used_at is informational: written at most once a minute per key. */
  private touchKey(key: KeyRow) {
    const entry = this.keyCache.get(key.keyHash)
    const now = Date.now()
    if (entry && now - entry.touchedAt < 60_000) return
    if (entry) entry.touchedAt = now
    void this.repo
      .touchKey(key.id, new Date(now))
      .catch((err) => this.log.warn({ err, integrationKeyId: key.id }, 'integration key last-used update failed'))
  }

  /**
   * The webhook: 401 for an unknown key, 400 listing missing/invalid fields (both before anything is written),
   * else the call is appended to the alarm inbox with the other calls arriving meanwhile (one statement, see
   * GroupCommit) and the promise settles once that is committed: an answered call is never lost. The folder
   * (alarm-folder.ts) turns it into an alarm and, when new and firing, an incident milliseconds later, in the
   * order the calls were accepted; like PagerDuty's events API and Alertmanager, the answer means "accepted".
   */
  async ingest(rawKey: string, body: unknown): Promise<void> {
    const key = await this.resolveKey(rawKey)
    this.touchKey(key)
    const parsed = AlarmBodySchema.safeParse(body)
    if (!parsed.success) {
      const msg = parsed.error.issues
        .map((i) => {
          const field = i.path.join('.')
          const missing = (body as Record<string, unknown> | null)?.[String(i.path[0])] === undefined
          return missing ? `${field} must not be null` : `${field} ${i.message}`
        })
        .join(' | ')
      throw new ValidationError(
        msg,
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        'COC.00000001',
      )
    }
    const { id, tenantId, name, levelMap, createdBy } = key
    await this.writer.submit({
      key: { id, tenantId, name, levelMap, createdBy },
      alarm: parsed.data,
      status: parsed.data.alarmStatus ?? 'alarm',
    })
  }

  /** Resolves once every alarm accepted so far on this replica is appended and folded (tests, shutdown). */
  async drained() {
    await this.writer.idle()
    await this.folder.idle()
  }

  /** Stops folding after the fold in progress (shutdown); what is left in the inbox waits for a replica. */
  async stopFolding() {
    await this.writer.idle()
    await this.folder.stop()
  }

  // One append at a time per replica: the calls that arrive meanwhile make the next one bigger.
  private readonly writer = new GroupCommit<AlarmItem, void>(async (items) => {
    await this.inbox.append(items)
    this.folder.kick()
    return items.map(() => undefined)
  }, 500)

  /** The tenant's stuck alarms (accepted, but folding gave up: see AlarmFolder), newest first, with the total. */
  async stuckAlarms(tenantId: string) {
    const { rows, total } = await this.inbox.stuck(tenantId, STUCK_ALARMS_SHOWN)
    return { items: rows.map(toStuckDto), total }
  }

  /** Folds a stuck alarm again now, its attempts counted from zero; 404 unless it is stuck in the caller's tenant. */
  async retryStuckAlarm(principal: Principal, id: number, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const row = await this.inbox.reset(tx, principal.tenantId, id)
      if (!row) throw new NotFoundError(refusal('alarm-inbox.not-found', { id }))
      await this.audit.record(
        tx,
        principal,
        {
          action: 'alarm-inbox.retry',
          targetType: 'alarm-inbox',
          targetId: String(id),
          before: toStuckDto(row),
          after: { attempts: 0, last_error: null },
        },
        ctx,
      )
    })
    this.folder.kick()
  }

  /** Drops a stuck alarm for good (the audit entry keeps what it was); 404 unless it is stuck in the caller's tenant. */
  async discardStuckAlarm(principal: Principal, id: number, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const row = await this.inbox.discard(tx, principal.tenantId, id)
      if (!row) throw new NotFoundError(refusal('alarm-inbox.not-found', { id }))
      await this.audit.record(
        tx,
        principal,
        { action: 'alarm-inbox.discard', targetType: 'alarm-inbox', targetId: String(id), before: toStuckDto(row) },
        ctx,
      )
    })
  }

  /**
   * Retention: one batch of alarms whose last occurrence is older than `days` (an alarm that still fires is
   * young, however old its first occurrence); returns how many went.
   */
  purgeAlarmBatch(days: number, batchSize: number) {
    return this.repo.purgeAlarmBatch(days, batchSize)
  }
}

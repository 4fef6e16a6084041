import type { z } from 'zod'
import type { ChannelBodySchema, Urgency } from '../../../contract/notification-channels'
import type { Db, Tx } from '../../db/client'
import type { Keyring } from '../../lib/keyring'
import { NotFoundError } from '../../lib/errors'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import { type ChannelMessage, sendToChannel } from './channel-senders'
import type { Mailer } from './mailer'
import type { ChannelRow as Row, NotificationsRepository } from './notifications.repository'
import { refusal } from '../../../contract/refusal-text'

type Body = z.infer<typeof ChannelBodySchema>

/** `ops@example.com` → `o…@example.com`; a URL → its origin and first path segment. Never the secret parts. */
export function targetHint(kind: Row['kind'], target: string) {
  if (kind === 'email') {
    const [user, host] = target.split('@')
    return `${user.slice(0, 1)}…@${host}`
  }
  try {
    const u = new URL(target)
    return `${u.origin}/${u.pathname.split('/')[1] ?? ''}…`
  } catch {
    return '…'
  }
}

/**
 * Each user's own notification channels (e-mail, chat webhooks). Target and secret are sealed with the master
 * key: a robot webhook URL is as good as a password to its chat group. Only the owner sees or changes them.
 */
export class ChannelsService {
  constructor(
    private readonly db: Db,
    private readonly repo: NotificationsRepository,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
  ) {}

  private dto(r: Row) {
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      targetHint: targetHint(r.kind, this.keyring.decrypt(r.sealedTarget)),
      hasSecret: r.sealedSecret !== null,
      urgencies: r.urgencies as Urgency[],
      enabled: r.enabled,
      createdAt: r.createdAt.toISOString(),
    }
  }

  async list(principal: Principal) {
    const rows = await this.repo.channelsOf(principal.userId)
    return rows.map((r) => this.dto(r))
  }

  private async own(tx: Tx, principal: Principal, id: string) {
    const row = await this.repo.ownChannel(principal.userId, id, tx)
    if (!row) throw new NotFoundError(refusal('channel.not-found', { id }))
    return row
  }

  private values(b: Body, keep?: Row) {
    return {
      kind: b.kind,
      name: b.name,
      sealedTarget: this.keyring.encrypt(b.target),
      sealedSecret: b.secret ? this.keyring.encrypt(b.secret) : (keep?.sealedSecret ?? null),
      urgencies: [...new Set(b.urgencies)],
      enabled: b.enabled,
    }
  }

  async create(principal: Principal, b: Body, ctx: RequestContext) {
    return this.db.transaction(async (tx) => {
      const row = await this.repo.insertChannel(
        tx,
        { tenantId: principal.tenantId, userId: principal.userId },
        this.values(b),
      )
      await this.audit.record(
        tx,
        principal,
        {
          action: 'notification-channel.create',
          targetType: 'notification-channel',
          targetId: row.id,
          after: { kind: b.kind, name: b.name, urgencies: b.urgencies },
        },
        ctx,
      )
      return this.dto(row)
    })
  }

  async update(principal: Principal, id: string, b: Body, ctx: RequestContext) {
    return this.db.transaction(async (tx) => {
      const before = await this.own(tx, principal, id)
      const row = await this.repo.updateChannel(tx, id, this.values(b, before))
      await this.audit.record(
        tx,
        principal,
        {
          action: 'notification-channel.update',
          targetType: 'notification-channel',
          targetId: id,
          before: { kind: before.kind, name: before.name, urgencies: before.urgencies, enabled: before.enabled },
          after: { kind: b.kind, name: b.name, urgencies: b.urgencies, enabled: b.enabled },
        },
        ctx,
      )
      return this.dto(row)
    })
  }

  async remove(principal: Principal, id: string, ctx: RequestContext) {
    await this.db.transaction(async (tx) => {
      const before = await this.own(tx, principal, id)
      await this.repo.deleteChannel(tx, id)
      await this.audit.record(
        tx,
        principal,
        {
          action: 'notification-channel.delete',
          targetType: 'notification-channel',
          targetId: id,
          before: { kind: before.kind, name: before.name },
        },
        ctx,
      )
    })
  }

  /** Sends a test message at once (not queued: the person clicking wants the answer now). */
  async test(principal: Principal, id: string, publicUrl: string) {
    const row = await this.own(this.db, principal, id)
    const sent = await this.send(row, {
      event: 'test',
      subject: `Test from the ops console (${row.name})`,
      text: `${principal.displayName}, this channel reaches you. Pages and notifications will arrive here.`,
      url: `${publicUrl}/settings/notifications`,
    })
    return sent
  }

  /** One attempt over a stored channel; the job queue and the test button call it. */
  async send(row: Row, m: ChannelMessage): Promise<{ status: 'sent' | 'failed' | 'skipped'; reason: string | null }> {
    if (row.kind === 'email' && !this.mailer.configured)
      return { status: 'skipped', reason: 'SMTP_URL is not configured' }
    try {
      const target = this.keyring.decrypt(row.sealedTarget)
      const secret = row.sealedSecret ? this.keyring.decrypt(row.sealedSecret) : null
      await sendToChannel(row.kind, target, secret, m, this.mailer)
      return { status: 'sent', reason: null }
    } catch (err) {
      return { status: 'failed', reason: (err as Error).message.slice(0, 500) }
    }
  }

  /** The enabled channels of these users for an urgency (the inbox is not a channel row: it always gets it). */
  async forUsers(tx: Tx, userIds: string[], urgency: Urgency) {
    if (!userIds.length) return []
    return this.repo.enabledChannelsFor(tx, userIds, urgency)
  }

  async byId(id: string) {
    return this.repo.channelById(id)
  }
}

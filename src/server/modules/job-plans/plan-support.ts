import type { InboxPhrases } from '../../../contract/inbox-text'
import type { Tx } from '../../db/client'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditEvent, AuditService } from '../audit/audit.service'
import type { UsersService } from '../identity/users.service'
import type { InboxService } from '../inbox/inbox.service'
import { actingPrincipal } from './acting-principal'

/** An inbox message of a plan run or schedule. */
type Notice = { kind: string; title: string; body: string; link: string; phrases: InboxPhrases }

/** The owner of a background run or schedule: its creator in its tenant. */
export interface PlanOwner {
  tenantId: string
  creatorId: string | null
  creatorName: string
}

/**
 * What plan runs and schedules both do around the work itself: act as their creator, tell the creator in the
 * inbox, and write the audit trail. One helper, so the two services cannot drift apart on it.
 */
export class PlanSupport {
  constructor(
    readonly identity: UsersService,
    private readonly inbox: InboxService,
    private readonly audit: AuditService,
  ) {}

  /** The creator as they are now (a disabled or removed creator cannot act: ForbiddenError). */
  actAs(owner: PlanOwner): Promise<Principal> {
    return actingPrincipal(this.identity, owner.tenantId, owner.creatorId, owner.creatorName)
  }

  /** An inbox message to the owner, in `tx` (nothing when the creator is unknown). */
  async tellOwner(tx: Tx, owner: PlanOwner, notice: Notice) {
    if (!owner.creatorId) return
    await this.tell(tx, owner.tenantId, owner.creatorId, notice)
  }

  /** An inbox message to one user of the tenant, in `tx`. */
  async tell(tx: Tx, tenantId: string, recipientId: string, notice: Notice) {
    await this.inbox.post(tx, { tenantId, recipientId, ...notice })
  }

  /** An audit entry in `tx`. */
  record(tx: Tx, principal: Principal, event: AuditEvent, ctx?: RequestContext) {
    return this.audit.record(tx, principal, event, ctx)
  }
}

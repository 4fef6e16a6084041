import { composed, phrase } from '../../../contract/inbox-text'
import type { Db, Tx } from '../../db/client'
import type { EscalationStep } from '../../db/schema'
import type { JobQueue } from '../../jobs/job-queue'
import type { Log } from '../../lib/log'
import { NotFoundError } from '../../lib/errors'
import type { IncidentRow } from '../incidents/incident-dto'
import type { IncidentChange, IncidentsService } from '../incidents/incidents.service'
import type { DeliveryFailure, Notifier } from '../notifications/notifier'
import type { OncallRepository } from './oncall.repository'
import type { People } from './people'
import { pickPolicy, type PoliciesService, type PolicyRow } from './policies.service'
import type { SchedulesService } from './schedules.service'
import { refusal } from '../../../contract/refusal-text'

const TRIGGERED = 'INCIDENT_STATUS_TRIGGERED'
/** One pending escalation per page: the next one replaces it, accepting removes it. */
const escalationKey = (pageId: string) => `incident-escalate:${pageId}`
const LEVEL_NAME: Record<string, string> = {
  level_10: 'P1',
  level_20: 'P2',
  level_30: 'P3',
  level_40: 'P4',
  level_50: 'P5',
}

/**
 * Paging: a new incident notifies the first level of its escalation policy at once (`incident-page` job,
 * queued in the incident's own transaction); for the policy's escalating levels (P1/P2 by default) an
 * `incident-escalate` job is queued to run after the level's timeout and notifies the next level, and so on
 * through the repeats, until someone accepts the incident. Accepting marks the page acknowledged in the same
 * transaction (the page row lock orders it against a running escalation), so no later level is paged.
 * Everything lands on the incident's timeline: who was notified, on which channels, failures, who accepted.
 */
export class PagingService {
  constructor(
    private readonly db: Db,
    private readonly repo: OncallRepository,
    private readonly jobs: JobQueue,
    private readonly incidents: IncidentsService,
    private readonly schedules: SchedulesService,
    private readonly policies: PoliciesService,
    private readonly people: People,
    private readonly notifier: Notifier,
    private readonly log: Log,
  ) {}

  /**
   * In the transaction of every incident change (IncidentsService.onChangeInTx). New incidents are routed here,
   * set-based: those no policy covers are marked unrouted at once (one insert and one timeline insert for a
   * whole alarm batch); the others get an `incident-page` job that notifies outside the transaction.
   */
  async onIncidentChanges(tx: Tx, changes: IncidentChange[]) {
    const opened = changes.filter((c) => (c.action === 'create' || c.action === 'submitDraft1') && c.to === TRIGGERED)
    if (opened.length) await this.route(tx, opened)
    for (const c of changes) await this.onIncidentChange(tx, c)
  }

  private async route(tx: Tx, opened: IncidentChange[]) {
    const policiesOf = new Map<string, PolicyRow[]>()
    const unrouted: IncidentRow[] = []
    const paged: IncidentRow[] = []
    for (const { incident } of opened) {
      let all = policiesOf.get(incident.tenantId)
      if (!all) {
        all = await this.policies.all(incident.tenantId, tx)
        policiesOf.set(incident.tenantId, all)
      }
      if (pickPolicy(all, incident.applicationId, incident.level)) paged.push(incident)
      else unrouted.push(incident)
    }
    await this.jobs.addMany(
      tx,
      paged.map((i) => ({ task: 'incident-page' as const, payload: { incidentId: i.id } })),
    )
    if (!unrouted.length) return
    const marked = await this.repo.insertUnrouted(tx, unrouted)
    await this.incidents.noteMany(
      tx,
      marked.map((incidentId) => ({ incidentId, actor: 'system', action: 'page.unrouted', fields: {} })),
    )
  }

  /** A change of a known incident: paging stops when it leaves TRIGGERED. */
  private async onIncidentChange(tx: Tx, c: IncidentChange) {
    if (c.from === TRIGGERED && c.to !== TRIGGERED) {
      const accepted = c.action === 'acceptedIncident1'
      const stopped = await this.repo.stopPaging(tx, c.incident.id, accepted, c.incident.assignee)
      // The pending escalation is dropped, so nothing about this incident waits in the queue any more.
      if (stopped.length) await this.jobs.remove(tx, escalationKey(stopped[0].id))
      if (stopped.length && accepted) {
        const who = c.incident.assignee
          ? (await this.people.byIds(c.incident.tenantId, [c.incident.assignee], tx)).get(c.incident.assignee)
          : undefined
        await this.incidents.note(tx, c.incident.id, who?.username ?? 'system', 'page.acknowledged', {
          user: who?.username ?? null,
          name: who?.displayName ?? null,
          level: stopped[0].step + 1,
        })
      }
    }
  }

  /** The `incident-page` job: first level now, escalation queued. Idempotent (one page per incident). */
  async start(incidentId: number) {
    const incident = await this.incidents.rowById(incidentId)
    if (!incident || incident.status !== TRIGGERED) return
    await this.db.transaction(async (tx) => {
      const policy = pickPolicy(await this.policies.all(incident.tenantId, tx), incident.applicationId, incident.level)
      const escalates = !!policy && policy.escalateLevels.includes(incident.level)
      const page = await this.repo.insertPage(tx, {
        tenantId: incident.tenantId,
        incidentId,
        policyId: policy?.id ?? null,
        status: !policy ? 'unrouted' : escalates ? 'paging' : 'notified',
      })
      if (!page) return
      if (!policy) {
        await this.incidents.note(tx, incidentId, 'system', 'page.unrouted', {})
        return
      }
      await this.notifyLevel(tx, incident, policy, 0)
      if (escalates) await this.queueNext(tx, page.id, policy.steps[0], 1)
    })
  }

  private queueNext(tx: Tx, pageId: string, step: EscalationStep, next: number) {
    return this.jobs.add(
      tx,
      'incident-escalate',
      { pageId, step: next },
      {
        runAt: new Date(Date.now() + step.timeoutSec * 1000),
        maxAttempts: 5,
        jobKey: escalationKey(pageId),
      },
    )
  }

  /** The `incident-escalate` job for escalation `step` (1 = second level …); a stale or repeated job does nothing. */
  async escalate(pageId: string, step: number) {
    await this.db.transaction(async (tx) => {
      const page = await this.repo.lockPage(tx, pageId)
      if (page?.status !== 'paging' || page.step !== step - 1 || !page.policyId) return
      const incident = await this.incidents.rowById(page.incidentId, tx)
      const policy = await this.policies.byId(page.tenantId, page.policyId, tx)
      if (!incident || incident.status !== TRIGGERED || !policy) return
      const total = policy.steps.length * (policy.repeatCount + 1)
      if (step >= total) {
        await this.repo.updatePage(tx, pageId, { status: 'exhausted' })
        await this.incidents.note(tx, incident.id, 'system', 'page.exhausted', {
          levels: policy.steps.length,
          repeats: policy.repeatCount,
        })
        return
      }
      await this.repo.updatePage(tx, pageId, { step })
      const level = step % policy.steps.length
      await this.notifyLevel(tx, incident, policy, level, Math.floor(step / policy.steps.length))
      await this.queueNext(tx, pageId, policy.steps[level], step + 1)
    })
  }

  /** The username of whoever the first level of the incident's policy reaches now (war-room admin), or null. */
  async firstResponder(incident: IncidentRow): Promise<string | null> {
    const policy = pickPolicy(await this.policies.all(incident.tenantId), incident.applicationId, incident.level)
    for (const t of policy?.steps[0].targets ?? []) {
      const id = t.type === 'user' ? t.id : await this.schedules.onCall(this.db, incident.tenantId, t.id)
      const person = id ? (await this.people.byIds(incident.tenantId, [id])).get(id) : undefined
      if (person && !person.disabled) return person.username
    }
    return null
  }

  private async notifyLevel(tx: Tx, incident: IncidentRow, policy: PolicyRow, level: number, round = 0) {
    const ids: string[] = []
    for (const t of policy.steps[level].targets) {
      const id = t.type === 'user' ? t.id : await this.schedules.onCall(tx, incident.tenantId, t.id)
      if (id && !ids.includes(id)) ids.push(id)
    }
    const people = [...(await this.people.byIds(incident.tenantId, ids, tx)).values()].filter((p) => !p.disabled)
    if (!people.length) {
      await this.incidents.note(tx, incident.id, 'system', 'page.nobody', { level: level + 1, policy: policy.name })
      return
    }
    const p = LEVEL_NAME[incident.level] ?? incident.level
    const sent = await this.notifier.notify(tx, people, {
      tenantId: incident.tenantId,
      kind: 'incident.page',
      ...composed(
        { title: phrase('incident.page', { level: p, title: incident.title.slice(0, 240) }) },
        `${incident.incidentNum}: ${incident.description || incident.title}`.slice(0, 1000),
      ),
      link: `/incidents/${encodeURIComponent(incident.incidentNum)}`,
      urgency: incident.level === 'level_10' || incident.level === 'level_20' ? 'high' : 'low',
      targetType: 'incident',
      targetId: incident.incidentNum,
    })
    this.log.info(
      { incident: incident.incidentNum, level: level + 1, round, to: sent.map((s) => s.recipient.username) },
      'incident paged',
    )
    await this.incidents.noteMany(
      tx,
      sent.map((s) => ({
        incidentId: incident.id,
        actor: 'system',
        action: 'page.notified',
        fields: {
          user: s.recipient.username,
          name: s.recipient.displayName ?? s.recipient.username,
          channels: s.channels,
          level: level + 1,
          round: round + 1,
          policy: policy.name,
        },
      })),
    )
  }

  /** A failed delivery about an incident goes on its timeline (first failure, and when it is given up). */
  async onDeliveryFailure(tx: Tx, f: DeliveryFailure) {
    if (f.targetType !== 'incident') return
    const row = await this.incidents.rowByNum(f.tenantId, f.targetId, tx)
    if (!row) return
    await this.incidents.note(tx, row.id, 'system', f.final ? 'page.delivery-failed' : 'page.delivery-retrying', {
      user: f.recipient,
      channel: f.channel,
      reason: f.reason,
      attempt: f.attempt,
    })
  }

  /** The paging of one incident for its drawer. */
  async view(tenantId: string, incidentNum: string) {
    const incident = await this.incidents.rowByNum(tenantId, incidentNum)
    if (!incident) throw new NotFoundError(refusal('incident.not-found', { incident: incidentNum }))
    const page = await this.repo.pageOf(incident.id)
    const policy = page?.policyId ? await this.policies.byId(tenantId, page.policyId) : undefined
    const ack = page?.acknowledgedBy
      ? (await this.people.byIds(tenantId, [page.acknowledgedBy])).get(page.acknowledgedBy)
      : undefined
    const deliveries = await this.notifier.forTarget(tenantId, 'incident', incidentNum)
    return {
      status: page?.status ?? ('none' as const),
      policyName: policy?.name ?? null,
      step: page?.step ?? 0,
      acknowledgedBy: ack?.displayName ?? page?.acknowledgedBy ?? null,
      deliveries: deliveries.map((d) => ({
        channel: d.channel,
        recipient: d.recipient,
        status: d.status,
        attempts: d.attempts,
        lastError: d.lastError,
        updatedAt: d.updatedAt.toISOString(),
      })),
    }
  }
}

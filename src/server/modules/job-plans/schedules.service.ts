import { composed, phrase } from '../../../contract/inbox-text'
import type { Schedule, ScheduleBody } from '../../../contract/schedules'
import { SENSITIVE_MASK } from '../../../contract/script-rules'
import type { Db, Tx } from '../../db/client'
import type { ScheduleRow } from '../../db/schema'
import { DomainError, NotFoundError, ValidationError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { Log } from '../../lib/log'
import type { Principal, RequestContext } from '../../lib/principal'
import type { JobQueue } from '../../jobs/job-queue'
import type { PlanSupport } from './plan-support'
import type { JobPlansService } from './job-plans.service'
import type { PlanRunsService } from './plan-runs.service'
import type { SchedulesRepository } from './schedules.repository'
import { CronError, nextFires, normalizeCron, slotsBetween } from './cron'
import { refusal } from '../../../contract/refusal-text'

export interface SchedulesOptions {
  /** A fire that starts this much after its slot is late: the slot was missed (downtime). */
  lateAfterMs: number
}

export interface FirePayload {
  scheduleId: string
  generation: number
  slot: string
}

const MAX_MISSED_REPORTED = 100

function expressionIssue(expression: string, timeZone: string): never {
  try {
    nextFires(expression, timeZone, new Date(), 1)
  } catch (err) {
    if (err instanceof CronError)
      throw new ValidationError(err.phrase, [
        { path: err.message.includes('time zone') ? 'timeZone' : 'expression', message: err.message },
      ])
    throw err
  }
  throw new ValidationError(refusal('schedule.never-fires', { expression }), [
    { path: 'expression', message: 'never fires' },
  ])
}

/**
 * Schedules (bk-job cron): each enabled schedule has exactly one pending `schedule-fire` job (job key
 * `schedule:<id>`, run_at = the next slot). The fire records its slot in `schedule_fires` (unique per slot,
 * so a slot runs once whatever replicas race), starts the run in the same transaction, and queues the next
 * slot. A fire that runs late (the console was down) records the slots it missed and, with catch-up
 * `run_once`, runs once for them. Every change bumps `generation`, so a job queued before it does nothing.
 */
export class SchedulesService {
  constructor(
    private readonly db: Db,
    private readonly repo: SchedulesRepository,
    private readonly plans: JobPlansService,
    private readonly runs: PlanRunsService,
    private readonly support: PlanSupport,
    private readonly jobs: JobQueue,
    private readonly keyring: Keyring,
    private readonly log: Log,
    private readonly opts: SchedulesOptions,
  ) {}

  preview(expression: string, timeZone: string) {
    let next: Date[]
    try {
      next = nextFires(expression, timeZone, new Date(), 5)
    } catch {
      expressionIssue(expression, timeZone)
    }
    if (!next.length) expressionIssue(expression, timeZone)
    return { kind: normalizeCron(expression).kind, next: next.map((d) => d.toISOString()) }
  }

  private async toDto(row: ScheduleRow, planName?: string): Promise<Schedule> {
    const plan = planName ?? (await this.repo.planName(row.planId))
    const plainVars: Record<string, string> = {}
    for (const [k, v] of Object.entries(row.variables)) plainVars[k] = v.startsWith('sealed:') ? SENSITIVE_MASK : v
    let next: string[] = []
    try {
      next = nextFires(row.expression, row.timeZone, new Date(), 5).map((d) => d.toISOString())
    } catch (err) {
      // Stored expressions were checked when saved; one that no longer parses shows no next runs.
      this.log.warn({ err, scheduleId: row.id, expression: row.expression }, 'schedule expression has no next fires')
    }
    return {
      id: row.id,
      name: row.name,
      planId: row.planId,
      planName: plan,
      expression: row.expression,
      kind: row.kind,
      timeZone: row.timeZone,
      catchUp: row.catchUp,
      enabled: row.enabled,
      variables: plainVars,
      next,
      lastFireAt: row.lastFireAt?.toISOString() ?? null,
      creatorName: row.creatorName,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }
  }

  private async row(principal: Principal, id: string, tx: Tx = this.db, lock = false) {
    const row = await this.repo.byId(principal.tenantId, id, tx, lock)
    if (!row) throw new NotFoundError(refusal('schedule.not-found', { id }))
    return row
  }

  /** Variables as stored: sensitive plan variables sealed (`sealed:` prefix), `******` keeps the old value. */
  private async sealVariables(principal: Principal, body: ScheduleBody, previous: Record<string, string> = {}) {
    const plan = await this.plans.row(principal.tenantId, body.planId)
    const kinds = new Map(plan.definition.variables.map((v) => [v.name, v.type]))
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(body.variables)) {
      if (!kinds.has(k))
        throw new ValidationError(refusal('schedule.unknown-variable', { name: k }), [
          { path: `variables.${k}`, message: 'unknown variable' },
        ])
      if (kinds.get(k) !== 'sensitive') out[k] = v
      else if (v === SENSITIVE_MASK) {
        if (previous[k]) out[k] = previous[k]!
      } else out[k] = `sealed:${this.keyring.encrypt(v)}`
    }
    return { plan, variables: out }
  }

  async list(principal: Principal, q: { page: number; pageSize: number; planId?: string }) {
    const { rows, total } = await this.repo.page(principal.tenantId, {
      planId: q.planId,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
    return { items: await Promise.all(rows.map((r) => this.toDto(r))), total, page: q.page, pageSize: q.pageSize }
  }

  async detail(principal: Principal, id: string) {
    return this.toDto(await this.row(principal, id))
  }

  /** A new schedule starts paused, as bk-job's save_cron does. */
  async create(principal: Principal, body: ScheduleBody, ctx: RequestContext) {
    const kind = this.preview(body.expression, body.timeZone).kind
    const { plan, variables } = await this.sealVariables(principal, body)
    const row = await this.db.transaction(async (tx) => {
      const row = await this.repo.insert(tx, {
        tenantId: principal.tenantId,
        planId: plan.id,
        name: body.name,
        expression: body.expression.trim(),
        kind,
        timeZone: body.timeZone,
        catchUp: body.catchUp,
        enabled: false,
        variables,
        creatorId: principal.userId,
        creatorName: principal.username,
      })
      await this.support.record(
        tx,
        principal,
        {
          action: 'schedule.create',
          targetType: 'schedule',
          targetId: row.id,
          after: { name: body.name, plan: plan.name, expression: body.expression, timeZone: body.timeZone },
        },
        ctx,
      )
      return row
    })
    return this.toDto(row, plan.name)
  }

  async update(principal: Principal, id: string, body: ScheduleBody, ctx: RequestContext) {
    const kind = this.preview(body.expression, body.timeZone).kind
    const current = await this.row(principal, id)
    const { plan, variables } = await this.sealVariables(principal, body, current.variables)
    const row = await this.db.transaction(async (tx) => {
      const locked = await this.row(principal, id, tx, true)
      const row = await this.repo.update(tx, id, {
        planId: plan.id,
        name: body.name,
        expression: body.expression.trim(),
        kind,
        timeZone: body.timeZone,
        catchUp: body.catchUp,
        variables,
        generation: locked.generation + 1,
        updatedAt: new Date(),
      })
      if (row.enabled) await this.queueNext(tx, row, new Date())
      await this.support.record(
        tx,
        principal,
        {
          action: 'schedule.update',
          targetType: 'schedule',
          targetId: id,
          before: { expression: locked.expression },
          after: { expression: body.expression, timeZone: body.timeZone },
        },
        ctx,
      )
      return row
    })
    return this.toDto(row, plan.name)
  }

  async setEnabled(principal: Principal, id: string, enabled: boolean) {
    const row = await this.db.transaction(async (tx) => {
      const locked = await this.row(principal, id, tx, true)
      const row = await this.repo.update(tx, id, {
        enabled,
        generation: locked.generation + 1,
        nextFireAt: null,
        updatedAt: new Date(),
      })
      if (enabled) await this.queueNext(tx, row, new Date())
      await this.support.record(tx, principal, {
        action: enabled ? 'schedule.enable' : 'schedule.disable',
        targetType: 'schedule',
        targetId: id,
      })
      return row
    })
    return this.toDto(row)
  }

  /** The one pending fire job of an enabled schedule, at its next slot after `from`. */
  private async queueNext(tx: Tx, row: ScheduleRow, from: Date) {
    const [slot] = nextFires(row.expression, row.timeZone, from, 1)
    if (!slot) return
    await this.repo.update(tx, row.id, { nextFireAt: slot })
    const payload: FirePayload = { scheduleId: row.id, generation: row.generation, slot: slot.toISOString() }
    await this.jobs.add(
      tx,
      'schedule-fire',
      { ...payload },
      { runAt: slot, jobKey: `schedule:${row.id}`, maxAttempts: 5 },
    )
  }

  async fires(principal: Principal, id: string, q: { page: number; pageSize: number }) {
    await this.row(principal, id)
    const { rows, total } = await this.repo.firesPage(id, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize })
    return {
      items: rows.map((r) => ({
        slotAt: r.slotAt.toISOString(),
        firedAt: r.firedAt.toISOString(),
        status: r.status,
        runId: r.runId,
        message: r.message,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    }
  }

  /**
   * The `schedule-fire` job. Under the schedule's row lock: a stale job (older generation, disabled) does
   * nothing; a slot already recorded is not run again; a late fire records the missed slots.
   */
  async fire(p: FirePayload) {
    // The run is prepared (owner, plan, scripts: reads) before the schedule's transaction, which only writes:
    // a read inside it would hold the row lock and one pooled connection while waiting for a second.
    const peek = await this.repo.byIdAnyTenant(p.scheduleId)
    const prepared = peek?.enabled && peek.generation === p.generation ? await this.prepareRun(peek) : undefined
    await this.db.transaction(async (tx) => {
      const row = await this.repo.lock(tx, p.scheduleId)
      if (!row?.enabled || row.generation !== p.generation || !prepared) return
      const slot = new Date(p.slot)
      const now = new Date()
      const late = now.getTime() - slot.getTime() > this.opts.lateAfterMs
      if (!late) {
        await this.fireSlot(tx, row, slot, 'fired', prepared)
      } else {
        const missed = [slot, ...slotsBetween(row.expression, row.timeZone, slot, now, MAX_MISSED_REPORTED)]
        const runOne = row.catchUp === 'run_once'
        for (const [i, s] of missed.entries()) {
          if (runOne && i === missed.length - 1) await this.fireSlot(tx, row, s, 'caught_up', prepared)
          else
            await this.repo.claimSlot(tx, {
              scheduleId: row.id,
              slotAt: s,
              status: 'missed',
              message: 'the console was not running at this time',
            })
        }
        this.log.warn({ schedule: row.id, missed: missed.length, catchUp: row.catchUp }, 'schedule fires missed')
        await this.support.tellOwner(tx, row, {
          kind: 'schedule-missed',
          ...composed({
            title: phrase('schedule.missed', { schedule: row.name, count: missed.length }),
            body: phrase('schedule.missed.body', {
              firstAt: missed[0]!.toISOString(),
              lastAt: missed.at(-1)!.toISOString(),
              catchUp: row.catchUp,
            }),
          }),
          link: `/schedules?scheduleId=${row.id}`,
        })
      }
      await this.repo.update(tx, row.id, { lastFireAt: now })
      await this.queueNext(tx, row, now > slot ? now : slot)
    })
  }

  /** The run a fire starts, ready to be written; or why it cannot start (recorded on the fire). */
  private async prepareRun(row: ScheduleRow): Promise<((tx: Tx) => Promise<string>) | DomainError> {
    try {
      const principal = await this.support.actAs(row)
      const vars: Record<string, string> = {}
      for (const [k, v] of Object.entries(row.variables))
        vars[k] = v.startsWith('sealed:') ? this.keyring.decrypt(v.slice('sealed:'.length)) : v
      return await this.runs.prepareStart(
        principal,
        row.planId,
        vars,
        { requestId: `schedule:${row.id}`, ip: '' },
        { scheduleId: row.id },
      )
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      return err
    }
  }

  private async fireSlot(
    tx: Tx,
    row: ScheduleRow,
    slot: Date,
    status: 'fired' | 'caught_up',
    run: ((tx: Tx) => Promise<string>) | DomainError,
  ) {
    const claimed = await this.repo.claimSlot(tx, { scheduleId: row.id, slotAt: slot, status })
    if (claimed === undefined) return
    try {
      if (run instanceof DomainError) throw run
      await this.repo.updateFire(tx, claimed, { runId: await run(tx) })
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      await this.repo.updateFire(tx, claimed, { status: 'failed', message: err.message })
    }
  }
}

import { OUTPUT_CAP_BYTES } from '../../../contract/agents'
import type { InstanceStatus } from '../../../contract/execution-rules'
import type { AgentDispatch } from '../../agents/agent-dispatch'
import type { LogStream } from '../../../contract/executions'
import { type CommandExit, type CommandHandle, type OutputChunk, UnknownCommandError } from '../../agents/gateway'
import type { ExecutionOrderRow } from '../../db/schema'
import { fetchLink, fileLink } from '../../lib/file-links'
import type { Keyring } from '../../lib/keyring'
import { commandParams, plainValue } from '../scripts/script-params'
import type { ExecutionsRepository, InstanceRow } from './executions.repository'
import { toInstanceView } from './execution-dto'
import type { ExecutionEvents } from './execution-events'
import { RunLog } from './run-log'
import { SecretMasker } from './secret-masker'

interface Log {
  warn(obj: object, msg: string): void
}

export interface RunOptions {
  /** How long a lost or not-yet-reconnected agent has to come back before its run counts as lost. */
  reattachGraceMs: number
  /** How often buffered output is written to the database. */
  logFlushMs?: number
}

/** One run of one instance followed by this replica. */
interface Run {
  orderId: number
  tenantId: string
  executeUuid: string
  instance: InstanceRow
  /** Plain sensitive values of the ticket, masked out of the output. */
  secrets: string[]
  /** One per stream: a secret is masked within the stream that prints it. */
  maskers: Record<LogStream, SecretMasker>
  log: RunLog
  handle?: CommandHandle
  cancelRequested: boolean
  /** The agent acknowledged this attempt (here or, per `dispatched_at`, to an earlier driver). */
  dispatched: boolean
  /** The ticket's lease went to another replica: stop without recording anything. */
  abandoned: boolean
  /** Output bytes kept for this attempt; the cap is enforced here, whatever the agent claims. */
  bytes: number
  capped: boolean
}

export interface Outcome {
  status: InstanceStatus
  exitCode: number | null
  message: string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The agent side of the engine: starts (or re-attaches to) instances' commands on their agents through the
 * dispatch, streams their output (masked) to live subscribers and, appended in chunks, to the database,
 * follows them across agent reconnects and replica changes, and records how each run ended.
 *
 * Never twice: a run is sent once with the command id stored before; whoever follows it later attaches
 * (the agent replays its journal). A run the agent does not know is sent again only when it was never
 * acknowledged; the agent refuses a command id it has seen, so even then it cannot run twice.
 */
export class InstanceRuns {
  private readonly runs = new Map<number, Run>()
  private flushTimer: NodeJS.Timeout | undefined
  private stopping = false

  constructor(
    private readonly repo: ExecutionsRepository,
    private readonly dispatch: AgentDispatch,
    private readonly keyring: Keyring,
    private readonly events: ExecutionEvents,
    private readonly log: Log,
    private readonly options: RunOptions,
    private readonly onFinished: (orderId: number) => Promise<void>,
  ) {}

  has(instanceId: number) {
    return this.runs.has(instanceId)
  }

  /** Cancels the runs followed here; returns the ids this replica does not follow. */
  cancel(instanceIds: number[]): number[] {
    const elsewhere: number[] = []
    for (const id of instanceIds) {
      const run = this.runs.get(id)
      if (!run) {
        elsewhere.push(id)
        continue
      }
      run.cancelRequested = true
      run.handle?.cancel()
    }
    return elsewhere
  }

  /** The ticket is driven elsewhere now: its runs stop here without recording an outcome. */
  abandonOrder(orderId: number) {
    for (const run of this.runs.values()) {
      if (run.orderId !== orderId) continue
      run.abandoned = true
      this.runs.delete(run.instance.id)
    }
  }

  async stop() {
    this.stopping = true
    clearInterval(this.flushTimer)
    this.flushTimer = undefined
    await Promise.all([...this.runs.values()].map((r) => r.log.flush()))
  }

  /** Runs (or re-attaches to) one instance's command and follows it to its end. */
  async follow(order: ExecutionOrderRow, instance: InstanceRow, mode: 'run' | 'attach') {
    const secrets = order.params.filter((p) => p.sensitive).map((p) => plainValue(p, this.keyring))
    const run: Run = {
      orderId: order.id,
      tenantId: order.tenantId,
      executeUuid: order.uuid,
      instance,
      secrets,
      maskers: maskersFor(secrets),
      log: new RunLog(this.repo, instance.id, instance.attempt, mode === 'attach', (err) =>
        this.log.warn({ err, instanceId: instance.id }, 'execution log write failed'),
      ),
      cancelRequested: false,
      dispatched: mode === 'attach' && instance.dispatchedAt !== null,
      abandoned: false,
      bytes: 0,
      capped: false,
    }
    this.runs.set(instance.id, run)
    // Output is buffered per run and written on this timer; it must not keep the process alive on its own.
    this.flushTimer ??= setInterval(() => {
      for (const r of this.runs.values()) void r.log.flush()
    }, this.options.logFlushMs ?? 250).unref()
    const over = () => this.stopping || run.abandoned
    try {
      let exit: CommandExit | undefined
      let outcome = mode === 'run' ? await this.start(run, order, true) : await this.reattach(run, order)
      while (!outcome) {
        if (run.cancelRequested) run.handle!.cancel()
        for await (const chunk of run.handle!.output) this.output(run, chunk)
        exit = await run.handle!.exit
        if (over()) return
        if (!exit.lost) {
          outcome =
            run.capped && !run.cancelRequested
              ? { status: 'ABNORMAL', exitCode: exit.exitCode, message: 'stopped: output over the 1 MB cap' }
              : outcomeOf(exit, order.timeoutSec)
          break
        }
        // The agent (or the replica holding it) dropped; the agent keeps running the command: re-attach.
        outcome = await this.reattach(run, order)
      }
      if (over()) return
      await this.complete(run, outcome, (exit?.truncated ?? false) || run.capped)
    } catch (err) {
      this.log.warn({ err, instanceId: instance.id }, 'following an execution instance failed')
    } finally {
      if (this.runs.get(instance.id) === run) this.runs.delete(instance.id)
    }
  }

  /**
   * Sends the run. `first`: an agent connected nowhere fails the run at once; later (a resend after a take-over)
   * the caller keeps waiting within the grace period. Undefined when the run is on its way.
   */
  private async start(run: Run, order: ExecutionOrderRow, first: boolean): Promise<Outcome | undefined> {
    const { agentSn, commandId } = run.instance
    const holder = first ? await this.dispatch.holderOf(agentSn) : undefined
    if (first && !holder)
      return { status: 'ABNORMAL', exitCode: null, message: `agent unavailable: agent ${agentSn} is not connected` }
    try {
      run.handle = await this.dispatch.runCommand(agentSn, this.command(order, run.instance), {
        tenantId: order.tenantId,
        commandId: commandId!,
        holder,
      })
    } catch (err) {
      // The agent refused (or never answered): it did not start the command. A relay that failed is
      // ambiguous, so it is settled by attaching (the agent's journal knows whether the run arrived).
      if (first && !this.dispatch.isRelayFailure(err))
        return { status: 'ABNORMAL', exitCode: null, message: `agent unavailable: ${(err as Error).message}` }
      return first ? this.reattach(run, order) : undefined
    }
    run.dispatched = true
    // Not fatal, but logged: without the mark, a driver taking over after the agent forgot the run sends it again.
    await this.repo
      .markDispatched(run.instance.id, run.instance.attempt)
      .catch((err) =>
        this.log.warn(
          { err, instanceId: run.instance.id, attempt: run.instance.attempt },
          'marking an execution instance dispatched failed',
        ),
      )
    return undefined
  }

  /** Waits for the agent to be connected somewhere, then attaches; returns an outcome only when that fails. */
  private async reattach(run: Run, order: ExecutionOrderRow): Promise<Outcome | undefined> {
    const { agentSn, commandId } = run.instance
    const until = Date.now() + this.options.reattachGraceMs
    while (!this.stopping && !run.abandoned && Date.now() < until) {
      if (await this.dispatch.holderOf(agentSn).catch(() => undefined)) {
        try {
          run.maskers = maskersFor(run.secrets) // the agent replays the whole output
          run.log.restart()
          run.bytes = 0
          run.capped = false
          run.handle = await this.dispatch.attach(agentSn, commandId!, { tenantId: run.tenantId })
          return undefined
        } catch (err) {
          if (err instanceof UnknownCommandError) {
            // Never acknowledged: the agent never received it (its driver died first), so it is sent now.
            if (!run.dispatched) {
              await this.start(run, order, false)
              if (run.handle && run.dispatched) return undefined
            } else {
              return {
                status: 'ABNORMAL',
                exitCode: null,
                message: 'the agent restarted and no longer knows this run; it was not run again (retry to run it)',
              }
            }
          }
        }
      }
      await sleep(200)
    }
    return {
      status: 'ABNORMAL',
      exitCode: null,
      message: `agent lost: ${agentSn} did not come back within ${Math.round(this.options.reattachGraceMs / 1000)} s`,
    }
  }

  /** The agent's time when it gives one (never later than now: an agent clock ahead is not believed). */
  private output(run: Run, chunk: OutputChunk) {
    const now = Date.now()
    const at = chunk.at !== undefined && chunk.at <= now ? chunk.at : now
    this.append(run, run.maskers[chunk.stream].push(chunk.data), chunk.stream, at)
  }

  /**
   * Buffers already-masked text for the database and sends it to live subscribers. The 1 MB cap per instance
   * is the server's own: an agent (modified, or buggy) that sends more is cut off here and its run stopped.
   */
  private append(run: Run, masked: string, stream: LogStream, at: number) {
    if (!masked || run.capped) return
    if (run.bytes + Buffer.byteLength(masked) > OUTPUT_CAP_BYTES) {
      masked = Buffer.from(masked)
        .subarray(0, OUTPUT_CAP_BYTES - run.bytes)
        .toString('utf8')
        .replace(/\uFFFD$/, '')
      run.capped = true
      run.handle?.cancel()
      this.log.warn({ instanceId: run.instance.id }, 'agent output over the 1 MB cap: truncated and stopped')
    }
    run.bytes += Buffer.byteLength(masked)
    run.log.append(masked, stream, at)
    this.events.emit(run.tenantId, {
      type: 'log',
      executeUuid: run.executeUuid,
      instanceId: run.instance.id,
      attempt: run.instance.attempt,
      data: masked,
      stream,
      at: new Date(at).toISOString(),
    })
  }

  /**
   * Records a run's end, then moves the ticket on. The write is conditional (this attempt, still PROCESSING),
   * so it needs no place on the ticket's chain.
   */
  private async complete(run: Run, outcome: Outcome, truncated: boolean) {
    const now = Date.now()
    for (const stream of ['stdout', 'stderr'] as const) this.append(run, run.maskers[stream].end(), stream, now)
    const { pieces, replace, stored } = await run.log.take()
    const message = truncated ? `${outcome.message} (log truncated at 1 MB)` : outcome.message
    const row = await this.repo.finishInstance(run.instance.id, run.instance.attempt, {
      status: outcome.status,
      exitCode: outcome.exitCode,
      message,
      tail: pieces,
      truncated,
      replaceLog: replace,
      storedChunks: stored,
    })
    this.runs.delete(run.instance.id)
    if (row)
      this.events.emit(run.tenantId, { type: 'instance', executeUuid: run.executeUuid, instance: toInstanceView(row) })
    await this.onFinished(run.orderId)
  }

  private command(order: ExecutionOrderRow, instance: InstanceRow) {
    const spec = order.pushSpec
    const agentSn = instance.agentSn
    const source = spec?.sources?.find((s) => s.agentSn === agentSn)
    if (order.kind === 'push_file' && spec?.sources?.length && instance.batchIndex === 1 && source) {
      // A source host (batch 1): it uploads its files into this ticket's push before the targets run.
      return {
        type: 'SHELL' as const,
        script: '',
        timeoutSec: order.timeoutSec,
        user: order.executeUser,
        fetch: { paths: source.paths, uploadPath: fetchLink(this.keyring, order.id, agentSn, order.timeoutSec * 1000) },
      }
    }
    if (order.kind === 'push_file' && spec) {
      // A push: no script; the agent downloads each file by a link signed for it alone.
      return {
        type: 'SHELL' as const,
        script: '',
        timeoutSec: order.timeoutSec,
        user: order.executeUser,
        push: {
          files: spec.files.map((f) => ({
            path: fileLink(this.keyring, f.id, agentSn),
            name: f.name,
            size: f.size,
            sha256: f.sha256,
            ...(f.dir ? { dir: f.dir } : {}),
          })),
          targetDir: spec.targetDir,
          owner: spec.owner,
          mode: spec.mode,
        },
      }
    }
    return {
      type: order.scriptType,
      script: order.content,
      timeoutSec: order.timeoutSec,
      user: order.executeUser,
      lowPriority: !order.resourceful,
      ...commandParams(order.params, (p) => plainValue(p, this.keyring)),
    }
  }
}

function maskersFor(secrets: string[]): Record<LogStream, SecretMasker> {
  return { stdout: new SecretMasker(secrets), stderr: new SecretMasker(secrets) }
}

/** How a finished command maps to the instance's status and message. */
export function outcomeOf(exit: CommandExit, timeoutSec: number): Outcome {
  const code = exit.exitCode
  if (exit.canceled) return { status: 'CANCELED', exitCode: code, message: 'canceled' }
  if (exit.timedOut) return { status: 'ABNORMAL', exitCode: code, message: `timed out after ${timeoutSec} s` }
  if (exit.error) return { status: 'ABNORMAL', exitCode: code, message: exit.error }
  if (code === 0) return { status: 'FINISHED', exitCode: 0, message: exit.summary ?? 'exit code 0' }
  if (code === null) return { status: 'ABNORMAL', exitCode: null, message: `killed by ${exit.signal ?? 'a signal'}` }
  return { status: 'ABNORMAL', exitCode: code, message: `exit code ${code}` }
}

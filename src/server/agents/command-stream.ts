import type { ExitMessage } from '../../contract/agents'

/** One piece of a command's output, in the order the agent produced it. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr'
  data: string
  /** When the agent read it (epoch ms), if the agent says. */
  at?: number
}

/** How a command ended. `lost`: the agent disconnected before reporting an exit. */
export type CommandExit = Omit<ExitMessage, 'type' | 'commandId'> & { lost: boolean }

/**
 * A running command on one agent. Read `output` (an async iterable that ends when the command exits) and/or
 * await `exit`; `cancel()` asks the agent to kill the process tree (the exit then reports `canceled`).
 */
export interface CommandHandle {
  readonly commandId: string
  readonly agentSn: string
  readonly output: AsyncIterable<OutputChunk>
  readonly exit: Promise<CommandExit>
  cancel(): void
}

/** Buffers chunks until read; ends once `close` is called and the buffer is drained. */
export class ChunkQueue implements AsyncIterable<OutputChunk> {
  private readonly items: OutputChunk[] = []
  private waiter: (() => void) | undefined
  private closed = false

  push(chunk: OutputChunk) {
    if (this.closed) return
    this.items.push(chunk)
    this.wake()
  }

  close() {
    this.closed = true
    this.wake()
  }

  private wake() {
    const w = this.waiter
    this.waiter = undefined
    w?.()
  }

  async *[Symbol.asyncIterator](): AsyncIterator<OutputChunk> {
    for (;;) {
      if (this.items.length) {
        yield this.items.shift()!
        continue
      }
      if (this.closed) return
      await new Promise<void>((resolve) => {
        this.waiter = resolve
      })
    }
  }
}

/** The gateway's side of a command: routes agent messages to the queue and settles the exit once. */
export class PendingCommand {
  readonly queue = new ChunkQueue()
  readonly exit: Promise<CommandExit>
  private settle!: (e: CommandExit) => void
  private done = false
  onChunk?: (chunk: OutputChunk) => void

  constructor(
    readonly commandId: string,
    readonly startedAt = Date.now(),
  ) {
    this.exit = new Promise((resolve) => {
      this.settle = resolve
    })
  }

  get isDone() {
    return this.done
  }

  output(chunk: OutputChunk) {
    if (this.done) return
    this.onChunk?.(chunk)
    this.queue.push(chunk)
  }

  finish(e: CommandExit) {
    if (this.done) return
    this.done = true
    this.queue.close()
    this.settle(e)
  }

  /** The agent went away: the command's fate is unknown, reported as lost (the engine marks it ABNORMAL). */
  lose(reason: string) {
    this.finish({
      exitCode: null,
      signal: null,
      timedOut: false,
      canceled: false,
      truncated: false,
      durationMs: Date.now() - this.startedAt,
      error: reason,
      lost: true,
    })
  }
}

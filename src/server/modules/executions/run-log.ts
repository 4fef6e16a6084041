import type { ExecutionsRepository } from './executions.repository'

/**
 * The not-yet-written output of one running attempt. `flush` appends it as one chunk row, one write at a
 * time per run; `replace` (after a re-attach replayed the whole output) drops what was stored first.
 */
export class RunLog {
  private pending = ''
  private writes: Promise<void> = Promise.resolve()

  constructor(
    private readonly repo: ExecutionsRepository,
    private readonly instanceId: number,
    private readonly attempt: number,
    private replace: boolean,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  append(masked: string) {
    this.pending += masked
  }

  /** Everything from here on is the whole output again (the agent replays it on re-attach). */
  restart() {
    this.pending = ''
    this.replace = true
  }

  flush(): Promise<void> {
    if (!this.pending && !this.replace) return this.writes
    const text = this.pending
    const replace = this.replace
    this.pending = ''
    this.replace = false
    this.writes = this.writes
      .then(() => this.repo.appendLog(this.instanceId, this.attempt, text, replace))
      .catch(this.onError)
    return this.writes
  }

  /** Waits for earlier writes and hands over the rest, for the final write that also records the exit. */
  async take(): Promise<{ text: string; replace: boolean }> {
    const text = this.pending
    const replace = this.replace
    this.pending = ''
    this.replace = false
    await this.writes
    return { text, replace }
  }

  settled() {
    return this.writes
  }
}

import type { LogStream } from '../../../contract/executions'
import type { ExecutionsRepository } from './executions.repository'

/** A piece of output: masked text, the stream it came from and when it was read (epoch ms). */
export interface LogPiece {
  stream: LogStream
  at: number
  text: string
}

/** Pieces of one stream read within this many ms of the piece before are kept as one (one mark, one time). */
const MERGE_MS = 1000

/** Appends a piece, merged into the last one when it is of the same stream and close in time. */
export function pushPiece(pieces: LogPiece[], piece: LogPiece) {
  if (!piece.text) return
  const last = pieces[pieces.length - 1]
  if (last && last.stream === piece.stream && piece.at - last.at < MERGE_MS) last.text += piece.text
  else pieces.push({ ...piece })
}

/**
 * The not-yet-written output of one running attempt. `flush` appends it as chunk rows (one per piece, with
 * its stream and time), one write at a time per run; `replace` (after a re-attach replayed the whole output)
 * drops what was stored first.
 */
export class RunLog {
  private pending: LogPiece[] = []
  private writes: Promise<void> = Promise.resolve()
  /** Chunk rows of this attempt may exist: written here, or (re-attached) by an earlier driver. */
  private stored: boolean

  constructor(
    private readonly repo: ExecutionsRepository,
    private readonly instanceId: number,
    private readonly attempt: number,
    private replace: boolean,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.stored = replace
  }

  append(masked: string, stream: LogStream = 'stdout', at = Date.now()) {
    pushPiece(this.pending, { stream, at, text: masked })
  }

  /** Everything from here on is the whole output again (the agent replays it on re-attach). */
  restart() {
    this.pending = []
    this.replace = true
  }

  flush(): Promise<void> {
    if (!this.pending.length && !this.replace) return this.writes
    const pieces = this.pending
    const replace = this.replace
    this.pending = []
    this.replace = false
    this.stored = true
    this.writes = this.writes
      .then(() => this.repo.appendLog(this.instanceId, this.attempt, pieces, replace))
      .catch(this.onError)
    return this.writes
  }

  /** Waits for earlier writes and hands over the rest, for the final write that also records the exit. */
  async take(): Promise<{ pieces: LogPiece[]; replace: boolean; stored: boolean }> {
    const pieces = this.pending
    const replace = this.replace
    this.pending = []
    this.replace = false
    await this.writes
    return { pieces, replace, stored: this.stored }
  }

  settled() {
    return this.writes
  }
}

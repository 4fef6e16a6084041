import type { ExitMessage } from '../contract/agents'

type Exit = Omit<ExitMessage, 'type' | 'commandId'>
interface Entry {
  chunks: { stream: 'stdout' | 'stderr'; data: string }[]
  exit?: Exit
  endedAt?: number
}

const KEEP_FINISHED_MS = 30 * 60_000
const KEEP_FINISHED_MAX = 200

/**
 * What the agent remembers of its commands so a restarted BFF can re-attach (see `attach` in the protocol):
 * the output so far (already capped at 1 MB by the executor) and, once ended, the exit. Finished commands
 * are kept 30 minutes, at most 200 of them.
 */
export class CommandJournal {
  private readonly entries = new Map<string, Entry>()

  start(commandId: string) {
    this.entries.set(commandId, { chunks: [] })
  }

  output(commandId: string, stream: 'stdout' | 'stderr', data: string) {
    const e = this.entries.get(commandId)
    if (!e) return
    const last = e.chunks[e.chunks.length - 1]
    if (last?.stream === stream) last.data += data
    else e.chunks.push({ stream, data })
  }

  finish(commandId: string, exit: Exit, now = Date.now()) {
    const e = this.entries.get(commandId)
    if (!e) return
    e.exit = exit
    e.endedAt = now
    this.prune(now)
  }

  get(commandId: string): Readonly<Entry> | undefined {
    return this.entries.get(commandId)
  }

  prune(now = Date.now()) {
    const finished = [...this.entries].filter(([, e]) => e.endedAt !== undefined)
    finished.forEach(([id, e], i) => {
      if (now - e.endedAt! > KEEP_FINISHED_MS || finished.length - i > KEEP_FINISHED_MAX) this.entries.delete(id)
    })
  }
}

import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ExitMessage } from '../contract/agents'
import { ensurePrivateDir } from './safe-dirs'

export type Exit = Omit<ExitMessage, 'type' | 'commandId'>
export type Stream = 'stdout' | 'stderr'

/** What a run needs to survive the agent: when it started, its limits, its process group and run dir. */
export interface RunMeta {
  commandId: string
  startedAt: number
  timeoutSec: number
  /** Process (and process group) id of the wrapper shell, once spawned. */
  pid?: number
  runDir?: string
}

export interface JournalEntry {
  meta: RunMeta
  /** The command's own dir: its output files (`stdout`, `stderr`), the wrapper's `status`, the journal files. */
  dir: string
  /** Output as sent; `at`: when it was read (epoch ms; pieces of one stream within a second share the first's). */
  chunks: { stream: Stream; data: string; at?: number }[]
  /** Bytes of each output file already turned into chunks (where a restarted agent resumes reading). */
  offsets: Record<Stream, number>
  bytes: number
  truncated: boolean
  exit?: Exit
  endedAt?: number
}

const KEEP_FINISHED_MS = 30 * 60_000
const KEEP_FINISHED_MAX = 200

/**
 * What the agent remembers of its commands, on disk under `<work dir>/journal/<command id>/`, so that a
 * restarted gateway *or a restarted agent* can still answer `attach`: the output sent so far (capped at
 * 1 MB by the executor; `chunks.jsonl`, one line per batch with the file offsets it came from), `meta.json`
 * (start, timeout, process group) and, once ended, `exit.json`. Finished commands are kept 30 minutes, at
 * most 200 of them.
 */
export class CommandJournal {
  private readonly entries = new Map<string, JournalEntry>()

  constructor(private readonly root: string) {
    ensurePrivateDir(root, 0o700)
  }

  /** Reads the journal of a previous agent process; returns the runs that had not ended. */
  load(): JournalEntry[] {
    for (const name of readdirSync(this.root)) {
      const dir = path.join(this.root, name)
      try {
        const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as RunMeta
        const e = blank(meta, dir)
        const lines = existsSync(path.join(dir, 'chunks.jsonl'))
          ? readFileSync(path.join(dir, 'chunks.jsonl'), 'utf8').split('\n')
          : []
        for (const line of lines.filter(Boolean)) {
          const c = JSON.parse(line) as { s: Stream; d: string; o: number; t?: boolean; a?: number }
          append(e, c.s, c.d, c.a)
          e.offsets[c.s] = c.o
          e.truncated ||= c.t === true
        }
        if (existsSync(path.join(dir, 'exit.json'))) {
          const { endedAt, ...exit } = JSON.parse(readFileSync(path.join(dir, 'exit.json'), 'utf8'))
          e.exit = exit
          e.endedAt = endedAt
        }
        this.entries.set(meta.commandId, e)
      } catch {
        // A run dir whose meta was never written completely: nothing was started from it.
        rmSync(dir, { recursive: true, force: true })
      }
    }
    this.prune()
    return [...this.entries.values()].filter((e) => !e.exit)
  }

  /** Starts the record of a new command; its dir is created fresh (a reused id fails here). */
  start(meta: RunMeta): JournalEntry {
    const dir = path.join(this.root, meta.commandId.replace(/[^\w-]/g, '_'))
    ensurePrivateDir(dir, 0o700)
    if (existsSync(path.join(dir, 'meta.json'))) throw new Error('command id already used')
    const e = blank(meta, dir)
    this.entries.set(meta.commandId, e)
    this.saveMeta(e)
    return e
  }

  saveMeta(e: JournalEntry) {
    writeFileSync(path.join(e.dir, 'meta.json'), JSON.stringify(e.meta), { mode: 0o600 })
  }

  output(e: JournalEntry, stream: Stream, data: string, offset: number, truncated: boolean, at = Date.now()) {
    append(e, stream, data, at)
    e.offsets[stream] = offset
    e.truncated ||= truncated
    appendFileSync(
      path.join(e.dir, 'chunks.jsonl'),
      `${JSON.stringify({ s: stream, d: data, o: offset, a: at, ...(truncated ? { t: true } : {}) })}\n`,
      { mode: 0o600 },
    )
  }

  /** Records the exit (before it is sent: a restarted agent must know the run ended). Then call `tidy`. */
  finish(e: JournalEntry, exit: Exit, now = Date.now()) {
    e.exit = exit
    e.endedAt = now
    writeFileSync(path.join(e.dir, 'exit.json'), JSON.stringify({ ...exit, endedAt: now }), { mode: 0o600 })
  }

  /**
   * After the exit went out: the raw output files are no longer needed (chunks.jsonl holds what was sent) and
   * old runs are pruned. Deleting costs milliseconds per file on some disks, so it waits until the gateway
   * has the exit; files left by a crash in between are only litter (load and prune ignore them).
   */
  tidy(e: JournalEntry, now = Date.now()) {
    for (const f of ['stdout', 'stderr', 'status']) rmSync(path.join(e.dir, f), { force: true })
    this.prune(now)
  }

  get(commandId: string): Readonly<JournalEntry> | undefined {
    return this.entries.get(commandId)
  }

  prune(now = Date.now()) {
    const finished = [...this.entries].filter(([, e]) => e.endedAt !== undefined)
    finished.sort(([, a], [, b]) => a.endedAt! - b.endedAt!)
    finished.forEach(([id, e], i) => {
      if (now - e.endedAt! > KEEP_FINISHED_MS || finished.length - i > KEEP_FINISHED_MAX) {
        this.entries.delete(id)
        rmSync(e.dir, { recursive: true, force: true })
      }
    })
  }
}

function blank(meta: RunMeta, dir: string): JournalEntry {
  return { meta, dir, chunks: [], offsets: { stdout: 0, stderr: 0 }, bytes: 0, truncated: false }
}

function append(e: JournalEntry, stream: Stream, data: string, at?: number) {
  e.bytes += Buffer.byteLength(data)
  const last = e.chunks[e.chunks.length - 1]
  const sameSecond = last?.at === undefined || at === undefined || at - last.at < 1000
  if (last?.stream === stream && sameSecond) last.data += data
  else e.chunks.push({ stream, data, ...(at !== undefined ? { at } : {}) })
}

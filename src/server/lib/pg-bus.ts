import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { DbHandle, Tx } from '../db/client'

/** NOTIFY payloads must stay under 8,000 bytes; a batch is cut below that. */
const MAX_PAYLOAD_BYTES = 7_800
/** A single message bigger than this goes into `bus_payloads`; the notification carries its id. */
const MAX_INLINE_BYTES = 7_700
const PAYLOAD_TTL_SEC = 300

interface Log {
  warn(obj: object, msg: string): void
}

type Handler = (msg: unknown) => void

/** The channel every replica listens on for messages addressed to `replicaId` (a valid identifier, ≤ 63 bytes). */
export function replicaChannel(replicaId: string) {
  return `oc_r_${createHash('sha256').update(replicaId).digest('hex').slice(0, 24)}`
}

/**
 * The replicas' message bus over PostgreSQL LISTEN/NOTIFY: one listening connection per replica (the
 * DbHandle's), any number of subscribers per channel. Messages are JSON; those published in one tick to one
 * channel travel as one notification (an array), in order; a message too big for a notification is stored in
 * `bus_payloads` and fetched by the receivers. Delivery is at most once: after the listening connection was
 * re-established `onReset` handlers run, and callers resynchronise from their tables.
 */
export class PgBus {
  private readonly handlers = new Map<string, Handler[]>()
  private readonly listening: Promise<void>[] = []
  private readonly outbox = new Map<string, unknown[]>()
  private flushScheduled = false
  /** Publishes go out one after another so a channel's messages arrive in the order they were published. */
  private sending: Promise<void> = Promise.resolve()
  /** Received notifications are handled in order even when one needs its stored payload fetched first. */
  private receiving: Promise<void> = Promise.resolve()
  private purgeTimer: NodeJS.Timeout | undefined
  private closed = false
  private started = false

  constructor(
    private readonly handle: DbHandle,
    private readonly log: Log,
  ) {}

  /**
   * Subscribes `fn` to `channel`. Nothing is listened on before `ready()`: services built only to prepare the
   * database (and never started) must not answer messages meant for the running app.
   */
  subscribe(channel: string, fn: Handler) {
    const fns = this.handlers.get(channel)
    if (fns) return void fns.push(fn)
    this.handlers.set(channel, [fn])
    if (this.started) this.listenOn(channel)
  }

  /** Listens on every channel subscribed so far (and on later ones at once); resolves when that is done. */
  ready() {
    if (!this.started) {
      this.started = true
      for (const channel of this.handlers.keys()) this.listenOn(channel)
      this.purgeTimer = setInterval(() => void this.purge(), 60_000).unref()
    }
    return Promise.all(this.listening).then(() => undefined)
  }

  private listenOn(channel: string) {
    this.listening.push(this.handle.listen(channel, (payload) => this.receive(channel, payload)))
  }

  onReset(fn: () => void) {
    this.handle.onListenReset(fn)
  }

  /** Queues `msg` for `channel`; everything queued in this tick is sent together. */
  publish(channel: string, msg: unknown) {
    if (this.closed) return
    const queue = this.outbox.get(channel)
    if (queue) queue.push(msg)
    else this.outbox.set(channel, [msg])
    if (!this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(() => this.flush())
    }
  }

  /**
   * Publishes `msg` with `tx`: PostgreSQL delivers it when, and only if, the transaction commits (a replica that
   * dies right after the commit has still sent it; a rolled-back change sends nothing). Small messages only.
   */
  async publishInTx(tx: Tx, channel: string, msg: unknown) {
    const payload = `[${JSON.stringify(msg)}]`
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`bus message for ${channel} too big`)
    await tx.execute(sql`select pg_notify(${channel}, ${payload})`)
  }

  /** Resolves once everything published so far was handed to PostgreSQL. */
  flushed() {
    if (this.flushScheduled) this.flush()
    return this.sending
  }

  private flush() {
    this.flushScheduled = false
    const batches = [...this.outbox]
    this.outbox.clear()
    this.sending = this.sending.then(async () => {
      for (const [channel, msgs] of batches) {
        try {
          for (const payload of await this.pack(msgs)) await this.handle.notify(channel, payload)
        } catch (err) {
          this.log.warn({ err, channel }, 'bus publish failed')
        }
      }
    })
  }

  /** Cuts messages into JSON arrays under the payload limit; oversized messages become `{ $ref: id }`. */
  private async pack(msgs: unknown[]): Promise<string[]> {
    const payloads: string[] = []
    let parts: string[] = []
    let size = 2
    for (const msg of msgs) {
      let text = JSON.stringify(msg)
      if (Buffer.byteLength(text) > MAX_INLINE_BYTES) {
        const [row] = await this.handle.query<{ id: string }>(
          'INSERT INTO bus_payloads (body) VALUES ($1) RETURNING id',
          [text],
        )
        text = JSON.stringify({ $ref: String(row!.id) })
      }
      const bytes = Buffer.byteLength(text) + 1
      if (parts.length && size + bytes > MAX_PAYLOAD_BYTES) {
        payloads.push(`[${parts.join(',')}]`)
        parts = []
        size = 2
      }
      parts.push(text)
      size += bytes
    }
    if (parts.length) payloads.push(`[${parts.join(',')}]`)
    return payloads
  }

  private receive(channel: string, payload: string) {
    // A closed bus over a handle that lives on (an app rebuilt in-process) must not answer for the new one.
    if (this.closed) return
    this.receiving = this.receiving.then(async () => {
      let msgs: unknown[]
      try {
        msgs = JSON.parse(payload) as unknown[]
      } catch {
        return
      }
      for (let msg of msgs) {
        const ref = (msg as { $ref?: string } | null)?.$ref
        if (ref) {
          const [row] = await this.handle
            .query<{ body: string }>('SELECT body FROM bus_payloads WHERE id = $1', [ref])
            .catch(() => [])
          if (!row) continue
          msg = JSON.parse(row.body)
        }
        for (const fn of this.handlers.get(channel) ?? []) {
          try {
            fn(msg)
          } catch (err) {
            this.log.warn({ err, channel }, 'bus handler failed')
          }
        }
      }
    })
  }

  private async purge() {
    await this.handle
      .query(`DELETE FROM bus_payloads WHERE created_at < now() - interval '${PAYLOAD_TTL_SEC} seconds'`)
      .catch(() => {})
  }

  async close() {
    await this.flushed()
    this.closed = true
    clearInterval(this.purgeTimer)
  }
}

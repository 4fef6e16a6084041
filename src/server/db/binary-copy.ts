import type pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'

/**
 * Large bytea values without the driver's text decoding: node-postgres hands bytea over as hex text (twice the
 * bytes as a V8 string, then decoded into a Buffer), which a 200 MB download turned into ~80 MB of RSS under
 * load. `COPY (query) TO STDOUT (FORMAT binary)` sends the raw bytes, which arrive as Buffers.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')

/** The first column of each row of a binary COPY stream (null for SQL NULL); throws on anything malformed. */
export function binaryCopyFirstColumn(buf: Buffer): (Buffer | null)[] {
  if (buf.length < SIGNATURE.length + 8 || !buf.subarray(0, SIGNATURE.length).equals(SIGNATURE))
    throw new Error('not a binary COPY stream')
  let at = SIGNATURE.length + 4
  at += 4 + buf.readInt32BE(at)
  const values: (Buffer | null)[] = []
  for (;;) {
    if (at + 2 > buf.length) throw new Error('binary COPY stream cut short')
    const fields = buf.readInt16BE(at)
    at += 2
    if (fields === -1) return values
    for (let f = 0; f < fields; f++) {
      if (at + 4 > buf.length) throw new Error('binary COPY stream cut short')
      const length = buf.readInt32BE(at)
      at += 4
      if (length > 0 && at + length > buf.length) throw new Error('binary COPY stream cut short')
      if (f === 0) values.push(length === -1 ? null : buf.subarray(at, at + length))
      if (length > 0) at += length
    }
  }
}

/**
 * Runs `COPY (<select>) TO STDOUT (FORMAT binary)` on a connection of `pool` and returns the first column of
 * each row. COPY takes no parameters: `select` must be built with `pg.escapeLiteral` / integers only.
 */
export async function copyOutFirstColumn(pool: pg.Pool, select: string): Promise<(Buffer | null)[]> {
  const client = await pool.connect()
  let failure: Error | undefined
  try {
    const parts: Buffer[] = []
    for await (const part of client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`))) parts.push(part)
    return binaryCopyFirstColumn(Buffer.concat(parts))
  } catch (err) {
    failure = err as Error
    throw err
  } finally {
    // A COPY that failed half-way may leave the connection mid-protocol: it is closed, not reused.
    client.release(failure)
  }
}

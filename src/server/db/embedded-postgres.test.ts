import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres } from './embedded-postgres'

const MODULE = path.join(import.meta.dirname, 'embedded-postgres.ts')
const cleanup: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

/** Another console: a process that starts the server in `dataDir` and prints its pid and port. */
function otherConsole(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { startEmbeddedPostgres } = await import(${JSON.stringify(MODULE)})
       const s = await startEmbeddedPostgres({ dataDir: process.argv[1] })
       console.log('ready ' + s.port)`,
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      const m = /ready (\d+)/.exec(String(d))
      if (m) resolve({ child, port: Number(m[1]) })
    })
    child.once('exit', (code) => reject(new Error(`the other console exited with ${code}`)))
  })
}

describe('embedded PostgreSQL server ownership', () => {
  it('refuses a DATA_DIR whose server another live console owns, and stops the server a SIGKILLed console left', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oc-owner-'))
    chmodSync(dir, 0o755) // as root the server runs as `postgres`, which must reach its data dir
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const dataDir = path.join(dir, 'pg')
    const other = await otherConsole(dataDir)
    cleanup.push(() => other.child.kill('SIGKILL'))

    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/another console \(pid \d+\) runs/)

    const exited = new Promise((r) => other.child.once('exit', r))
    other.child.kill('SIGKILL')
    await exited
    // The orphan still answers on its port …
    const probe = new pg.Client({ host: '127.0.0.1', port: other.port, user: 'postgres', database: 'postgres' })
    await expect(probe.connect()).rejects.toThrow(/password/)
    // … until the next start takes the data dir over.
    const server = await startEmbeddedPostgres({ dataDir })
    cleanup.push(() => server.stop())
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    expect((await client.query('select 1 as ok')).rows).toEqual([{ ok: 1 }])
    await client.end()
    if (server.port !== other.port) {
      const late = new pg.Client({ host: '127.0.0.1', port: other.port, user: 'postgres', database: 'postgres' })
      await expect(late.connect()).rejects.toThrow(/ECONNREFUSED/)
    }
  }, 180_000)
})

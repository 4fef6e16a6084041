import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../app'
import { loadKeyring } from '../lib/keyring'
import { openDatabase } from './client'
import { listMigrations } from './migrate'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function start(dataDir: string, print: (l: string) => void = () => {}) {
  const db = await openDatabase({ dataDir })
  const app = await buildApp({
    db,
    config: { dataDir, staticDir: undefined, demoSeed: false, adminBootstrap: undefined },
    keyring: loadKeyring({ dataDir }),
    print,
  })
  return {
    app,
    stop: async () => {
      await app.close()
      await db.close()
    },
  }
}

function tempDataDir() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-data-'))
  chmodSync(dataDir, 0o755) // as root the embedded server runs as `postgres`, which must reach its data dir
  dirs.push(dataDir)
  return dataDir
}

describe('embedded PostgreSQL server', () => {
  it('keeps data across a restart, prints the generated admin password only on first start', async () => {
    const dataDir = tempDataDir()
    const lines: string[] = []
    const first = await start(dataDir, (l) => lines.push(l))
    const password = /password\s+(\S+)/.exec(lines.join('\n'))?.[1]
    expect(password).toBeDefined()
    const login = await first.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'admin', password },
    })
    const cookie = login.cookies[0]
    const csrf = login.json().csrfToken
    const created = await first.app.inject({
      method: 'POST',
      url: '/api/tenants',
      headers: { cookie: `oc_session=${cookie.value}`, 'x-csrf-token': csrf },
      payload: { name: 'team-b' },
    })
    expect(created.statusCode).toBe(201)
    await first.stop()

    const again: string[] = []
    const second = await start(dataDir, (l) => again.push(l))
    expect(again).toEqual([])
    const relogin = await second.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'admin', password },
    })
    expect(relogin.statusCode).toBe(200)
    const tenants = await second.app.inject({
      method: 'GET',
      url: '/api/tenants',
      headers: { cookie: `oc_session=${relogin.cookies[0].value}` },
    })
    expect(tenants.json().map((t: { name: string }) => t.name)).toEqual(['default', 'team-b'])
    const applied = await second.app.services.handle.query<{ name: string }>(
      'select name from schema_migrations order by name',
    )
    expect(applied.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name))
    await second.stop()
  }, 120_000) // two real server starts (initdb on the first)

  it('refuses to start over an old PGlite data dir, saying how to go on', async () => {
    const dataDir = tempDataDir()
    mkdirSync(path.join(dataDir, 'pgdata'))
    writeFileSync(path.join(dataDir, 'pgdata', 'PG_VERSION'), '17\n')
    await expect(openDatabase({ dataDir })).rejects.toThrow(/holds a PGlite database.*mv .*pgdata .*pgdata\.old/)
  })
})

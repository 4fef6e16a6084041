import { mkdtempSync, rmSync } from 'node:fs'
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

describe('embedded store', () => {
  it('keeps data across a restart, prints the generated admin password only on first start', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-data-'))
    dirs.push(dataDir)
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
  })
})

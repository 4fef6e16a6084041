import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Server layering (issue 18, STYLE.md §1): each module under src/server/modules/<name>/ (and the agent
 * gateway under src/server/agents/) owns its tables; another module's needs go through its service, built in
 * services.ts. So no module file imports another module's repository, imports another module's drizzle tables,
 * or names another module's table in SQL text. Biome's noRestrictedImports matches specifiers per folder only,
 * which cannot say "another module", hence this test.
 */
const SERVER = path.resolve(__dirname)
const SCHEMA = path.join(SERVER, 'db/schema')

/** The module a schema file's tables belong to (its file name), and the tables that sit elsewhere. */
const FILE_OWNER: Record<string, string> = {
  replicas: 'agents', // agent_sessions; bus_payloads is lib/pg-bus (no module)
}
const TABLE_OWNER: Record<string, string> = {
  audit_log: 'audit',
  agent_tokens: 'agents',
  agent_credentials: 'agents',
  bus_payloads: 'lib',
  job_workers: 'jobs',
}

type Table = { name: string; symbol: string; owner: string }

function schemaTables(): Table[] {
  return readdirSync(SCHEMA)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .flatMap((f) => {
      const base = f.replace(/\.ts$/, '')
      const text = readFileSync(path.join(SCHEMA, f), 'utf8')
      return [...text.matchAll(/export const (\w+)\s*=\s*pgTable\(\s*'(\w+)'/g)].map(([, symbol, name]) => ({
        name,
        symbol,
        owner: TABLE_OWNER[name] ?? FILE_OWNER[base] ?? base,
      }))
    })
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? walk(full) : /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : []
  })
}

/** The module a server file belongs to, or null outside modules. */
function moduleOf(file: string): string | null {
  const rel = path.relative(SERVER, file).split(path.sep)
  if (rel[0] === 'modules' && rel.length > 2) return rel[1]
  if (rel[0] === 'agents') return 'agents'
  return null
}

function layeringViolations(files: { file: string; text: string }[], tables: Table[]): string[] {
  const bySymbol = new Map(tables.map((t) => [t.symbol, t]))
  const bad: string[] = []
  for (const { file, text } of files) {
    const me = moduleOf(file)
    if (!me) continue
    const rel = path.relative(SERVER, file)
    for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'|import[^'"]*from\s*'([^']+)'/g)) {
      const spec = m[3] ?? m[4]
      if (!spec.startsWith('.')) continue
      const target = path.resolve(path.dirname(file), spec)
      const other = moduleOf(`${target}.ts`)
      if (other && other !== me && /\.repository$/.test(target))
        bad.push(`${rel} imports ${other}'s repository (${spec}): call its service`)
      if (target === SCHEMA || target.startsWith(`${SCHEMA}/`)) {
        for (const raw of (m[2] ?? '').split(',')) {
          const name = raw
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0]
          const t = bySymbol.get(name)
          if (t && t.owner !== me) bad.push(`${rel} imports ${t.owner}'s table ${t.symbol}: call its service`)
        }
      }
    }
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
    for (const t of tables) {
      if (t.owner === me) continue
      if (new RegExp(`\\b(?:from|join|update|into|table)\\s+"?${t.name}\\b`, 'i').test(code))
        bad.push(`${rel} names ${t.owner}'s table ${t.name} in SQL: call its service`)
    }
  }
  return bad
}

/** A module's service file: the layer that must leave its queries to a repository. */
const isService = (file: string) => moduleOf(file) !== null && /\.service\.ts$/.test(file)

/**
 * Routes → service → repository (STYLE.md §1): a service file imports no drizzle table objects or query
 * operators (types are fine) and runs no SQL on a db, tx or pool handle itself; its repository does.
 */
function serviceQueries(files: { file: string; text: string }[], tables: Table[]): Map<string, string[]> {
  const symbols = new Set(tables.map((t) => t.symbol))
  const found = new Map<string, string[]>()
  for (const { file, text } of files) {
    if (!isService(file)) continue
    const rel = path.relative(SERVER, file)
    const why: string[] = []
    for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
      if (m[1]) continue
      const spec = m[3]
      const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec
      const values = m[2]
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n && !n.startsWith('type '))
        .map((n) => n.split(/\s+as\s+/)[0])
      if (spec === 'drizzle-orm' && values.length) why.push(`imports drizzle-orm's ${values.join(', ')}`)
      if (target === SCHEMA || target.startsWith(`${SCHEMA}/`)) {
        const named = values.filter((n) => symbols.has(n))
        if (named.length) why.push(`imports the table(s) ${named.join(', ')}`)
      }
    }
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
    const call = code.match(
      /\b(?:db|tx|handle|client|pool)\s*\.\s*(select|selectDistinct|insert|update|delete|execute|query)\s*\(/,
    )
    if (call) why.push(`runs ${call[1]}() on a database handle`)
    if (why.length) found.set(rel, why)
  }
  return found
}

describe('server layering', () => {
  const tables = schemaTables()

  it('knows every table of the drizzle schema', () => {
    expect(tables.length).toBeGreaterThan(30)
    expect(new Set(tables.map((t) => t.owner))).toContain('war-rooms')
  })

  it('no module reads another module’s tables or imports its repository', () => {
    const files = walk(SERVER).map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    expect(layeringViolations(files, tables)).toEqual([])
  })

  it('services leave their queries to a repository', () => {
    const files = walk(SERVER).map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    const found = serviceQueries(files, tables)
    expect([...found].map(([rel, why]) => `${rel} ${why.join('; ')}: move it into the module's repository`)).toEqual([])
  })

  it('catches a service that imports tables or runs SQL itself (the check can fail)', () => {
    const file = (m: string) => path.join(SERVER, 'modules', m, `${m}.service.ts`)
    const offenders = [
      { file: file('inbox'), text: `import { and, eq, type SQL } from 'drizzle-orm'` },
      { file: file('audit'), text: `import { auditLog } from '../../db/schema'` },
      { file: file('incidents'), text: 'await tx.execute(sql`select 1`)' },
      { file: file('war-rooms'), text: `const [r] = await this.db.select().from(x)` },
      // Types, repositories and transactions are a service's business.
      {
        file: file('scripts'),
        text: `import type { SQL } from 'drizzle-orm'\nimport { type SQL as S } from 'drizzle-orm'`,
      },
      {
        file: file('patches'),
        text: `import type { incidents } from '../../db/schema'\nawait this.repo.update(tx, 1)`,
      },
      { file: file('cmdb'), text: `await this.db.transaction(async (tx) => this.repo.deleteHost(tx, 1))` },
      { file: path.join(SERVER, 'modules', 'inbox', 'inbox.repository.ts'), text: `await tx.delete(inboxMessages)` },
    ]
    expect(Object.fromEntries(serviceQueries(offenders, tables))).toEqual({
      'modules/inbox/inbox.service.ts': ["imports drizzle-orm's and, eq"],
      'modules/audit/audit.service.ts': ['imports the table(s) auditLog'],
      'modules/incidents/incidents.service.ts': ['runs execute() on a database handle'],
      'modules/war-rooms/war-rooms.service.ts': ['runs select() on a database handle'],
    })
  })

  it('catches a module that queries another module’s tables (the check can fail)', () => {
    const file = (m: string) => path.join(SERVER, 'modules', m, `${m}.service.ts`)
    const offenders = [
      { file: file('war-rooms'), text: `import { incidents, warRooms } from '../../db/schema'` },
      { file: file('executions'), text: `import type { ScriptsRepository } from '../scripts/scripts.repository'` },
      { file: file('retention'), text: 'const q = `DELETE FROM alarms WHERE id = $1`' },
      { file: file('inbox'), text: '// messages come from users\nconst q = sql`update users set x = 1`' },
      { file: file('war-rooms'), text: `import { warRooms, type WarRoomRow } from '../../db/schema'` },
      { file: file('cmdb'), text: `import type { CmdbRepository } from './cmdb.repository'` },
    ]
    expect(layeringViolations(offenders, tables)).toEqual([
      "modules/war-rooms/war-rooms.service.ts imports incidents's table incidents: call its service",
      "modules/executions/executions.service.ts imports scripts's repository (../scripts/scripts.repository): call its service",
      "modules/retention/retention.service.ts names incidents's table alarms in SQL: call its service",
      "modules/inbox/inbox.service.ts names identity's table users in SQL: call its service",
    ])
  })
})

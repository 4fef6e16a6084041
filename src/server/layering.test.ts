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

import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The dependency rules of STYLE.md §2 and the kebab-case file names of §3, checked on every import
 * (a lint zone in spirit: a failing test names the offending file and import).
 */
const ROOT = path.resolve(__dirname, '../..')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (name === 'node_modules' || name.startsWith('.')) return []
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : []
  })
}

const files = [...walk(path.join(ROOT, 'src')), ...walk(path.join(ROOT, 'mocks')), ...walk(path.join(ROOT, 'e2e'))]
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/')

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    const spec = m[1] ?? m[2]
    if (spec.startsWith('.')) out.push(rel(path.resolve(path.dirname(file), spec)))
    else out.push(`pkg:${spec}`)
  }
  return out
}

const SPA = ['src/app', 'src/features', 'src/components', 'src/lib', 'src/config']
const under = (p: string, dirs: string[]) => dirs.some((d) => p === d || p.startsWith(`${d}/`))

function violations(): string[] {
  const bad: string[] = []
  for (const file of files) {
    const me = rel(file)
    if (me.endsWith('.test.ts') || me.endsWith('.test.tsx')) continue
    for (const target of importsOf(file)) {
      const node = target.startsWith('pkg:node:') || /^pkg:(fs|path|crypto|os|child_process)$/.test(target)
      if (me.startsWith('src/contract/')) {
        if (!(target === 'pkg:zod' || target.startsWith('src/contract/')))
          bad.push(`${me} → ${target} (contract imports only zod and contract)`)
      } else if (me.startsWith('src/server/')) {
        if (under(target, [...SPA, 'src/testing', 'mocks']))
          bad.push(`${me} → ${target} (server may not import SPA or mocks)`)
      } else if (under(me, SPA)) {
        if (target.startsWith('src/server/') || node)
          bad.push(`${me} → ${target} (SPA may not import server or Node built-ins)`)
        const feature = /^src\/features\/([^/]+)\//.exec(me)?.[1]
        const other = /^src\/features\/([^/]+)\//.exec(target)?.[1]
        if (feature && other && feature !== other) bad.push(`${me} → ${target} (features never import each other)`)
      } else if (me.startsWith('mocks/')) {
        if (!(target.startsWith('pkg:') || target.startsWith('mocks/') || target.startsWith('src/contract/')))
          bad.push(`${me} → ${target} (mocks import contract and mocks only)`)
      }
    }
  }
  return bad
}

describe('module boundaries', () => {
  it('follow STYLE.md §2', () => {
    expect(violations()).toEqual([])
  })

  it('name every file in kebab-case', () => {
    const bad = files.map(rel).filter(
      (f) =>
        !path
          .basename(f)
          .split('.')[0]
          .match(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    )
    expect(bad).toEqual([])
  })
})

import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The parts of STYLE.md §2 that Biome cannot express. biome.json holds the rest: the contract, SPA, server
 * and mocks zones (noRestrictedImports overrides), kebab-case names (useFilenamingConvention) and cycles
 * (noImportCycles). Biome matches import specifiers, not resolved paths, so two rules stay here:
 * features never import each other (a rule per feature would be needed), and the server never imports SPA
 * code by a relative path (`../../lib/format` from src/server looks like the server's own lib/).
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

const SPA = ['src/app', 'src/features', 'src/components', 'src/lib', 'src/config', 'src/testing']
const under = (p: string, dirs: string[]) => dirs.some((d) => p === d || p.startsWith(`${d}/`))

function violations(): string[] {
  const bad: string[] = []
  for (const file of files) {
    const me = rel(file)
    if (me.endsWith('.test.ts') || me.endsWith('.test.tsx')) continue
    for (const target of importsOf(file)) {
      if (me.startsWith('src/server/') && under(target, SPA))
        bad.push(`${me} → ${target} (server may not import SPA code)`)
      const feature = /^src\/features\/([^/]+)\//.exec(me)?.[1]
      const other = /^src\/features\/([^/]+)\//.exec(target)?.[1]
      if (feature && other && feature !== other) bad.push(`${me} → ${target} (features never import each other)`)
    }
  }
  return bad
}

describe('module boundaries', () => {
  it('follow the STYLE.md §2 rules that Biome cannot express', () => {
    expect(violations()).toEqual([])
  })
})

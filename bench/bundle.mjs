// Prints the gzip size of the JS the first screen loads (target ≤ 250 kB): the entry chunk and its static
// imports, plus the lazy route module of the first page (login for a visitor, home once signed in).
// Run after `vite build` (npm run bench:bundle does both).
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8'))
const TARGET_KB = 250

function closure(keys, seen = new Set()) {
  for (const key of keys) {
    if (seen.has(key)) continue
    seen.add(key)
    closure(manifest[key]?.imports ?? [], seen)
  }
  return seen
}

const gz = (key) => gzipSync(readFileSync(`dist/${manifest[key].file}`)).length
const kb = (n) => `${(n / 1024).toFixed(1)} kB`
const sum = (set) => [...set].filter((k) => manifest[k].file.endsWith('.js')).reduce((a, k) => a + gz(k), 0)

const shell = closure(['index.html'])
const scenarios = {
  'visitor (login page)': closure(['index.html', 'src/app/routes/login.tsx']),
  'signed in (layout + home page)': closure(['index.html', 'src/app/layout/app-layout.tsx', 'src/app/routes/home.tsx']),
}
console.log(`shell (entry + static imports): ${kb(sum(shell))} gzip in ${shell.size} chunks`)
let worst = 0
for (const [name, set] of Object.entries(scenarios)) {
  const size = sum(set)
  worst = Math.max(worst, size)
  console.log(`first screen, ${name}: ${kb(size)} gzip`)
}
// What loads right after: the home board's panels are their own chunks (placeholders until they arrive), so the
// home page's full JS is the first screen plus its dynamic imports. Reported, not held to the first-screen target.
const homeFull = closure([
  'index.html',
  'src/app/layout/app-layout.tsx',
  'src/app/routes/home.tsx',
  ...(manifest['src/app/routes/home.tsx'].dynamicImports ?? []),
])
console.log(`home page with its panels loaded: ${kb(sum(homeFull))} gzip`)
const all = Object.keys(manifest).filter((k) => manifest[k].file.endsWith('.js'))
console.log(`all JS chunks: ${kb(all.reduce((a, k) => a + gz(k), 0))} gzip in ${all.length} chunks`)
console.log(`target ≤ ${TARGET_KB} kB: ${worst <= TARGET_KB * 1024 ? 'met' : 'NOT met'} (${kb(worst)})`)

// Bytes a browser downloads for each first screen as the console serves it: index.html, the JS and CSS of the
// scenario, each in the precompressed form the server sends for `Accept-Encoding: br, gzip` (the build writes
// .br/.gz beside every asset ≥ 1 kB; smaller files go as they are), against the uncompressed total.
const { existsSync, statSync } = await import('node:fs')
const sent = (file) => {
  const f = `dist/${file}`
  for (const ext of ['.br', '.gz']) if (existsSync(f + ext)) return { bytes: statSync(f + ext).size, enc: ext.slice(1) }
  return { bytes: statSync(f).size, enc: 'identity' }
}
const files = (set) => {
  const out = new Set(['index.html'])
  for (const k of set) {
    out.add(manifest[k].file)
    for (const css of manifest[k].css ?? []) out.add(css)
  }
  return [...out]
}
for (const [name, set] of Object.entries(scenarios)) {
  const list = files(set)
  const raw = list.reduce((a, f) => a + statSync(`dist/${f}`).size, 0)
  const wire = list.map(sent)
  const bytes = wire.reduce((a, w) => a + w.bytes, 0)
  const encs = [...new Set(wire.map((w) => w.enc))].join('/')
  console.log(`transferred, ${name}: ${kb(bytes)} (${encs}) for ${kb(raw)} uncompressed in ${list.length} files`)
}

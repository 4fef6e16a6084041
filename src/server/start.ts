import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { runPrimary } from './cluster/primary'
import { watchLauncher } from './lib/launcher-watch'

/**
 * `npm start`: build the SPA when the build is missing or older than its sources, then run the console
 * (embedded PostgreSQL, WORKERS replicas) with a local demo fleet of DEMO_AGENTS real agent processes
 * (default 12, 0 disables).
 */
const ROOT = process.cwd()
const SPA_SOURCES = [
  'index.html',
  'vite.config.ts',
  'src/app',
  'src/features',
  'src/components',
  'src/lib',
  'src/config',
  'src/contract',
  'public',
]

function newestMtime(p: string): number {
  const full = path.join(ROOT, p)
  if (!existsSync(full)) return 0
  const st = statSync(full)
  if (!st.isDirectory()) return st.mtimeMs
  return Math.max(st.mtimeMs, ...readdirSync(full).map((name) => newestMtime(path.join(p, name))))
}

function ensureSpaBuilt() {
  const built = path.join(ROOT, 'dist/index.html')
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0
  if (builtAt > Math.max(...SPA_SOURCES.map(newestMtime))) return
  console.log(builtAt ? 'SPA sources changed; rebuilding…' : 'Building the SPA (first start)…')
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js')
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT })
  if (r.status !== 0) throw new Error('vite build failed')
}

ensureSpaBuilt()
// `kill <npm start pid>` must stop the console too (gracefully, as SIGTERM does), not leave it running orphaned.
watchLauncher(() => process.kill(process.pid, 'SIGTERM'))
runPrimary({ demoAgents: Number(process.env.DEMO_AGENTS ?? 12) }).catch((err) => {
  console.error(err)
  process.exit(1)
})

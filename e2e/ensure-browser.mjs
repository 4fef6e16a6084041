// Runs before the browser tests (npm run e2e): finds the Chromium Playwright drives, or installs Debian's
// `chromium` with apt when this runs as root on a Debian-like system, or stops with what to do.
// No browser is downloaded from elsewhere.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(wanted)) process.exit(0)

const fail = (why) => {
  console.error(
    `\nThe browser tests need Chromium at ${wanted} (${why}).\n` +
      'Install it with `apt-get install -y chromium` (as root), or point CHROMIUM_PATH at a Chromium binary.\n',
  )
  process.exit(1)
}

if (process.env.CHROMIUM_PATH) fail('CHROMIUM_PATH names no file')
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
if (!isRoot || !hasApt) fail(isRoot ? 'apt-get is not available here' : 'not root, so it cannot be installed here')

console.log("Chromium not found: installing Debian's chromium with apt-get (once)…")
try {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
} catch (err) {
  fail(`apt-get install chromium failed: ${err.message}`)
}
if (!existsSync(wanted)) fail('apt-get installed chromium but not at this path')

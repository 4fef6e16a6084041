// Runs before the browser tests (npm run e2e): finds the Chromium Playwright drives, or provides one:
//  1. CHROMIUM_PATH, else Debian's /usr/bin/chromium when present;
//  2. as root with apt: Debian's `chromium` installed with apt-get (once);
//  3. otherwise (or with E2E_BROWSER=registry): the Chromium that the npm package @sparticuz/chromium ships,
//     installed from the npm registry into node_modules (not saved to package.json) and unpacked into a cache
//     dir; its path goes to e2e/.browser-path, which playwright.config.ts reads.
// Stops with what to do when none of these works.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.join(import.meta.dirname, '..')
const PATH_FILE = path.join(import.meta.dirname, '.browser-path')
/** The registry Chromium's version, pinned so every machine tests against the same browser. */
const REGISTRY_CHROMIUM = '@sparticuz/chromium@153.0.0'
const DEBIAN = '/usr/bin/chromium'

const fail = (why) => {
  console.error(
    `\nThe browser tests need a Chromium (${why}).\n` +
      "Install Debian's with `apt-get install -y chromium` (as root), or point CHROMIUM_PATH at a Chromium binary.\n",
  )
  process.exit(1)
}

/** True when the binary starts and prints its version (a browser missing its libraries does not). */
const runs = (bin) => spawnSync(bin, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0

const forced = process.env.E2E_BROWSER === 'registry'
rmSync(PATH_FILE, { force: true })
if (process.env.CHROMIUM_PATH) {
  if (existsSync(process.env.CHROMIUM_PATH)) process.exit(0)
  fail(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} names no file`)
}
if (!forced && existsSync(DEBIAN)) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
if (!forced && isRoot && hasApt) {
  console.log("Chromium not found: installing Debian's chromium with apt-get (once)…")
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
  } catch (err) {
    console.error(`apt-get install chromium failed (${err.message}); trying the registry's Chromium instead`)
  }
  if (existsSync(DEBIAN)) process.exit(0)
}

console.log(`Chromium not found: using the one the npm package ${REGISTRY_CHROMIUM} ships…`)
const PACKAGE_JSON = path.join(ROOT, 'node_modules', '@sparticuz', 'chromium', 'package.json')
if (!existsSync(PACKAGE_JSON)) {
  const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', REGISTRY_CHROMIUM], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  if (npm.status !== 0 || !existsSync(PACKAGE_JSON)) fail(`npm install ${REGISTRY_CHROMIUM} failed`)
}
// Unpacked by a fresh process (this one may have looked the package up before it was installed), into a cache
// dir of ours instead of the temp dir the package would use.
const cache = path.join(ROOT, 'node_modules', '.cache', 'registry-chromium')
mkdirSync(cache, { recursive: true })
const unpack = spawnSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    "const { default: c } = await import('@sparticuz/chromium'); console.log(await c.executablePath())",
  ],
  { cwd: ROOT, env: { ...process.env, TMPDIR: cache }, encoding: 'utf8', timeout: 120_000 },
)
if (unpack.status !== 0) fail(`unpacking ${REGISTRY_CHROMIUM} failed: ${unpack.stderr.trim().split('\n').pop()}`)
const bin = unpack.stdout.trim().split('\n').pop()
if (!bin || !runs(bin)) fail(`the Chromium of ${REGISTRY_CHROMIUM} does not start on this machine`)
writeFileSync(PATH_FILE, `${bin}\n`)
console.log(`Browser tests use ${bin}`)

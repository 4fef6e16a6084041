import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { waitFor } from './agent-process'

/**
 * nginx in front of console replicas, configured with the README's own snippet (section "Several machines"),
 * so the snippet operators copy is the one the tests run.
 */
const README = path.resolve(__dirname, '../../../README.md')
const DEBIAN_NGINX = '/usr/sbin/nginx'

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/**
 * NGINX_PATH, else Debian's nginx; as root with apt it is installed once (nginx-light), as the e2e tests do
 * with Chromium. Throws with what to do otherwise.
 */
export function nginxBinary(): string {
  if (process.env.NGINX_PATH) return process.env.NGINX_PATH
  if (existsSync(DEBIAN_NGINX)) return DEBIAN_NGINX
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
  if (isRoot() && hasApt) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env })
    execFileSync('apt-get', ['install', '-y', '-qq', 'nginx-light'], { stdio: 'ignore', env })
    // Debian starts the packaged site on port 80; the tests run their own configuration only.
    spawnSync('sh', ['-c', 'service nginx stop'], { stdio: 'ignore' })
    if (existsSync(DEBIAN_NGINX)) return DEBIAN_NGINX
  }
  throw new Error(
    'The load-balancer test needs nginx: `apt-get install -y nginx-light` (as root), or set NGINX_PATH to an nginx binary.',
  )
}

/** The README's nginx block, verbatim. */
export function readmeNginxSnippet(): string {
  const block = /```nginx\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))
  if (!block) throw new Error('README.md has no ```nginx block')
  return block[1]!
}

/**
 * The snippet pointed at local replicas: its `server appN.internal:8080` lines become the `backends` ports and
 * `listen 443 ssl` a plain loopback port (no certificate here). Each replacement must match, so a README change
 * that this test cannot follow fails it instead of testing something else.
 */
export function localSnippet(snippet: string, backends: number[], listenPort: number): string {
  const servers = snippet.match(/server app\d\.internal:8080/g) ?? []
  if (servers.length !== backends.length)
    throw new Error(`README's upstream names ${servers.length} servers, the test runs ${backends.length}`)
  let i = 0
  const local = snippet.replace(/server app\d\.internal:8080/g, () => `server 127.0.0.1:${backends[i++]}`)
  if (!local.includes('listen 443 ssl;')) throw new Error("README's server block no longer has `listen 443 ssl;`")
  return local.replace('listen 443 ssl;', `listen 127.0.0.1:${listenPort};`)
}

export interface Nginx {
  process: ChildProcess
  dir: string
  stop(): void
}

/** Runs nginx (its own master and one worker, in the foreground) with `httpBlock` as its http{} contents. */
export async function startNginx(httpBlock: string, listenPort: number): Promise<Nginx> {
  const bin = nginxBinary()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oc-nginx-'))
  chmodSync(dir, 0o755)
  const temp = ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => {
    const d = path.join(dir, 'tmp', t)
    mkdirSync(d, { recursive: true })
    chmodSync(d, 0o777) // the worker runs as nobody when the master is root
    return `${t === 'body' ? 'client_body' : t}_temp_path ${d};`
  })
  const conf = path.join(dir, 'nginx.conf')
  writeFileSync(
    conf,
    [
      isRoot() ? 'user nobody nogroup;' : '',
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '    access_log off;',
      ...temp.map((t) => `    ${t}`),
      httpBlock,
      '}',
      '',
    ].join('\n'),
  )
  const args = ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', conf]
  const check = spawnSync(bin, ['-t', ...args], { encoding: 'utf8' })
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}\n${readFileSync(conf)}`)
  const child = spawn(bin, args, { stdio: 'ignore' })
  const errors = () =>
    existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : ''
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${errors()}`)
      return (await fetch(`http://127.0.0.1:${listenPort}/healthz`).catch(() => undefined)) !== undefined
    },
    20_000,
    'nginx listening',
  )
  return { process: child, dir, stop: () => child.kill('SIGTERM') }
}

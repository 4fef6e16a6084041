// Batch execution on local agents: `echo` on 200 hosts in 20 batches of 10 through the real engine, gateway
// and agents (real child processes), printing wall time and the engine's overhead per batch (target ≤ 20 ms): wall time per batch minus one bare process, as
// the hosts of a batch run in parallel (each batch takes one agent from each pool process).
// With Debian's ansible installed, runs the same as a playbook (`serial: 10`, local connection) for a ratio.
// Run: npm run bench:execution [-- HOSTS PER_BATCH]; PROF=<dir> writes CPU profiles of the agent pools there
// and (one replica) of the console during the ticket.
// With BENCH_REPLICAS=2: two replica processes (`src/server/main.ts`) over one PostgreSQL server (DATABASE_URL,
// an empty database, or else an embedded server the bench starts), half of the agents on each, the ticket
// driven by the first, so half of the hosts' commands, output and exits are relayed through PostgreSQL.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import inspector from 'node:inspector/promises'
import path from 'node:path'
import pg from 'pg'
import { AgentTokensService } from '../src/server/agents/agent-tokens.service'
import { AgentsRepository } from '../src/server/agents/agents.repository'
import { type DbHandle, fromPgPool } from '../src/server/db/client'
import { type EmbeddedServer, startEmbeddedPostgres } from '../src/server/db/embedded-postgres'
import { AuditService } from '../src/server/modules/audit/audit.service'
import { AuditRepository } from '../src/server/modules/audit/audit.repository'
import { startBenchConsole } from './bench-console'
import { freePort } from './bench-net'
import { treeCpu, treesCpu } from './proc-cpu'

const HOSTS = Number(process.argv[2] ?? 200)
const PER_BATCH = Number(process.argv[3] ?? 10)
const POOLS = 10
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 1)

/**
 * The script every side runs: the ticket, the bare processes and the playbook. (The ticket used to run
 * `echo hello from $(hostname)`: a subshell and a second exec per host that the bare baseline and Ansible did not
 * pay, charged to the engine's overhead.)
 */
const SCRIPT = 'echo hello'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

/** What `n` concurrent `/bin/sh script` processes take from one process, without any orchestration. */
async function bareBatch(dir: string, n: number) {
  const file = path.join(dir, 'echo.sh')
  writeFileSync(file, `${SCRIPT}\n`)
  const times: number[] = []
  for (let r = 0; r < 5; r++) {
    const t = performance.now()
    await Promise.all(
      Array.from(
        { length: n },
        () => new Promise((res) => spawn('/bin/sh', [file], { stdio: 'ignore' }).on('close', res)),
      ),
    )
    times.push(performance.now() - t)
  }
  return median(times)
}

/** The console under test: its base URLs (one per replica), its database, and how to stop it. */
interface Target {
  bases: string[]
  db: DbHandle
  token: string
  connected(): Promise<number>
  close(): Promise<void>
}

async function inProcessTarget(dataDir: string): Promise<Target> {
  const { app, db, base } = await startBenchConsole(dataDir, { agentHeartbeatSec: 5 })
  const tenant = (await app.services.identityRepo.tenantByName('default'))!
  const { token } = await app.services.agentTokens.create(
    { userId: null, username: 'bench', tenantId: tenant.id },
    { description: 'bench' },
  )
  return {
    bases: [base],
    db,
    token,
    connected: async () => app.services.agentGateway.connectedAgents().length,
    close: async () => {
      await app.close()
      await db.close()
    },
  }
}

/** REPLICAS `src/server/main.ts` processes over DATABASE_URL (the first migrates and bootstraps alone). */
async function replicaTarget(dataDir: string): Promise<Target> {
  let embedded: EmbeddedServer | undefined
  if (!process.env.DATABASE_URL) {
    chmodSync(dataDir, 0o755) // as root the server runs as `postgres`, which must reach its data dir
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') })
  }
  const url = process.env.DATABASE_URL ?? embedded!.url
  const secret = randomBytes(32).toString('hex')
  const children: ChildProcess[] = []
  const bases: string[] = []
  for (let i = 0; i < REPLICAS; i++) {
    const port = await freePort()
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: url,
        WORKERS: '1',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: path.join(dataDir, `r${i}`),
        CONSOLE_SECRET_KEY: secret,
        CONSOLE_ADMIN: 'admin:bench-password',
        DEMO_SEED: '0',
        DEMO_AGENTS: '0',
        STATIC_DIR: '',
        LOG_LEVEL: 'warn',
        PATCH_SCAN_INTERVAL_MIN: '0',
      },
    })
    children.push(child)
    const base = `http://127.0.0.1:${port}`
    for (;;) {
      if (child.exitCode !== null) throw new Error(`replica ${i} exited`)
      if ((await fetch(`${base}/healthz`).catch(() => undefined))?.ok) break
      await sleep(200)
    }
    bases.push(base)
  }
  const db = fromPgPool(new pg.Pool({ connectionString: url, max: 4 }))
  const [tenant] = await db.query<{ id: string }>("select id from tenants where name = 'default'")
  const { token } = await new AgentTokensService(
    db.db,
    new AgentsRepository(db.db),
    new AuditService(new AuditRepository(db.db)),
  ).create({ userId: null, username: 'bench', tenantId: tenant!.id }, { description: 'bench' })
  return {
    bases,
    db,
    token,
    connected: async () => Number((await db.query<{ n: string }>('select count(*) n from agent_sessions'))[0]!.n),
    close: async () => {
      await Promise.all(
        children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r).kill('SIGTERM')))),
      )
      await db.close()
      await embedded?.stop()
    },
  }
}

async function consoleBench() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oc-bench-exec-'))
  const target = REPLICAS > 1 ? await replicaTarget(dataDir) : await inProcessTarget(dataDir)
  const { db, token } = target
  const base = target.bases[0]!
  console.log(`console: ${target.bases.length} replica(s), ticket submitted to (and driven by) ${base}`)
  const per = Math.ceil(HOSTS / POOLS)
  const pools = Array.from({ length: POOLS }, (_, p) =>
    spawn(
      process.execPath,
      [
        ...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`] : []),
        '--import',
        'tsx',
        'bench/agent-pool.ts',
        target.bases[p % target.bases.length]!,
        token,
        `bench${p}x`,
        String(per),
      ],
      { stdio: 'inherit' },
    ),
  )
  try {
    const t0 = performance.now()
    while ((await target.connected()) < per * POOLS) await sleep(100)
    console.log(`${per * POOLS} agents connected in ${Math.round(performance.now() - t0)} ms`)
    await sleep(500)
    const headers = {
      'content-type': 'application/json',
      'x-auth-token': (
        await fetch(`${base}/v3/auth/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            auth: {
              identity: {
                methods: ['password'],
                password: { user: { name: 'admin', password: 'bench-password', domain: { name: 'default' } } },
              },
              scope: { project: { name: 'default' } },
            },
          }),
        })
      ).headers.get('x-subject-token')!,
    }
    const created = (await (
      await fetch(`${base}/v1/job/scripts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: 'bench_echo',
          type: 'SHELL',
          description: 'bench',
          content: SCRIPT,
          properties: { risk_level: 'LOW', version: '1' },
        }),
      })
    ).json()) as { data: string }
    // A batch takes one host from each agent pool (bench<p>x<i>: i-th agent of pool p), as on a real fleet where
    // the hosts of a batch are different machines; hosts of one pool would start their processes one by one.
    const hosts = await db.query<{ resource_id: string }>(
      `select resource_id from cmdb_hosts where agent_sn is not null
        order by substring(agent_sn from '[0-9]+$')::int, agent_sn limit $1`,
      [HOSTS],
    )
    const batches = []
    for (let i = 0; i < hosts.length; i += PER_BATCH) {
      batches.push({
        batch_index: batches.length + 1,
        rotation_strategy: 'CONTINUE',
        target_instances: hosts.slice(i, i + PER_BATCH).map((h) => ({ resource_id: h.resource_id })),
      })
    }
    /** CPU seconds so far: PostgreSQL, the agent pools (with their scripts) and the rest (console + this driver). */
    const cpuNow = () => {
      const all = treeCpu(process.pid)
      const agents = treesCpu(pools.map((p) => p.pid!))
      if (!all || agents === null) return null
      const total = [...all.values()].reduce((a, b) => a + b, 0)
      const postgres = all.get('postgres') ?? 0
      return { postgres, agents, console: total - postgres - agents }
    }
    const cpu0 = cpuNow()
    // PROF: with the console in this process (one replica), a CPU profile of exactly the ticket's run.
    const profiler = process.env.PROF && REPLICAS === 1 ? new inspector.Session() : undefined
    if (profiler) {
      profiler.connect()
      await profiler.post('Profiler.enable')
      await profiler.post('Profiler.start')
    }
    const started = performance.now()
    const res = await fetch(`${base}/v1/job/scripts/${created.data}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        execute_param: { timeout: 60, success_rate: 100, execute_user: 'root' },
        execute_batches: batches,
      }),
    })
    const uuid = ((await res.json()) as { data: string }).data
    let status = ''
    // Polled slowly (the poll's own queries would compete with the run); the wall time is the database's:
    // from the ticket's creation to its end.
    let wall = 0
    while (!['FINISHED', 'ABNORMAL', 'CANCELED'].includes(status)) {
      await sleep(50)
      const [row] = await db.query<{ status: string; ms: number | null }>(
        `select status, extract(epoch from finished_at - created_at) * 1000 as ms
          from execution_orders where uuid = $1`,
        [uuid],
      )
      status = row!.status
      wall = Number(row!.ms ?? performance.now() - started)
    }
    const cpu1 = cpuNow()
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop')
      const file = path.join(process.env.PROF!, `console-ticket-${Date.now()}.cpuprofile`)
      writeFileSync(file, JSON.stringify(profile))
      profiler.disconnect()
      console.log(`CPU profile of the console during the ticket: ${file}`)
    }
    const rows = await db.query<{ batch_index: number; started: number; finished: number; slowest: number }>(
      `
      select b.batch_index, extract(epoch from b.started_at) * 1000 as started,
        extract(epoch from b.finished_at) * 1000 as finished,
        (select max(extract(epoch from i.finished_at - i.started_at) * 1000) from execution_instances i
          where i.order_id = b.order_id and i.batch_index = b.batch_index) as slowest
      from execution_batches b join execution_orders o on o.id = b.order_id where o.uuid = $1 order by b.batch_index`,
      [uuid],
    )
    // Where a batch's time goes, from the stored timestamps (ms, medians over all hosts).
    const phases = await db.query<{
      agent_sn: string
      to_start: number
      to_ack: number
      to_exit: number
      to_batch_end: number
    }>(
      `
      select i.agent_sn, extract(epoch from i.started_at - b.started_at) * 1000 as to_start,
        extract(epoch from i.dispatched_at - i.started_at) * 1000 as to_ack,
        extract(epoch from i.finished_at - i.dispatched_at) * 1000 as to_exit,
        extract(epoch from b.finished_at - i.finished_at) * 1000 as to_batch_end
      from execution_instances i join execution_orders o on o.id = i.order_id
        join execution_batches b on b.order_id = i.order_id and b.batch_index = i.batch_index
      where o.uuid = $1`,
      [uuid],
    )
    // Pool p's agents connect to replica p % replicas (their serial numbers start `bench<p>x`).
    const replicaOf = (sn: string) => Number(/^bench(\d+)x/.exec(sn)?.[1] ?? 0) % target.bases.length
    const phaseOf = (rs: typeof phases, k: Exclude<keyof (typeof phases)[number], 'agent_sn'>) =>
      median(rs.map((r) => Number(r[k]))).toFixed(1)
    const phase = (k: Exclude<keyof (typeof phases)[number], 'agent_sn'>) => phaseOf(phases, k)
    const batchWalls = rows.map((r) => Number(r.finished) - Number(r.started))
    const gaps = rows.slice(1).map((r, i) => Number(r.started) - Number(rows[i]!.finished))
    // Each host of a batch runs one process on its own machine (here: its own pool process), so the bare cost
    // of a batch is one process; PER_BATCH processes started by one process is printed for comparison.
    const bare = await bareBatch(dataDir, 1)
    const bareShared = await bareBatch(dataDir, PER_BATCH)
    console.log(`ticket ${uuid}: ${status}, ${hosts.length} hosts in ${batches.length} batches, script \`${SCRIPT}\``)
    console.log(`wall time                         ${Math.round(wall)} ms`)
    console.log(`batch wall (median)               ${median(batchWalls).toFixed(1)} ms`)
    console.log(
      `slowest host per batch (median)   ${median(rows.map((r) => Number(r.slowest))).toFixed(1)} ms ` +
        '(dispatch + process + report)',
    )
    console.log(`gap between batches (median)      ${median(gaps).toFixed(1)} ms`)
    console.log(
      `per host (median): batch start -> host start ${phase('to_start')} ms, -> agent ack ${phase('to_ack')} ms, ` +
        `-> exit recorded ${phase('to_exit')} ms, -> batch end ${phase('to_batch_end')} ms`,
    )
    if (target.bases.length > 1)
      for (let r = 0; r < target.bases.length; r++) {
        const mine = phases.filter((p) => replicaOf(p.agent_sn) === r)
        console.log(
          `  agents on replica ${r + 1}${r === 0 ? ' (the driver)' : ' (relayed)'}: -> agent ack ` +
            `${phaseOf(mine, 'to_ack')} ms, -> exit recorded ${phaseOf(mine, 'to_exit')} ms`,
        )
      }
    console.log(
      `bare: 1 process ${bare.toFixed(1)} ms (a host's share of a batch); ${PER_BATCH} from one process ${bareShared.toFixed(1)} ms`,
    )
    if (cpu0 && cpu1) {
      const per = (k: keyof typeof cpu0) => (((cpu1[k] - cpu0[k]) * 1000) / batches.length).toFixed(1)
      console.log(
        `CPU per batch (ms, all cores): console ${per('console')} (with this driver), PostgreSQL ${per('postgres')}, ` +
          `agents ${per('agents')} (with their scripts); wall per batch ${(wall / batches.length).toFixed(1)} ms on ` +
          `${availableParallelism()} cores`,
      )
    }
    const overhead = wall / batches.length - bare
    console.log(
      `overhead per batch                ${overhead.toFixed(1)} ms  (wall / batches - one bare process; target <= 20 ms)`,
    )
    // The hosts' processes share this machine's cores: starting a batch's processes costs what it costs here,
    // engine or not. Over that floor is what the engine, agents and database add.
    console.log(
      `over ${PER_BATCH} bare processes          ${(wall / batches.length - bareShared).toFixed(1)} ms  (wall / batches - ${PER_BATCH} bare processes started together from one process)`,
    )
    return wall
  } finally {
    for (const p of pools) p.kill('SIGTERM')
    await target.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const ANSIBLE_LOCAL = 'ansible_connection=local ansible_python_interpreter=/usr/bin/python3'

function ansibleBench(): number | undefined {
  if (spawnSync('sh', ['-c', 'command -v ansible-playbook']).status !== 0) {
    console.log('ansible-playbook not installed (apt-get install -y ansible): skipping the comparison')
    return undefined
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-bench-ansible-'))
  writeFileSync(
    path.join(dir, 'hosts.ini'),
    `[fleet]\n${Array.from({ length: HOSTS }, (_, i) => `h${i} ${ANSIBLE_LOCAL}`).join('\n')}\n`,
  )
  writeFileSync(
    path.join(dir, 'play.yml'),
    `- hosts: fleet\n  gather_facts: false\n  serial: ${PER_BATCH}\n  tasks:\n    - shell: ${SCRIPT}\n`,
  )
  const t = performance.now()
  execFileSync('ansible-playbook', ['-i', 'hosts.ini', 'play.yml', '-f', String(PER_BATCH)], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False' },
  })
  const ms = performance.now() - t
  rmSync(dir, { recursive: true, force: true })
  console.log(`ansible-playbook serial ${PER_BATCH}: ${Math.round(ms)} ms`)
  return ms
}

const ours = await consoleBench()
const theirs = ansibleBench()
if (theirs) console.log(`ratio ansible / console: ${(theirs / ours).toFixed(1)}x`)
process.exit(0)

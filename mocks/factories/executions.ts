import type { BatchStatus, InstanceStatus, OrderStatus, RotationStrategy } from '../../src/contract/execution-rules'
import { formatExecuteUuid } from '../../src/contract/execution-rules'
import type { RiskLevel, ScriptType } from '../../src/contract/scripts'

export interface MockInstance {
  id: number
  batchIndex: number
  hostId: number | null
  hostName: string
  ip: string
  agentSn: string
  resourceId: string
  regionId: string
  status: InstanceStatus
  exitCode: number | null
  message: string
  attempt: number
  startedAt: string | null
  finishedAt: string | null
  log: string
}
export interface MockBatch {
  index: number
  rotation: RotationStrategy
  status: BatchStatus
  startedAt: string | null
  finishedAt: string | null
}

/** A ticket as the mock keeps it: everything the console and COC views are derived from. */
export interface MockExecution {
  orderId: number
  executeUuid: string
  /** Absent: a script ticket. */
  kind?: 'script' | 'push_file'
  creator: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  status: OrderStatus
  currentBatch: number
  message: string
  script: {
    uuid: string
    name: string
    type: ScriptType
    risk: RiskLevel
    version: string
    revision: number
    content: string
  }
  timeout: number
  successRate: number
  executeUser: string
  resourceful: boolean
  params: { name: string; value: string; sensitive: boolean }[]
  batches: MockBatch[]
  instances: MockInstance[]
}

export interface MockTarget {
  hostId: number | null
  hostName: string
  ip: string
  agentSn: string
  resourceId: string
  regionId: string
}

let seq = 0
let instanceSeq = 0

/** A demo target host that is not in the CMDB (seeded tickets only). */
export function buildTarget(n: number): MockTarget {
  return {
    hostId: null,
    hostName: `web-${String(n).padStart(2, '0')}`,
    ip: `10.1.0.${n}`,
    agentSn: `sn-web-${n}`,
    resourceId: `00000000-0000-4000-9100-${String(n).padStart(12, '0')}`,
    regionId: 'cn-north-4',
  }
}

/** A READY ticket over `batches` (target lists) with the given options; pass `status` etc. to override. */
export function buildExecution(
  batches: { targets: MockTarget[]; rotation?: RotationStrategy }[],
  over: Partial<MockExecution> = {},
): MockExecution {
  const n = ++seq
  const created = new Date(Date.UTC(2026, 10, 23, 8, 0) - n * 3_600_000)
  return {
    orderId: n,
    executeUuid: formatExecuteUuid(created, (0x1a2b3c4d0 + n).toString(16)),
    creator: 'operator',
    createdAt: created.toISOString(),
    startedAt: null,
    finishedAt: null,
    status: 'READY',
    currentBatch: 0,
    message: '',
    script: {
      uuid: 'SC20261101080001aaaaaaaa',
      name: 'disk_usage',
      type: 'SHELL',
      risk: 'LOW',
      version: '1.0.0',
      revision: 1,
      content: 'df -h',
    },
    timeout: 300,
    successRate: 100,
    executeUser: 'root',
    resourceful: true,
    params: [],
    batches: batches.map((b, i) => ({
      index: i + 1,
      rotation: b.rotation ?? 'CONTINUE',
      status: 'READY',
      startedAt: null,
      finishedAt: null,
    })),
    instances: batches.flatMap((b, i) =>
      b.targets.map((t) => ({
        ...t,
        id: ++instanceSeq,
        batchIndex: i + 1,
        status: 'READY' as const,
        exitCode: null,
        message: '',
        attempt: 0,
        startedAt: null,
        finishedAt: null,
        log: '',
      })),
    ),
    ...over,
  }
}

const at = (min: number) => new Date(Date.UTC(2026, 10, 23, 8, min)).toISOString()
const logOf = (host: string, ok: boolean) =>
  '$ df -h\nFilesystem      Size  Used Avail Use% Mounted on\n/dev/vda1        40G   12G   26G  32% /\n' +
  `${ok ? '' : 'df: /mnt/nfs: Stale file handle\n'}[${host}] exit ${ok ? 0 : 1}\n`

function finish(i: MockInstance, ok: boolean) {
  Object.assign(i, {
    status: ok ? 'FINISHED' : 'ABNORMAL',
    exitCode: ok ? 0 : 1,
    message: ok ? 'exit code 0' : 'exit code 1',
    attempt: 1,
    startedAt: at(1),
    finishedAt: at(2),
    log: logOf(i.hostName, ok),
  })
}

/**
 * Four demo tickets: one running (batch 2 of 3, a PAUSE batch after it), one paused, one abnormal with a failed
 * host, one finished; the running one has a sensitive parameter.
 */
export function buildExecutionList(): MockExecution[] {
  const t = (from: number, count: number) => Array.from({ length: count }, (_, k) => buildTarget(from + k))
  const running = buildExecution(
    [{ targets: t(1, 3) }, { targets: t(4, 3), rotation: 'PAUSE' }, { targets: t(7, 2) }],
    {
      status: 'PROCESSING',
      currentBatch: 2,
      startedAt: at(0),
      params: [
        { name: 'path', value: '/var/log', sensitive: false },
        { name: 'token', value: '******', sensitive: true },
      ],
    },
  )
  for (const i of running.instances.filter((x) => x.batchIndex === 1)) finish(i, true)
  running.batches[0].status = 'FINISHED'
  running.batches[1].status = 'PROCESSING'
  for (const i of running.instances.filter((x) => x.batchIndex === 2)) {
    Object.assign(i, {
      status: 'PROCESSING',
      attempt: 1,
      startedAt: at(3),
      log: `$ df -h\nFilesystem      Size  Used Avail Use% Mounted on\n`,
    })
  }

  const paused = buildExecution([{ targets: t(10, 2), rotation: 'PAUSE' }, { targets: t(12, 2) }], {
    status: 'PAUSED',
    currentBatch: 1,
    startedAt: at(0),
    creator: 'admin',
  })
  for (const i of paused.instances.filter((x) => x.batchIndex === 1)) finish(i, true)
  paused.batches[0].status = 'FINISHED'

  const abnormal = buildExecution([{ targets: t(20, 3) }, { targets: t(23, 3) }], {
    status: 'ABNORMAL',
    currentBatch: 1,
    startedAt: at(0),
    finishedAt: at(3),
    message: 'Batch 1: 66.7% of hosts succeeded, below the required 100%',
  })
  for (const [k, i] of abnormal.instances.filter((x) => x.batchIndex === 1).entries()) finish(i, k !== 1)
  abnormal.batches[0].status = 'ABNORMAL'

  const finished = buildExecution([{ targets: t(30, 2) }], {
    status: 'FINISHED',
    currentBatch: 1,
    startedAt: at(0),
    finishedAt: at(2),
    script: {
      uuid: 'SC20261101080002aaaaaaaa',
      name: 'rotate_logs',
      type: 'SHELL',
      risk: 'MEDIUM',
      version: '1.0.0',
      revision: 1,
      content: 'logrotate -f /etc/logrotate.conf',
    },
  })
  for (const i of finished.instances) finish(i, true)
  finished.batches[0].status = 'FINISHED'
  return [running, paused, abnormal, finished]
}

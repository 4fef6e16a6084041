import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AGENT_PROTOCOL_VERSION, AgentSnSchema, type HelloMessage } from '../contract/agents'

export const AGENT_VERSION = '0.1.0'

/** The agent_sn kept in the work dir, created once (32 hex chars, like a COC UniAgent id). */
export function loadAgentSn(workDir: string, given?: string): string {
  if (given) return AgentSnSchema.parse(given)
  const file = path.join(workDir, 'agent_sn')
  if (existsSync(file)) return AgentSnSchema.parse(readFileSync(file, 'utf8').trim())
  mkdirSync(workDir, { recursive: true })
  const sn = randomBytes(16).toString('hex')
  writeFileSync(file, sn)
  return sn
}

/** Non-internal IPv4 addresses first, then IPv6, then loopback as a last resort. */
export function hostIps(): string[] {
  const all = Object.values(os.networkInterfaces())
    .flat()
    .filter((i) => i !== undefined)
  const pick = (internal: boolean, family: string) =>
    all.filter((i) => i.internal === internal && i.family === family).map((i) => i.address)
  const ips = [...pick(false, 'IPv4'), ...pick(false, 'IPv6')]
  return (ips.length ? ips : pick(true, 'IPv4')).slice(0, 32)
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8')
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? `${os.type()} ${os.release()}`
  } catch {
    return `${os.type()} ${os.release()}`
  }
}

/** The facts the agent registers with. */
export function helloMessage(agentSn: string, hostname?: string, ips?: string[]): HelloMessage {
  const platform = os.platform()
  return {
    type: 'hello',
    protocol: AGENT_PROTOCOL_VERSION,
    agentSn,
    hostname: (hostname ?? os.hostname()).slice(0, 128),
    ips: ips?.length ? ips.slice(0, 32) : hostIps(),
    os: platform === 'win32' ? 'windows' : platform,
    osName: osName().slice(0, 128),
    arch: os.arch(),
    version: AGENT_VERSION,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
  }
}

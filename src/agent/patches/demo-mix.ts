import { createHash } from 'node:crypto'
import type { PatchScanResult } from '../../contract/patch-scan'

/** A stable number in [0, 1) from a string. */
function unit(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0) / 2 ** 32
}

/**
 * Demo-fleet agents all run on one machine, so their real scans would be identical. This varies a real scan
 * per agent, deterministically from its agent_sn, to look like a fleet at different patch levels: each host
 * has applied a share of the available updates, and a few hosts have a half-installed package or await a
 * reboot. Packages a Patch now ticket recorded in `patched` count as updated. The result is marked
 * `source: 'demo'`, which the console shows.
 */
export function demoMix(
  scan: PatchScanResult,
  agentSn: string,
  patched: ReadonlySet<string> = new Set(),
): PatchScanResult {
  const patchLevel = unit(`${agentSn}:level`)
  const packages = scan.packages.map((p) => {
    const r = unit(`${agentSn}:${p.name}`)
    // Updated by a Patch now ticket on this demo host (patch_install records it): installed from now on.
    if (p.state === 'upgradable' && patched.has(p.name)) {
      return {
        ...p,
        state: 'installed' as const,
        installed_version: p.available_version,
        available_version: null,
        installed_time: Date.now(),
      }
    }
    if (p.state === 'upgradable' && r < patchLevel) {
      return { ...p, state: 'installed' as const, installed_version: p.available_version, available_version: null }
    }
    // About one host in five has one half-installed package; well-patched hosts may await a reboot.
    if (p.state === 'installed' && r < 0.0003 * (unit(`${agentSn}:broken`) < 0.2 ? 4 : 0))
      return { ...p, state: 'failed' as const }
    if (p.state === 'installed' && r > 0.997 && patchLevel > 0.5) return { ...p, state: 'pending_reboot' as const }
    return p
  })
  return { ...scan, source: 'demo', packages }
}

import { existsSync, readFileSync } from 'node:fs'
import type { PatchScanResultMessage } from '../contract/agents'
import { demoMix } from './patches/demo-mix'
import { scanPatches } from './patches/scan-patches'

/**
 * Answers the gateway's `patch-scan`: a real scan of this host's package manager (patches/scan-patches.ts).
 * Demo-fleet agents (`--demo`) vary it per agent so the console shows a fleet at different patch levels.
 */
export async function patchScan(commandId: string, opts: { demoSn?: string } = {}): Promise<PatchScanResultMessage> {
  try {
    const scan = await scanPatches()
    return {
      type: 'patch-scan-result',
      commandId,
      result: opts.demoSn ? demoMix(scan, opts.demoSn, demoPatched()) : scan,
    }
  } catch (err) {
    return { type: 'patch-scan-result', commandId, error: (err as Error).message.slice(0, 1000) }
  }
}

/** Packages the demo agent's patch_install runs recorded as updated (OC_DEMO_PATCH_FILE, one name a line). */
function demoPatched(): Set<string> {
  const file = process.env.OC_DEMO_PATCH_FILE
  if (!file || !existsSync(file)) return new Set()
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  )
}

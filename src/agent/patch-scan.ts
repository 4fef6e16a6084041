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
    return { type: 'patch-scan-result', commandId, result: opts.demoSn ? demoMix(scan, opts.demoSn) : scan }
  } catch (err) {
    return { type: 'patch-scan-result', commandId, error: (err as Error).message.slice(0, 1000) }
  }
}

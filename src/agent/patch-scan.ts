import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { PatchScanResult } from '../contract/agents'

const run = promisify(execFile)

/**
 * The patch-scan hook: installed packages from dpkg or rpm, and pending updates when the package manager
 * can list them without network access. The patch issue builds the compliance logic on this report.
 */
export async function patchScan(commandId: string): Promise<PatchScanResult> {
  const base = { type: 'patch-scan-result' as const, commandId }
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f', '${Package}\t${Version}\n'], { maxBuffer: 32 * 1024 * 1024 })
    const installed = parse(stdout)
    let missing: PatchScanResult['missing'] = []
    try {
      // apt's simulated upgrade uses the local package lists only, so it never downloads.
      const sim = await run('apt-get', ['-s', '-o', 'Debug::NoLocking=1', 'upgrade'], { maxBuffer: 8 * 1024 * 1024 })
      missing = [...sim.stdout.matchAll(/^Inst (\S+) (?:\[[^\]]*\] )?\((\S+)/gm)].map((m) => ({ name: m[1], version: m[2] }))
    } catch {
      // no apt: leave missing empty
    }
    return { ...base, installed, missing }
  } catch {
    try {
      const { stdout } = await run('rpm', ['-qa', '--qf', '%{NAME}\t%{VERSION}-%{RELEASE}\n'], { maxBuffer: 32 * 1024 * 1024 })
      return { ...base, installed: parse(stdout), missing: [] }
    } catch (err) {
      return { ...base, installed: [], missing: [], error: `no supported package manager: ${(err as Error).message}` }
    }
  }
}

function parse(text: string) {
  return text.split('\n').filter(Boolean).map((line) => {
    const [name, version] = line.split('\t')
    return { name, version: version ?? '' }
  })
}

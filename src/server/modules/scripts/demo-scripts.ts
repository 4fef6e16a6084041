import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { formatScriptUuid } from '../../../contract/script-rules'
import type { Db } from '../../db/client'
import { scripts } from '../../db/schema'
import type { ScriptsRepository } from './scripts.repository'

/**
 * Upgrades the packages named in $packages with the host's package manager. A demo-fleet agent (all of them
 * share this machine) records them in its demo state instead, which its next scan reports as installed.
 */
const PATCH_INSTALL = `set -u
[ -n "\${packages:-}" ] || { echo "no packages given" >&2; exit 2; }
if [ -n "\${OC_DEMO_PATCH_FILE:-}" ]; then
  for p in $packages; do echo "$p" >> "$OC_DEMO_PATCH_FILE"; echo "demo host: $p recorded as updated (nothing installed on this machine)"; done
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y --only-upgrade $packages
elif command -v dnf >/dev/null 2>&1; then
  dnf -y upgrade $packages
elif command -v yum >/dev/null 2>&1; then
  yum -y update $packages
else
  echo "no apt-get, dnf or yum on this host" >&2; exit 3
fi`

/** Ready-to-run scripts of the embedded demo, so the execution wizard has something APPROVED on first start. */
const DEMO: {
  name: string
  type: 'SHELL' | 'PYTHON'
  risk: 'LOW' | 'MEDIUM' | 'HIGH'
  description: string
  content: string
  params: { name: string; value: string; description: string }[]
}[] = [
  {
    name: 'disk_usage',
    type: 'SHELL',
    risk: 'LOW',
    description: 'Disk usage of every mounted filesystem',
    content: 'df -h\necho "checked on $(hostname) at $(date -u +%FT%TZ)"',
    params: [],
  },
  {
    name: 'host_facts',
    type: 'PYTHON',
    risk: 'LOW',
    description: 'Hostname, kernel, load and memory',
    content:
      'import os, platform\nprint("host", platform.node())\nprint("kernel", platform.release())\n' +
      'print("load", os.getloadavg())\n' +
      'print(open("/proc/meminfo").read().splitlines()[0] if os.path.exists("/proc/meminfo") else "meminfo n/a")',
    params: [],
  },
  {
    name: 'service_check',
    type: 'SHELL',
    risk: 'MEDIUM',
    description: 'Looks for a process by name; exits 1 when it is not running',
    content:
      'name="$1"\nif pgrep -f "$name" >/dev/null; then echo "$name is running"; ' +
      'else echo "$name is not running" >&2; exit 1; fi',
    params: [{ name: 'process', value: 'node', description: 'process name to look for' }],
  },
  {
    name: 'clean_tmp',
    type: 'SHELL',
    risk: 'HIGH',
    description: 'Deletes files older than N days under a directory (dry run unless apply=yes)',
    content:
      'dir="$1"; days="$2"; apply="$3"\nfind "$dir" -type f -mtime +"$days" -print | head -100\n' +
      'if [ "$apply" = yes ]; then find "$dir" -type f -mtime +"$days" -delete; echo deleted; else echo "dry run"; fi',
    params: [
      { name: 'dir', value: '/tmp', description: 'directory' },
      { name: 'days', value: '7', description: 'age in days' },
      { name: 'apply', value: 'no', description: 'yes to delete' },
    ],
  },
  {
    // Run by the compliance report's Patch now with the hosts' missing required patches.
    name: 'patch_install',
    type: 'SHELL',
    risk: 'MEDIUM',
    description: 'Installs updates of the named packages (only packages already installed are upgraded)',
    content: PATCH_INSTALL,
    params: [{ name: 'packages', value: '', description: 'package names, separated by spaces' }],
  },
]

/** Inserts the demo scripts (APPROVED, revision 1) into a tenant that has no scripts yet. */
export async function seedDemoScripts(
  db: Db,
  repo: ScriptsRepository,
  tenantId: string,
  author: { id: string; username: string },
) {
  if ((await db.select({ id: scripts.id }).from(scripts).where(eq(scripts.tenantId, tenantId)).limit(1)).length) return
  await db.transaction(async (tx) => {
    for (const d of DEMO) {
      const params = d.params.map((p, i) => ({
        param_name: p.name,
        value: p.value,
        param_description: p.description,
        param_order: i + 1,
        sensitive: false,
      }))
      const row = (await repo.insert(tx, {
        uuid: formatScriptUuid(new Date(), randomBytes(5).toString('hex')),
        tenantId,
        name: d.name,
        type: d.type,
        description: d.description,
        content: d.content,
        riskLevel: d.risk,
        version: '1.0.0',
        protocol: 'NOT_TO_NOTIFY',
        params,
        reviewers: [],
        status: 'APPROVED',
        revision: 1,
        reviewRevision: 1,
        approvedRevision: 1,
        creatorId: author.id,
        creatorName: author.username,
        operatorName: author.username,
      }))!
      await repo.insertVersion(tx, {
        scriptId: row.id,
        revision: 1,
        change: 'create',
        name: d.name,
        type: d.type,
        description: d.description,
        content: d.content,
        riskLevel: d.risk,
        version: '1.0.0',
        params,
        reviewers: [],
        authorId: author.id,
        authorName: author.username,
      })
    }
  })
}

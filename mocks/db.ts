import type { User } from '../src/contract/identity'
import type { Baseline, InstanceCompliant, ScanOrder } from '../src/contract/patches'
import { buildUserList } from './factories/identity'
import { buildCmdb } from './factories/cmdb'
import type { AgentToken } from '../src/contract/agent-tokens'
import { buildBaseline, buildInstanceCompliant } from './factories/patches'

type MockUser = User & { password: string }

/** In-memory state behind the mock handlers; `resetDb()` runs between tests. */
export const db = {
  users: [] as MockUser[],
  /** The signed-in user, or null: mirrors the BFF's session cookie. */
  currentUserId: null as string | null,
  accessKeys: [] as { accessKey: string; userId: string; description: string; createdAt: string; lastUsedAt: string | null }[],
  cmdb: buildCmdb(),
  agentTokens: [] as AgentToken[],
  patchReports: [] as InstanceCompliant[],
  patchBaselines: [] as Baseline[],
  patchScans: [] as ScanOrder[],
  audit: [] as { id: string; at: string; actor: string; action: string; targetType: string; targetId: string | null; before: unknown; after: unknown; requestId: string | null }[],
}

export function resetDb() {
  db.users = buildUserList()
  db.currentUserId = null
  db.accessKeys = []
  db.audit = []
  db.cmdb = buildCmdb()
  db.agentTokens = []
  db.patchReports = Array.from({ length: 12 }, () => buildInstanceCompliant())
  db.patchBaselines = [buildBaseline()]
  db.patchScans = []
}
resetDb()

export function currentUser(): MockUser | undefined {
  return db.users.find((u) => u.id === db.currentUserId)
}

export function page<T>(items: T[], pageNo = 1, pageSize = 20) {
  return { items: items.slice((pageNo - 1) * pageSize, pageNo * pageSize), total: items.length, page: pageNo, pageSize }
}

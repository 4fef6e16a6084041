import { compactId } from '../../../contract/script-rules'
import type { ScriptDetail, ScriptListItem } from '../../../contract/scripts'
import type { scripts, scriptVersions } from '../../db/schema'
import { maskParams } from './script-params'

export type ScriptRow = typeof scripts.$inferSelect
export type VersionRow = typeof scriptVersions.$inferSelect
/** The columns a list page reads (scripts.repository.ts COC_LIST_COLUMNS). */
export type ScriptListRow = Pick<
  ScriptRow,
  | 'id'
  | 'uuid'
  | 'tenantId'
  | 'name'
  | 'type'
  | 'status'
  | 'riskLevel'
  | 'version'
  | 'protocol'
  | 'reviewers'
  | 'creatorId'
  | 'creatorName'
  | 'operatorName'
  | 'createdAt'
  | 'updatedAt'
>

function properties(row: ScriptListRow) {
  return {
    risk_level: row.riskLevel,
    version: row.version,
    reviewers: row.reviewers.map((r) => ({ reviewer_name: r.username, reviewer_id: compactId(r.userId) })),
    protocol: row.protocol as ScriptDetail['properties']['protocol'],
  }
}

/** ScriptListModel (seed table 4-12). */
export function toCocListItem(row: ScriptListRow): ScriptListItem {
  return {
    id: row.id,
    script_uuid: row.uuid,
    enterprise_project_id: row.tenantId,
    name: row.name,
    type: row.type,
    status: row.status,
    gmt_created: row.createdAt.getTime(),
    gmt_modified: row.updatedAt.getTime(),
    creator: row.creatorName,
    creator_id: compactId(row.creatorId),
    operator: row.operatorName,
    properties: properties(row),
  }
}

/** Script details (seed table 4-25); sensitive parameter values masked. Also the audit snapshot. */
export function toCocDetail(row: ScriptRow): ScriptDetail {
  return {
    script_uuid: row.uuid,
    name: row.name,
    version: row.version,
    description: row.description,
    type: row.type,
    content: row.content,
    script_params: maskParams(row.params),
    status: row.status,
    gmt_created: row.createdAt.getTime(),
    gmt_modified: row.updatedAt.getTime(),
    creator: row.creatorName,
    creator_id: compactId(row.creatorId),
    operator: row.operatorName,
    properties: properties(row),
    enterprise_project_id: row.tenantId,
  }
}

export function toVersionSummary(v: VersionRow) {
  return {
    revision: v.revision,
    version: v.version,
    change: v.change,
    author: v.authorName,
    createdAt: v.createdAt.toISOString(),
  }
}

export function toVersion(v: VersionRow) {
  return {
    ...toVersionSummary(v),
    name: v.name,
    type: v.type,
    description: v.description,
    content: v.content,
    riskLevel: v.riskLevel,
    params: maskParams(v.params),
    reviewers: v.reviewers.map((r) => r.username),
  }
}

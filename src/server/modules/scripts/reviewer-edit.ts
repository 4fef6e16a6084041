import { compactId, SENSITIVE_MASK } from '../../../contract/script-rules'
import type { UpdateScriptBody } from '../../../contract/scripts'
import type { ScriptRow } from './script-dto'

/**
 * True when a modify request changes nothing but `properties.risk_level` (what a reviewer may do, seed
 * 4.2.4). Fields left out count as unchanged; sensitive values must come back as the mask.
 */
export function onlyRiskLevelDiffers(before: ScriptRow, body: UpdateScriptBody): boolean {
  if (!body.properties) return false
  if (body.description !== before.description || body.content !== before.content) return false
  if (body.name !== undefined && body.name !== before.name) return false
  if (body.type !== undefined && body.type !== before.type) return false
  const p = body.properties
  if (p.version !== before.version) return false
  if (p.protocol !== undefined && p.protocol !== before.protocol) return false
  if (p.reviewers !== undefined) {
    const given = p.reviewers
      .map((r) => r.reviewer_name)
      .sort()
      .join(',')
    const had = before.reviewers
      .map((r) => r.username)
      .sort()
      .join(',')
    const idsOk = p.reviewers.every(
      (r) => !r.reviewer_id || before.reviewers.some((b) => compactId(b.userId) === compactId(r.reviewer_id)),
    )
    if (given !== had || !idsOk) return false
  }
  if (body.script_params !== undefined) {
    if (body.script_params.length !== before.params.length) return false
    const same = body.script_params.every((q, i) => {
      const b = before.params.find((x) => x.param_name === q.param_name)
      if (!b || b.sensitive !== q.sensitive || b.param_description !== q.param_description) return false
      if ((q.param_order ?? i + 1) !== b.param_order) return false
      return b.sensitive ? q.param_value === SENSITIVE_MASK : q.param_value === b.value
    })
    if (!same) return false
  }
  return true
}

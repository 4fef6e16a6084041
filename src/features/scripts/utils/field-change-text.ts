import type { RiskLevel } from '../../../contract/scripts'
import { fmt } from '../../../lib/i18n'

/** The words `fieldChangeText` needs, from the scripts messages. */
export interface FieldWords {
  fieldNames: Record<string, string>
  param: string
  paramParts: Record<string, string>
  risk: Record<RiskLevel, string>
  yes: string
  no: string
  sensitiveSuffix: string
}

/** The server's mark on a parameter summary that is sensitive (script-versions.service `paramSummary`). */
const SENSITIVE = ' (sensitive)'

/**
 * A changed field of a script version in words: the server names fields by their API path
 * (`properties.risk_level`, `script_params.port.param_value`) and values by their enum (`HIGH`, `true`);
 * the reader sees "Risk level: High", "Parameter port: value". Unknown paths show as sent.
 */
export function fieldChangeText(
  change: { field: string; before: string | null; after: string | null },
  w: FieldWords,
): { field: string; before: string | null; after: string | null } {
  const param = /^script_params\.(.+?)(?:\.(param_value|sensitive|param_description|param_order))?$/.exec(change.field)
  const value = (v: string | null) => {
    if (v === null) return null
    if (change.field === 'properties.risk_level') return w.risk[v as RiskLevel] ?? v
    if (param?.[2] === 'sensitive') return v === 'true' ? w.yes : v === 'false' ? w.no : v
    if (param && !param[2] && v.endsWith(SENSITIVE)) return v.slice(0, -SENSITIVE.length) + w.sensitiveSuffix
    return v
  }
  const field = param
    ? `${fmt(w.param, { name: param[1]! })}${param[2] ? ` · ${w.paramParts[param[2]] ?? param[2]}` : ''}`
    : (w.fieldNames[change.field] ?? change.field)
  return { field, before: value(change.before), after: value(change.after) }
}

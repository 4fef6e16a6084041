import { utcStamp } from './common'

/**
 * Script validation rules of seed 001/000 §4.2 and the official SDK (research/coc-sdk.md §6.2–6.6), as
 * pure data and functions. Where the seed and the SDK differ, the union is accepted on input:
 * Chinese characters in names (SDK, seed 000), `#` and `,` in parameter values (SDK). Where both require a
 * field, it is required: ScriptParamDefine's `param_description`, `param_order` (1..n) and `sensitive`.
 */
export const SCRIPT_LIMITS = {
  nameMax: 64,
  contentMax: 4096,
  descriptionMax: 256,
  versionMax: 10,
  paramsMax: 20,
  /** UpdateScript's table says 0–5 (seed 4-19), CreateScript's 0–20. */
  updateParamsMax: 5,
  paramNameMax: 64,
  paramValueMax: 1024,
  paramDescriptionMax: 256,
  reviewersMax: 5,
  reviewerNameMax: 64,
  /** The seed says 32: an IAM id, i.e. a console user id without its dashes (responses send that form). */
  reviewerIdMax: 32,
  nameLikeMax: 32,
  listLimitMax: 100,
} as const

/** Letters, digits, underscore; CJK ideographs too (SDK pattern `^[\u4E00-\u9FA5A-Za-z0-9_]+$`). */
export const SCRIPT_NAME_PATTERN = /^[\u4E00-\u9FA5A-Za-z0-9_]{1,64}$/
export const PARAM_NAME_PATTERN = /^[A-Za-z0-9_]{1,64}$/
/**
 * The seed's value regex `^((?!\.{2,})[a-zA-Z0-9_\-/.*\x20?:"'=+@\[\]{}])*$`, plus the SDK's `,` and `#`:
 * a fixed character set and never two dots in a row (no `../` path escapes).
 */
export const PARAM_VALUE_CHARS = /^[A-Za-z0-9_\-/.* ?:"',=+@#[\]{}]*$/

/** The placeholder every sensitive value is replaced with in responses; sending it back keeps the stored value. */
export const SENSITIVE_MASK = '******'

export interface RuleIssue {
  /** Field path in COC snake_case, e.g. `script_params[1].param_value`. */
  path: string
  message: string
}

/** Why a parameter value is not allowed, or null when it is. */
export function paramValueProblem(value: string): string | null {
  if (value.length > SCRIPT_LIMITS.paramValueMax) return `must be at most ${SCRIPT_LIMITS.paramValueMax} characters`
  if (value.includes('..')) return 'must not contain ".."'
  if (!PARAM_VALUE_CHARS.test(value))
    return 'may only contain letters, digits, spaces and _ - / . * ? : " \' , = + @ # [ ] { }'
  return null
}

export interface ParamInput {
  param_name: string
  param_value: string
  param_order?: number
  sensitive: boolean
}

/**
 * Rules across the parameter list: unique names, `param_order` either absent everywhere (array order is
 * used) or exactly 1..n, and every value valid. Values equal to the mask are checked by the caller, which
 * knows whether a stored secret stands behind them.
 */
export function paramListIssues(params: ParamInput[]): RuleIssue[] {
  const issues: RuleIssue[] = []
  if (params.length > SCRIPT_LIMITS.paramsMax) {
    issues.push({ path: 'script_params', message: `at most ${SCRIPT_LIMITS.paramsMax} parameters` })
  }
  const seen = new Set<string>()
  params.forEach((p, i) => {
    if (seen.has(p.param_name))
      issues.push({ path: `script_params[${i}].param_name`, message: `duplicate parameter name ${p.param_name}` })
    seen.add(p.param_name)
    if (p.param_value !== SENSITIVE_MASK) {
      const problem = paramValueProblem(p.param_value)
      if (problem) issues.push({ path: `script_params[${i}].param_value`, message: problem })
    }
  })
  const given = params.filter((p) => p.param_order !== undefined).length
  if (given > 0 && given < params.length) {
    issues.push({ path: 'script_params', message: 'param_order must be given for every parameter or for none' })
  } else if (given > 0) {
    const orders = params.map((p) => p.param_order!).sort((a, b) => a - b)
    if (orders.some((o, i) => o !== i + 1)) {
      issues.push({ path: 'script_params', message: 'param_order must start at 1 and be consecutive' })
    }
  }
  return issues
}

/** The parameters sorted by `param_order` (array order when absent), numbered 1..n. */
export function orderParams<T extends ParamInput>(params: T[]): (T & { param_order: number })[] {
  return params
    .map((p, i) => ({ p, key: p.param_order ?? i + 1 }))
    .sort((a, b) => a.key - b.key)
    .map(({ p }, i) => ({ ...p, param_order: i + 1 }))
}

/** Reviewer ids are returned in the seed's 32-character form; UUIDs with dashes are accepted on input. */
export function compactId(id: string): string {
  return id.replace(/-/g, '').toLowerCase()
}

/** `SC` + yyyyMMddHHmmss + 9 random hex digits = 25 characters, like `SC2023102521413701c4a8a62`. */
export function formatScriptUuid(now: Date, randomHex: string): string {
  return `SC${utcStamp(now)}${randomHex.slice(0, 9).padEnd(9, '0')}`
}
export const SCRIPT_UUID_PATTERN = /^SC\d{14}[0-9a-f]{9}$/

import { orderParams, SENSITIVE_MASK } from '../../../contract/script-rules'
import type { ScriptParamInput } from '../../../contract/scripts'
import type { StoredParam } from '../../db/schema'
import { ValidationError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'

/**
 * Turns input parameters into stored ones: sensitive values encrypted with the keyring. A sensitive value
 * sent back as `******` keeps the stored secret of the same parameter; a secret is never turned into a
 * plain value by sending the mask (that would publish it), so that needs a new value.
 */
export function sealParams(input: ScriptParamInput[], previous: StoredParam[], keyring: Keyring): StoredParam[] {
  const before = new Map(previous.map((p) => [p.param_name, p]))
  return orderParams(input).map((p, i) => {
    const old = before.get(p.param_name)
    const keepsSecret = p.param_value === SENSITIVE_MASK && old?.sensitive === true
    if (keepsSecret && !p.sensitive) {
      throw new ValidationError(
        `script_params[${i}].param_value: give a new value when ${p.param_name} stops being sensitive`,
        [
          {
            path: `script_params[${i}].param_value`,
            message: 'a new value is needed when a parameter stops being sensitive',
          },
        ],
        'COC.00040601',
      )
    }
    const value = keepsSecret ? old!.value : p.sensitive ? keyring.encrypt(p.param_value) : p.param_value
    return {
      param_name: p.param_name,
      value,
      param_description: p.param_description,
      param_order: p.param_order,
      sensitive: p.sensitive,
    }
  })
}

/** Parameters as every response shows them: sensitive values replaced by the mask. */
export function maskParams(stored: StoredParam[]) {
  return stored.map((p) => ({
    param_name: p.param_name,
    param_value: p.sensitive ? SENSITIVE_MASK : p.value,
    param_description: p.param_description,
    param_order: p.param_order,
    sensitive: p.sensitive,
  }))
}

/** The plain value, for server-side comparisons only (diffs); never returned. */
export function plainValue(p: StoredParam, keyring: Keyring): string {
  return p.sensitive ? keyring.decrypt(p.value) : p.value
}

/**
 * How parameters reach a script (issue 14 item 1, issue 13 item 7): every parameter by its name in the
 * environment (`${name}` in SHELL, `os.environ['name']` in PYTHON, `%name%` in BAT), and positionally
 * (`$1…`, `sys.argv[1:]`) in `param_order`. A sensitive value never goes into argv, where `ps` and
 * /proc/<pid>/cmdline show it to every local user: its position holds an empty string instead, so the
 * positions of the other parameters do not shift.
 */
export function commandParams(stored: StoredParam[], plain: (p: StoredParam) => string) {
  const ordered = [...stored].sort((a, b) => a.param_order - b.param_order)
  return {
    params: ordered.map((p) => (p.sensitive ? '' : plain(p))),
    env: Object.fromEntries(ordered.map((p) => [p.param_name, plain(p)])),
  }
}

import { SENSITIVE_MASK } from '../../../contract/script-rules'
import { diffLines } from '../../../contract/text-diff'
import type { Tx } from '../../db/client'
import type { StoredParam } from '../../db/schema'
import { NotFoundError } from '../../lib/errors'
import type { Keyring } from '../../lib/keyring'
import type { Principal } from '../../lib/principal'
import { toVersion, toVersionSummary, type VersionRow } from './script-dto'
import { plainValue } from './script-params'
import type { ScriptsRepository } from './scripts.repository'
import { refusal } from '../../../contract/refusal-text'

type Change = { field: string; before: string | null; after: string | null }

/** Revisions of a script and diffs between any two of them. */
export class ScriptVersionsService {
  constructor(
    private readonly repo: ScriptsRepository,
    private readonly keyring: Keyring,
  ) {}

  private async script(principal: Principal, uuid: string) {
    const row = await this.repo.byUuid(principal.tenantId, uuid)
    if (!row) throw new NotFoundError(refusal('script.not-found', { script: uuid }))
    return row
  }

  async list(principal: Principal, uuid: string) {
    const row = await this.script(principal, uuid)
    return (await this.repo.listVersions(row.id)).map(toVersionSummary)
  }

  async get(principal: Principal, uuid: string, revision: number) {
    const row = await this.script(principal, uuid)
    const v = await this.repo.version(row.id, revision)
    if (!v) throw new NotFoundError(refusal('script.no-revision', { script: uuid, revision }))
    return toVersion(v)
  }

  /** Diff `from` → `to`; `from` 0 (or missing) diffs against nothing. */
  async diff(principal: Principal, uuid: string, from: number, to: number) {
    const row = await this.script(principal, uuid)
    return this.diffOf(row.id, uuid, from, to)
  }

  /** `tx` matters inside a transaction: PGlite has one connection, so a query outside it would wait forever. */
  async diffOf(scriptId: number, uuid: string, from: number, to: number, tx?: Tx) {
    const a = from > 0 ? await this.repo.version(scriptId, from, tx) : undefined
    const b = await this.repo.version(scriptId, to, tx)
    if (!b || (from > 0 && !a))
      throw new NotFoundError(refusal('script.no-revision', { script: uuid, revision: !b ? to : from }))
    return {
      from: a ? toVersionSummary(a) : null,
      to: toVersionSummary(b),
      lines: diffLines(a?.content ?? '', b.content),
      fields: this.fieldChanges(a, b),
    }
  }

  /** Changed fields; secrets are compared decrypted but shown only as the mask. */
  fieldChanges(a: VersionRow | undefined, b: VersionRow): Change[] {
    const out: Change[] = []
    const field = (name: string, x: string | null, y: string | null) => {
      if (x !== y) out.push({ field: name, before: x, after: y })
    }
    field('name', a?.name ?? null, b.name)
    field('type', a?.type ?? null, b.type)
    field('description', a?.description ?? null, b.description)
    field('properties.risk_level', a?.riskLevel ?? null, b.riskLevel)
    field('properties.version', a?.version ?? null, b.version)
    field(
      'properties.reviewers',
      a ? a.reviewers.map((r) => r.username).join(', ') : null,
      b.reviewers.map((r) => r.username).join(', '),
    )
    const before = new Map((a?.params ?? []).map((p) => [p.param_name, p]))
    const after = new Map(b.params.map((p) => [p.param_name, p]))
    const shown = (p: StoredParam | undefined) => (p ? (p.sensitive ? SENSITIVE_MASK : p.value) : null)
    for (const name of new Set([...before.keys(), ...after.keys()])) {
      const x = before.get(name)
      const y = after.get(name)
      const key = `script_params.${name}`
      if (!x || !y) {
        field(key, x ? paramSummary(x, shown(x)) : null, y ? paramSummary(y, shown(y)) : null)
        continue
      }
      if (plainValue(x, this.keyring) !== plainValue(y, this.keyring))
        out.push({ field: `${key}.param_value`, before: shown(x), after: shown(y) })
      field(`${key}.sensitive`, String(x.sensitive), String(y.sensitive))
      field(`${key}.param_description`, x.param_description, y.param_description)
      field(`${key}.param_order`, String(x.param_order), String(y.param_order))
    }
    return out
  }
}

const paramSummary = (p: StoredParam, value: string | null) => `${value ?? ''}${p.sensitive ? ' (sensitive)' : ''}`

import { is, SQL } from 'drizzle-orm'
import { getTableConfig, type IndexedColumn, PgDialect, type PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { DbHandle } from './client'

/** One table as the database has it or as the drizzle schema declares it, normalised for comparison. */
export interface TableShape {
  columns: Map<string, { type: string; notNull: boolean; default: string | null }>
  /** Index signatures, e.g. `unique btree (tenant_id, alarm_id)` or `btree (at DESC) where`. */
  indexes: Set<string>
  /** Index names the schema states explicitly (`index('x')`, `unique('x')`); they must exist under that name. */
  names: Set<string>
  /** Foreign key signatures, e.g. `(plan_id) → job_plans(id) on delete cascade on update no action`. */
  foreignKeys: Set<string>
}

/** pg_constraint's confdeltype / confupdtype letters, as drizzle's `onDelete` / `onUpdate` words. */
const FK_ACTIONS: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
}

/** Tables in the database that no drizzle table models, on purpose. */
const UNMODELLED = new Set(['schema_migrations'])

/** The migrated database's public tables: columns (type, nullability, default), indexes and foreign keys, from pg_catalog. */
export async function catalogShapes(handle: DbHandle): Promise<Map<string, TableShape>> {
  const columns = await handle.query<{ table: string; column: string; type: string; notnull: boolean; def: string }>(
    `select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
       a.attnotnull as notnull, pg_get_expr(d.adbin, d.adrelid) as def
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
     where n.nspname = 'public' and c.relkind in ('r', 'p')`,
  )
  const indexes = await handle.query<{ table: string; name: string; def: string }>(
    `select t.relname as table, i.relname as name, pg_get_indexdef(x.indexrelid) as def
     from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public'`,
  )
  const foreignKeys = await handle.query<{
    table: string
    cols: string
    ref: string
    refcols: string
    del: string
    upd: string
  }>(
    `select t.relname as table, r.relname as ref, c.confdeltype as del, c.confupdtype as upd,
       (select string_agg(a.attname, ', ' order by k.i) from unnest(c.conkey) with ordinality k(n, i)
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as cols,
       (select string_agg(a.attname, ', ' order by k.i) from unnest(c.confkey) with ordinality k(n, i)
          join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as refcols
     from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
       join pg_namespace n on n.oid = t.relnamespace
     where c.contype = 'f' and n.nspname = 'public'`,
  )
  const out = new Map<string, TableShape>()
  const shape = (table: string) => {
    const s = out.get(table) ?? { columns: new Map(), indexes: new Set(), names: new Set(), foreignKeys: new Set() }
    out.set(table, s)
    return s
  }
  for (const c of columns) {
    if (UNMODELLED.has(c.table)) continue
    shape(c.table).columns.set(c.column, { type: c.type, notNull: c.notnull, default: normaliseDefault(c.def) })
  }
  for (const i of indexes) {
    if (UNMODELLED.has(i.table)) continue
    // e.g. CREATE UNIQUE INDEX alarms_x ON public.alarms USING btree (tenant_id, alarm_id) WHERE (...)
    const m = /^CREATE (UNIQUE )?INDEX \S+ ON \S+ USING (\w+) \((.*?)\)( WHERE .*)?$/.exec(i.def)
    if (!m) throw new Error(`unparsed index definition: ${i.def}`)
    const cols = m[3].split(',').map((c) => c.trim().replace(/"/g, ''))
    shape(i.table).indexes.add(signature(Boolean(m[1]), m[2], cols, Boolean(m[4])))
    shape(i.table).names.add(i.name)
  }
  for (const f of foreignKeys) {
    if (UNMODELLED.has(f.table)) continue
    shape(f.table).foreignKeys.add(fkSignature(f.cols, f.ref, f.refcols, FK_ACTIONS[f.del]!, FK_ACTIONS[f.upd]!))
  }
  return out
}

/** The same shape from the drizzle tables (every PgTable exported by `schema`). */
export function drizzleShapes(schema: Record<string, unknown>): Map<string, TableShape> {
  const dialect = new PgDialect()
  const render = (s: SQL) => dialect.sqlToQuery(s).sql
  const out = new Map<string, TableShape>()
  for (const table of Object.values(schema)) {
    if (!is(table, PgTable)) continue
    const cfg = getTableConfig(table)
    const s: TableShape = { columns: new Map(), indexes: new Set(), names: new Set(), foreignKeys: new Set() }
    const unique = (cols: string[], name?: string) => {
      s.indexes.add(signature(true, 'btree', cols, false))
      if (name) s.names.add(name)
    }
    for (const c of cfg.columns) {
      s.columns.set(c.name, { type: sqlType(c), notNull: c.notNull, default: columnDefault(c, render) })
      if (c.primary) unique([c.name])
      if (c.isUnique) unique([c.name])
    }
    for (const pk of cfg.primaryKeys) unique(pk.columns.map((c) => c.name))
    for (const u of cfg.uniqueConstraints) {
      const cols = u.columns.map((c) => c.name)
      // drizzle names an unnamed unique() `<table>_<cols>_unique`; PostgreSQL names it `<table>_<cols>_key`.
      unique(cols, u.name === `${cfg.name}_${cols.join('_')}_unique` ? undefined : u.name)
    }
    for (const i of cfg.indexes) {
      const cols = i.config.columns.map((c) => {
        if (is(c, SQL)) return render(c).replace(/"/g, '')
        const col = c as IndexedColumn
        return col.indexConfig?.order === 'desc' ? `${col.name} DESC` : String(col.name)
      })
      s.indexes.add(signature(i.config.unique, i.config.method ?? 'btree', cols, Boolean(i.config.where)))
      if (i.config.name) s.names.add(i.config.name)
    }
    for (const fk of cfg.foreignKeys) {
      const r = fk.reference()
      s.foreignKeys.add(
        fkSignature(
          r.columns.map((c) => c.name).join(', '),
          getTableConfig(r.foreignTable).name,
          r.foreignColumns.map((c) => c.name).join(', '),
          fk.onDelete ?? 'no action',
          fk.onUpdate ?? 'no action',
        ),
      )
    }
    out.set(cfg.name, s)
  }
  return out
}

/** Every disagreement between the database and the schema, one readable line each; empty when they agree. */
export function schemaDrift(db: Map<string, TableShape>, schema: Map<string, TableShape>): string[] {
  const out: string[] = []
  for (const name of new Set([...db.keys(), ...schema.keys()])) {
    const a = db.get(name)
    const b = schema.get(name)
    if (!a) out.push(`${name}: in the drizzle schema, not in the migrated database`)
    if (!b) out.push(`${name}: in the migrated database, not in the drizzle schema`)
    if (!a || !b) continue
    for (const col of new Set([...a.columns.keys(), ...b.columns.keys()])) {
      const x = a.columns.get(col)
      const y = b.columns.get(col)
      if (!x || !y) {
        out.push(`${name}.${col}: only in the ${x ? 'database' : 'drizzle schema'}`)
        continue
      }
      if (x.type !== y.type) out.push(`${name}.${col}: type ${x.type} in the database, ${y.type} in drizzle`)
      if (x.notNull !== y.notNull)
        out.push(`${name}.${col}: ${x.notNull ? 'not null' : 'nullable'} in the database, not in drizzle`)
      if (x.default !== y.default)
        out.push(`${name}.${col}: default ${x.default ?? 'none'} in the database, ${y.default ?? 'none'} in drizzle`)
    }
    for (const i of a.indexes) if (!b.indexes.has(i)) out.push(`${name}: index ${i} only in the database`)
    for (const i of b.indexes) if (!a.indexes.has(i)) out.push(`${name}: index ${i} only in the drizzle schema`)
    for (const n of b.names)
      if (!a.names.has(n)) out.push(`${name}: index ${n} named in drizzle, absent in the database`)
    for (const f of a.foreignKeys) if (!b.foreignKeys.has(f)) out.push(`${name}: foreign key ${f} only in the database`)
    for (const f of b.foreignKeys)
      if (!a.foreignKeys.has(f)) out.push(`${name}: foreign key ${f} only in the drizzle schema`)
  }
  return out.sort()
}

function fkSignature(cols: string, table: string, refCols: string, onDelete: string, onUpdate: string) {
  return `(${cols}) → ${table}(${refCols}) on delete ${onDelete} on update ${onUpdate}`
}

function signature(unique: boolean, method: string, cols: string[], partial: boolean) {
  return `${unique ? 'unique ' : ''}${method} (${cols.join(', ')})${partial ? ' where …' : ''}`
}

const SERIAL: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' }

function sqlType(c: PgColumn) {
  const t = c.getSQLType()
  return (
    SERIAL[t] ??
    t.replace(/^timestamp\b(?!.*with)/, 'timestamp without time zone').replace(/^varchar/, 'character varying')
  )
}

/** Drizzle's default as PostgreSQL prints it back (`''::text`, `now()`, `'[]'::jsonb`, `0`, `false`). */
function columnDefault(c: PgColumn, render: (s: SQL) => string): string | null {
  const t = c.getSQLType()
  if (t in SERIAL) return 'nextval()'
  const d = c.default
  if (d === undefined) return null
  if (d === null) return 'null'
  if (is(d, SQL)) return normaliseDefault(render(d))
  if (typeof d === 'number' || typeof d === 'boolean') return String(d)
  // Arrays of a `text[]` column print as an array literal, anything else (jsonb) as JSON.
  const text =
    typeof d === 'string'
      ? d
      : Array.isArray(d) && t.endsWith('[]')
        ? `{${d.map((v) => JSON.stringify(v)).join(',')}}`
        : JSON.stringify(d)
  return `'${text.replace(/'/g, "''")}'::${sqlType(c)}`
}

function normaliseDefault(def: string | null): string | null {
  if (def === null) return null
  if (/^nextval\(/.test(def)) return 'nextval()'
  return def.replace(/^CURRENT_TIMESTAMP$/i, 'now()').replace(/^\((.*)\)$/, '$1')
}

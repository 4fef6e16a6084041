import { getTableColumns, getTableName, is, type SQL, sql } from 'drizzle-orm'
import { type PgColumn, type PgDialect, PgTable } from 'drizzle-orm/pg-core'
import pg from 'pg'
import type { Db } from './client'

/**
 * Date and time values reach the column mappers as PostgreSQL wrote them (drizzle's node-postgres driver
 * reads them the same way): a `date` column in string mode stays the day it was, not a Date at local midnight.
 */
const RAW_TYPES = new Set([1082, 1114, 1184, 1186, 1182, 1115, 1185, 1187, 1231])
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    RAW_TYPES.has(oid)
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/** The pool and SQL renderer behind a drizzle database (node-postgres driver). */
function driverOf(db: Db) {
  const { $client, dialect } = db as unknown as { $client: pg.Pool; dialect: PgDialect }
  return { pool: $client, dialect }
}

/** Runs `query` with each row as an array in select-list order. */
async function arrayRows(db: Db, query: SQL): Promise<unknown[][]> {
  const { pool, dialect } = driverOf(db)
  const { sql: text, params } = dialect.sqlToQuery(query)
  const result = await pool.query({ text, values: params, rowMode: 'array', types })
  return result.rows as unknown[][]
}

type Columns = Record<string, PgColumn>
type RowOf<C extends Columns> = {
  [K in keyof C]: C[K]['_']['notNull'] extends true ? C[K]['_']['data'] : C[K]['_']['data'] | null
}

interface Selection {
  /** The select list, `"table"."col", …`. */
  list: SQL
  decode(row: unknown[]): Record<string, unknown>
}

const selections = new WeakMap<object, Selection>()
const allColumns = new WeakMap<PgTable, Columns>()

/** A table's columns, one object per table (the selection cache is keyed by it). */
function columnsOf(table: PgTable): Columns {
  const known = allColumns.get(table)
  if (known) return known
  const columns = getTableColumns(table) as Columns
  allColumns.set(table, columns)
  return columns
}

/** A joined select's fields, as drizzle's `select({...})` takes them: whole tables (nested objects) or columns. */
type Fields = Record<string, PgTable | PgColumn>
type JoinedRowOf<F extends Fields> = {
  [K in keyof F]: F[K] extends PgTable ? F[K]['$inferSelect'] : F[K] extends PgColumn ? RowOf<{ x: F[K] }>['x'] : never
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * The select list of `fields` (qualified column names) and a row decoder, compiled once per fields object. Each
 * value goes through its column's own driver mapping (timestamps to Date, bigint numbers) and a whole table
 * becomes a nested object, as drizzle's query builder does; the builder's generic per-row mapping and
 * per-request query building were about a sixth of a replica's CPU on a 100-row list page.
 */
function selectionOf(fields: Fields): Selection {
  const known = selections.get(fields)
  if (known) return known
  const slots: { key: string; sub?: string; col: PgColumn }[] = []
  for (const [key, field] of Object.entries(fields)) {
    if (is(field, PgTable)) for (const [sub, col] of Object.entries(columnsOf(field))) slots.push({ key, sub, col })
    else slots.push({ key, col: field })
  }
  const tables = Object.entries(fields)
    .filter(([, f]) => is(f, PgTable))
    .map(([k]) => k)
  const selection: Selection = {
    list: sql.raw(slots.map(({ col }) => `${quote(getTableName(col.table))}.${quote(col.name)}`).join(', ')),
    decode(row) {
      const out: Record<string, unknown> = {}
      for (const key of tables) out[key] = {}
      for (let i = 0; i < slots.length; i++) {
        const { key, sub, col } = slots[i]!
        const raw = row[i]
        const value = raw === null || raw === undefined ? null : col.mapFromDriverValue(raw)
        if (sub === undefined) out[key] = value
        else (out[key] as Record<string, unknown>)[sub] = value
      }
      return out
    },
  }
  selections.set(fields, selection)
  return selection
}

/** Rows of `columns` from `table` under `where`, in `orderBy` order: one statement text per filter shape. */
export async function selectColumns<C extends Columns>(
  db: Db,
  table: PgTable,
  columns: C,
  where: SQL | undefined,
  orderBy: (SQL | PgColumn)[],
  page: { limit: number; offset?: number },
): Promise<RowOf<C>[]> {
  return selectJoined(db, sql`${table}`, columns, where, orderBy, page) as Promise<RowOf<C>[]>
}

/** Whole rows of `table` under `where`, in `orderBy` order (a page paged by a marker in `where`). */
export function selectRows<T extends PgTable>(
  db: Db,
  table: T,
  where: SQL | undefined,
  orderBy: (SQL | PgColumn)[],
  page: { limit: number; offset?: number },
): Promise<T['$inferSelect'][]> {
  return selectColumns(db, table, columnsOf(table), where, orderBy, page) as Promise<T['$inferSelect'][]>
}

/** How many rows of `table` match `where`. */
export async function countRows(db: Db, table: PgTable, where: SQL | undefined): Promise<number> {
  const [row] = await arrayRows(db, sql`select count(*) from ${table} where ${where ?? sql`true`}`)
  return Number(row![0])
}

/**
 * One page of a table's rows under `where`, in `orderBy` order, with the total under the same filter: the two
 * queries every list endpoint's repository runs side by side.
 */
export async function selectPage<T extends PgTable>(
  db: Db,
  table: T,
  where: SQL | undefined,
  orderBy: (SQL | PgColumn)[],
  page: { limit: number; offset: number },
): Promise<{ rows: T['$inferSelect'][]; total: number }> {
  const [rows, total] = await Promise.all([selectRows(db, table, where, orderBy, page), countRows(db, table, where)])
  return { rows, total }
}

/**
 * Rows shaped as drizzle's `select(fields).from(...).innerJoin(...)` shapes them (a whole table becomes a nested
 * object), from `from` (the FROM clause with its joins; `selectColumns` is the one-table case). Inner joins only:
 * a table of an outer join would come back as an object of nulls, where drizzle gives null.
 */
export async function selectJoined<F extends Fields>(
  db: Db,
  from: SQL,
  fields: F,
  where: SQL | undefined,
  orderBy: (SQL | PgColumn)[],
  page: { limit?: number; offset?: number } = {},
): Promise<JoinedRowOf<F>[]> {
  const { list, decode } = selectionOf(fields)
  const rows = await arrayRows(
    db,
    sql`select ${list} from ${from} where ${where ?? sql`true`} order by ${sql.join(orderBy, sql`, `)}${page.limit !== undefined ? sql` limit ${page.limit}` : sql``}${page.offset ? sql` offset ${page.offset}` : sql``}`,
  )
  return rows.map(decode) as JoinedRowOf<F>[]
}

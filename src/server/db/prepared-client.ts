import { createHash } from 'node:crypto'
import pg from 'pg'

/** Statement texts given a name per process; texts beyond it (varying IN lists, bulk inserts) stay unnamed. */
const MAX_NAMED = 2000
const names = new Map<string, string>()

/** The prepared-statement name of a query text, or undefined when the text is not worth preparing. */
export function statementName(text: string): string | undefined {
  const known = names.get(text)
  if (known) return known
  if (names.size >= MAX_NAMED) return undefined
  const name = `oc_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
  names.set(text, name)
  return name
}

/** Gives a parameterised plain query a statement name; anything else is returned as it came. */
export function named(args: unknown[]): unknown[] {
  const [config, values] = args
  if (typeof config === 'string') {
    const name = Array.isArray(values) && values.length ? statementName(config) : undefined
    return name ? [{ text: config, name }, ...args.slice(1)] : args
  }
  // Submittables (cursors, streams) carry their own protocol handling: left alone.
  if (!config || typeof config !== 'object' || 'submit' in config) return args
  const q = config as pg.QueryConfig
  const params = (values as unknown[] | undefined) ?? q.values
  if (q.name || typeof q.text !== 'string' || !params?.length) return args
  const name = statementName(q.text)
  return name ? [{ ...q, name }, ...args.slice(1)] : args
}

/**
 * A node-postgres client that runs every parameterised single statement as a named prepared statement:
 * PostgreSQL parses and plans the text once per connection instead of once per query. On a 2-core machine
 * the database server shares the cores with the replicas, so its per-query parse/plan is the list APIs'
 * throughput. Statements without parameters (migrations, multi-statement scripts) go through unchanged.
 */
export class PreparedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config)
    // The prototype's query looked up per call: instrumentation that wraps it (tests) sees these queries too.
    const base = pg.Client.prototype
    this.query = ((...args: unknown[]) =>
      (base.query as (...a: unknown[]) => unknown).apply(this, named(args))) as typeof this.query
  }
}

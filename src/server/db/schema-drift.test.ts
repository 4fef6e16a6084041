import { integer, pgTable, text } from 'drizzle-orm/pg-core'
import { afterEach, describe, expect, it } from 'vitest'
import { testDb } from '../testing/test-db'
import type { DbHandle } from './client'
import * as schema from './schema'
import { catalogShapes, drizzleShapes, schemaDrift } from './schema-drift'

let handle: DbHandle | undefined
afterEach(async () => {
  await handle?.close()
  handle = undefined
})

// Every migration in migrations/ (whatever has landed) against every table exported by schema/.
// The first test migrates the per-worker template, which takes a while on a busy machine.
describe('the drizzle schema and the migrations', { timeout: 120_000 }, () => {
  it('agree on every table, column (type, nullability, default), index and foreign key', async () => {
    handle = await testDb()
    expect(schemaDrift(await catalogShapes(handle), drizzleShapes(schema))).toEqual([])
  })

  it('disagree visibly when a migration changes what the schema does not', async () => {
    handle = await testDb()
    await handle.execScript(`
      alter table alarms add column note text;
      alter table alarms alter column region set not null;
      alter table incidents alter column assignee_scene set default 'x';
      alter table inbox_messages alter column title type varchar(20);
      create index alarms_name_idx on alarms (name);
      create table stray (id int);
      alter table inbox_messages drop constraint inbox_messages_recipient_id_fkey;
      alter table bk_job_instances add foreign key (order_id) references execution_orders(id) on delete cascade;`)
    const drift = schemaDrift(await catalogShapes(handle), drizzleShapes(schema))
    expect(drift).toEqual([
      'alarms.note: only in the database',
      'alarms.region: not null in the database, not in drizzle',
      'alarms: index btree (name) only in the database',
      'bk_job_instances: foreign key (order_id) → execution_orders(id) on delete cascade on update no action only in the database',
      'inbox_messages.title: type character varying(20) in the database, text in drizzle',
      'inbox_messages: foreign key (recipient_id) → users(id) on delete cascade on update no action only in the drizzle schema',
      "incidents.assignee_scene: default 'x'::text in the database, ''::text in drizzle",
      'stray: in the migrated database, not in the drizzle schema',
    ])
  })

  it('names what the schema declares and no migration made', async () => {
    handle = await testDb()
    const extra = pgTable('alarms', { id: integer('id').primaryKey(), ghost: text('ghost').notNull() })
    const drift = schemaDrift(await catalogShapes(handle), drizzleShapes({ extra }))
    expect(drift).toContain('alarms.ghost: only in the drizzle schema')
    expect(drift.some((d) => d.startsWith('incidents: in the migrated database'))).toBe(true)
  })
})

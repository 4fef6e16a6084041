import type pg from 'pg'

/**
 * bench/lists.ts data: 500 approved scripts, 2,000 hosts, 5,000 finished tickets of 10 hosts each in the
 * default tenant of a console that has started once (migrated, admin bootstrapped). Returns the tenant id.
 */
export async function seedListData(db: pg.Client): Promise<string> {
  const {
    rows: [{ tenant, admin }],
  } = await db.query<{ tenant: string; admin: string }>(
    "select t.id as tenant, u.id as admin from tenants t, users u where t.name = 'default' and u.username = 'admin'",
  )
  await db.query(
    `insert into scripts (uuid, tenant_id, name, type, description, content, risk_level, version, status, creator_id, creator_name, operator_name)
    select 'SC' || lpad(g::text, 23, '0'), $1, 'bench_script_' || g, 'SHELL', 'bench', 'echo ' || g, (array['LOW','MEDIUM','HIGH'])[1 + g % 3], '1.0', 'APPROVED', $2, 'admin', 'admin'
    from generate_series(1, 500) g`,
    [tenant, admin],
  )
  const {
    rows: [{ module }],
  } = await db.query<{ module: number }>(
    "select m.id as module from cmdb_modules m join cmdb_businesses b on b.id = m.biz_id where m.kind = 'idle' and b.is_default limit 1",
  )
  await db.query(
    `insert into cmdb_hosts (tenant_id, module_id, name, inner_ip, agent_sn, agent_status)
    select $1, $2, 'bench-host-' || g, '10.1.' || (g / 250) || '.' || (g % 250), 'bench-sn-' || g, 'offline' from generate_series(1, 2000) g`,
    [tenant, module],
  )
  await db.query(
    `insert into execution_orders (uuid, tenant_id, script_uuid, script_name, script_type, script_revision, script_version, risk_level, content,
      execute_user, timeout_sec, success_rate, status, creator_name, created_at, finished_at)
    select 'SCT' || lpad(g::text, 23, '0'), $1, 'SC1', 'bench_script_' || (g % 500), 'SHELL', 1, '1.0', 'LOW', 'echo', 'root', 60, 100,
      (array['FINISHED','ABNORMAL','CANCELED'])[1 + g % 3], 'admin', now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval + interval '20 seconds'
    from generate_series(1, 5000) g`,
    [tenant],
  )
  await db.query(
    `insert into execution_batches (order_id, batch_index, rotation_strategy, status) select id, 1, 'CONTINUE', 'FINISHED' from execution_orders`,
  )
  await db.query(`insert into execution_instances (order_id, batch_index, resource_id, agent_sn, host_name, status)
    select o.id, 1, 'r' || g, 'bench-sn-' || g, 'bench-host-' || g, 'FINISHED' from execution_orders o, generate_series(1, 10) g`)
  await db.query('analyze')
  return tenant
}

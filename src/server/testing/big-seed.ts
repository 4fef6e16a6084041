import type { DbHandle } from '../db/client'

/**
 * Fills every big table of the default tenant with `n` rows (set-based, a few seconds on PostgreSQL) and
 * ANALYZEs, so the planner sees production-like sizes. Most history is finished/closed, a few rows are live,
 * as in a long-running install. Returns one recent row of each kind for detail endpoints.
 */
const severity = {
  critical_count: 0,
  high_count: 1,
  medium_count: 0,
  low_count: 0,
  informational_count: 0,
  unspecified_count: 0,
}

export async function seedBigTables(handle: DbHandle, n = 100_000) {
  const q = (text: string, params: unknown[] = []) => handle.query(text, params)
  const [{ tenant, admin }] = await handle.query<{ tenant: string; admin: string }>(
    "select t.id as tenant, u.id as admin from tenants t, users u where t.name = 'default' and u.username = 'admin'",
  )
  const [{ module }] = await handle.query<{ module: number }>(
    `select m.id as module from cmdb_modules m join cmdb_businesses b on b.id = m.biz_id
     where m.kind = 'idle' and b.is_default and b.tenant_id = $1 limit 1`,
    [tenant],
  )
  // Ten minutes apart: 100k rows span two years, so week and month windows are as selective as in production.
  const ago = "now() - (g * 10 || ' minutes')::interval"
  await q(
    `insert into scripts (uuid, tenant_id, name, type, description, content, risk_level, version, status, creator_id,
       creator_name, operator_name, created_at, updated_at)
     select 'SC' || lpad(g::text, 23, '0'), $1, 'big_script_' || g, 'SHELL', 'bulk', 'echo ' || g,
       (array['LOW','MEDIUM','HIGH'])[1 + g % 3], '1.0', 'APPROVED', $2, 'admin', 'admin', ${ago}, ${ago}
     from generate_series(1, $3::int) g`,
    [tenant, admin, n],
  )
  await q(
    `insert into cmdb_hosts (tenant_id, module_id, name, inner_ip, agent_sn, agent_status, last_seen_at)
     select $1, $2, 'big-host-' || g, '10.' || (g / 65536) || '.' || (g / 256 % 256) || '.' || (g % 256),
       'big-sn-' || g, (array['online','offline','none'])[1 + g % 3], ${ago}
     from generate_series(1, $3::int) g`,
    [tenant, module, n],
  )
  await q(
    `insert into execution_orders (uuid, tenant_id, script_uuid, script_name, script_type, script_revision,
       script_version, risk_level, content, execute_user, timeout_sec, success_rate, status, creator_name, created_at,
       finished_at)
     select 'SCT' || lpad(g::text, 23, '0'), $1, 'SC1', 'big_script_' || (g % 500), 'SHELL', 1, '1.0', 'LOW', 'echo',
       'root', 60, 100,
       case when g <= 5 then 'PROCESSING' else (array['FINISHED','ABNORMAL','CANCELED'])[1 + g % 3] end,
       'admin', ${ago}, ${ago} + interval '20 seconds'
     from generate_series(1, $2::int) g`,
    [tenant, n],
  )
  await q(
    `insert into execution_batches (order_id, batch_index, rotation_strategy, status)
     select id, 1, 'CONTINUE', 'FINISHED' from execution_orders where tenant_id = $1`,
    [tenant],
  )
  // Ten hosts per ticket over the newest n / 10 tickets.
  await q(
    `insert into execution_instances (order_id, batch_index, resource_id, agent_sn, host_name, status)
     select o.id, 1, 'r' || g, 'big-sn-' || g, 'big-host-' || g, 'FINISHED'
     from (select id from execution_orders where tenant_id = $1 order by id desc limit $2::int / 10) o,
       generate_series(1, 10) g`,
    [tenant, n],
  )
  await q(
    `insert into incidents (tenant_id, incident_num, title, description, level, type, source, status, region,
       application_id, is_service_interrupt, creator, created_at, updated_at)
     select $1, 'IMBIG' || lpad(g::text, 21, '0'), 'incident ' || g, 'bulk', (array['P1','P2','P3','P4'])[1 + g % 4],
       'inc_type_p_security', 'incident_source_manual',
       case when g % 100 = 0 then 'INCIDENT_STATUS_TRIGGERED' when g % 100 = 1 then 'INCIDENT_STATUS_ACKNOWLEDGED'
         else 'INCIDENT_STATUS_COMPLETED' end,
       null, 'app-' || (g % 50), false, 'admin', ${ago}, ${ago}
     from generate_series(1, $2::int) g`,
    [tenant, n],
  )
  await q(
    `insert into incident_timeline (incident_id, at, actor, action, to_status)
     select id, created_at, 'admin', 'create', status from incidents where tenant_id = $1`,
    [tenant],
  )
  await q(
    `insert into alarms (tenant_id, alarm_id, integration_key_id, name, level, status, source, namespace,
       application_id, description, occurred_at, incident_id)
     select $1, 'big-alarm-' || i.id, 'k', 'alarm ' || i.id, 'Major', 'alarm', 'bulk', 'ns', i.application_id, 'bulk',
       i.created_at, i.id
     from incidents i where i.tenant_id = $1`,
    [tenant],
  )
  await q(
    `insert into war_rooms (id, tenant_id, war_room_num, title, incident_id, admin, status, source,
       enterprise_project_id, circular_level, created_at, closed_at)
     select 'wr-big-' || i.id, $1, 'WRBIG' || lpad(i.id::text, 21, '0'), 'room ' || i.id, i.id, 'admin', 'closed',
       'manual', '0', 'P1', i.created_at, i.created_at + interval '1 hour'
     from incidents i where i.tenant_id = $1`,
    [tenant],
  )
  await q(
    `insert into war_room_events (war_room_id, at, actor, kind, text)
     select id, created_at, 'admin', 'note', 'bulk' from war_rooms where tenant_id = $1`,
    [tenant],
  )
  await q(
    `insert into audit_log (tenant_id, actor_id, actor_name, action, target_type, target_id, at)
     select $1, $2, 'admin', 'bulk.action', 'bulk', g::text, ${ago} from generate_series(1, $3::int) g`,
    [tenant, admin, n],
  )
  await q(
    `insert into inbox_messages (tenant_id, recipient_id, kind, title, read_at, created_at)
     select $1, $2, 'bulk', 'message ' || g, case when g > 10 then ${ago} end, ${ago}
     from generate_series(1, $3::int) g`,
    [tenant, admin, n],
  )
  await q(
    `insert into patch_reports (id, tenant_id, instance_id, name, operating_system, baseline_id, baseline_name,
       rule_type, status, compliant_count, non_compliant_count, compliant_severity, non_compliant_severity, order_id,
       job_id, report_time, scan)
     select 'pr-big-' || g, $1, 'big-instance-' || g, 'big-host-' || g, 'Ubuntu', 'b', 'baseline', 'rule',
       (array['compliant','non_compliant'])[1 + g % 2], 1, g % 2, $3::jsonb, $3::jsonb, 'o', 'j', ${ago}, '{}'
     from generate_series(1, $2::int) g`,
    [tenant, n, JSON.stringify(severity)],
  )
  // As autovacuum would have: fresh statistics and a visibility map (index-only scans for the counts).
  await q('vacuum analyze')
  const [row] = await handle.query<{
    execute_uuid: string
    script_uuid: string
    incident_num: string
    war_room_id: string
    host_id: number
  }>(
    `select (select uuid from execution_orders where tenant_id = $1 order by id desc limit 1) as execute_uuid,
       (select uuid from scripts where tenant_id = $1 order by id desc limit 1) as script_uuid,
       (select incident_num from incidents where tenant_id = $1 order by id desc limit 1) as incident_num,
       (select id from war_rooms where tenant_id = $1 order by created_at desc limit 1) as war_room_id,
       (select id from cmdb_hosts where tenant_id = $1 order by id desc limit 1) as host_id`,
    [tenant],
  )
  return {
    executeUuid: row.execute_uuid,
    scriptUuid: row.script_uuid,
    incidentNum: row.incident_num,
    warRoomId: row.war_room_id,
    hostId: row.host_id,
  }
}

-- Indexes for the list and join queries of every list endpoint (issue 18), checked by db/list-indexes.test.ts
-- on 100k rows per table; plus the foreign keys whose parent deletes would otherwise scan the child table.

-- An incident's alarms, and the alarm counts of the incident board.
CREATE INDEX alarms_incident_idx ON alarms (incident_id, first_at);
-- The board: a tenant's open incidents, or those changed in the last week (the planner ORs the two).
CREATE INDEX incidents_open_idx ON incidents (tenant_id)
  WHERE status NOT IN ('INCIDENT_STATUS_COMPLETED','INCIDENT_STATUS_REJECTED');
CREATE INDEX incidents_tenant_updated_idx ON incidents (tenant_id, updated_at);
-- The script library, newest change first.
CREATE INDEX scripts_tenant_updated_idx ON scripts (tenant_id, updated_at DESC, id DESC);
-- The inbox total and the unread badge.
CREATE INDEX inbox_recipient_tenant_idx ON inbox_messages (recipient_id, tenant_id, created_at DESC);
CREATE INDEX inbox_unread_idx ON inbox_messages (recipient_id, tenant_id) WHERE read_at IS NULL;
-- A closed war room of an incident (the unique partial index covers only running ones).
CREATE INDEX war_rooms_incident_idx ON war_rooms (incident_id);
-- Foreign keys with ON DELETE: deleting a script or a host must not scan all tickets.
CREATE INDEX execution_orders_script_idx ON execution_orders (script_id);
CREATE INDEX execution_instances_host_idx ON execution_instances (host_id);

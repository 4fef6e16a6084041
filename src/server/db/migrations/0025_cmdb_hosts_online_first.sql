-- Issue 16, host lists online first: the hosts page and the selection endpoints order by
-- (agent_status = 'online') DESC, id within a tenant; this index serves that order (no sort of the whole fleet).
CREATE INDEX cmdb_hosts_tenant_online_idx ON cmdb_hosts (tenant_id, ((agent_status = 'online')) DESC, id);

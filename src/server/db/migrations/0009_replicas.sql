-- Several BFF replicas over one PostgreSQL (issue 12): ticket leases, agent sessions by replica, bus payloads,
-- and running logs appended as chunks instead of rewriting one text value.

-- The replica driving a live ticket, while its lease is renewed; another takes the ticket once it expires.
ALTER TABLE execution_orders ADD COLUMN lease_owner text;
ALTER TABLE execution_orders ADD COLUMN lease_expires_at timestamptz;

-- When the agent acknowledged the current attempt's run: a take-over that finds the command unknown to the
-- agent sends it again only when it was never acknowledged (so never twice).
ALTER TABLE execution_instances ADD COLUMN dispatched_at timestamptz;

-- Output of running attempts, appended as it arrives; folded into execution_instances.log when the run ends.
CREATE TABLE execution_log_chunks (
  id bigserial PRIMARY KEY,
  instance_id bigint NOT NULL REFERENCES execution_instances(id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  data text NOT NULL
);
CREATE INDEX execution_log_chunks_instance_idx ON execution_log_chunks (instance_id, attempt, id);

-- Which replica holds each connected agent's WebSocket: commands for the agent are sent to that replica.
CREATE TABLE agent_sessions (
  agent_sn text PRIMARY KEY,
  tenant_id uuid NOT NULL,
  replica_id text NOT NULL,
  connected_at timestamptz NOT NULL DEFAULT now()
);

-- Bus messages too big for a NOTIFY payload (8 kB): the notification carries the row id. Purged after minutes.
CREATE TABLE bus_payloads (
  id bigserial PRIMARY KEY,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bus_payloads_created_idx ON bus_payloads (created_at);

-- Script executions (COC "script service tickets"): a ticket, its batches and one instance per host.
CREATE TABLE execution_orders (
  id bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  script_id bigint REFERENCES scripts(id) ON DELETE SET NULL,
  script_uuid text NOT NULL,
  script_name text NOT NULL,
  script_type text NOT NULL,
  script_revision integer NOT NULL,
  script_version text NOT NULL,
  risk_level text NOT NULL,
  -- The content that runs, frozen at submit: a later edit of the script does not change a ticket.
  content text NOT NULL,
  -- Parameters in order; sensitive values sealed with the keyring like the script's own.
  params jsonb NOT NULL DEFAULT '[]',
  execute_user text NOT NULL,
  timeout_sec integer NOT NULL,
  success_rate double precision NOT NULL,
  resourceful boolean NOT NULL DEFAULT true,
  status text NOT NULL CHECK (status IN ('READY', 'PROCESSING', 'ABNORMAL', 'PAUSED', 'CANCELED', 'FINISHED')),
  current_batch integer NOT NULL DEFAULT 1,
  message text NOT NULL DEFAULT '',
  region_ids text NOT NULL DEFAULT '',
  creator_id uuid,
  creator_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX execution_orders_tenant_idx ON execution_orders (tenant_id, id DESC);
CREATE INDEX execution_orders_live_idx ON execution_orders (status) WHERE status IN ('READY', 'PROCESSING', 'PAUSED');

CREATE TABLE execution_batches (
  order_id bigint NOT NULL REFERENCES execution_orders(id) ON DELETE CASCADE,
  batch_index integer NOT NULL,
  rotation_strategy text NOT NULL CHECK (rotation_strategy IN ('CONTINUE', 'PAUSE')),
  status text NOT NULL CHECK (status IN ('READY', 'PROCESSING', 'FINISHED', 'ABNORMAL', 'SKIPPED', 'CANCELED')),
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (order_id, batch_index)
);

CREATE TABLE execution_instances (
  id bigserial PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES execution_orders(id) ON DELETE CASCADE,
  batch_index integer NOT NULL,
  host_id integer REFERENCES cmdb_hosts(id) ON DELETE SET NULL,
  resource_id text NOT NULL,
  agent_sn text NOT NULL,
  host_name text NOT NULL,
  fixed_ip text NOT NULL DEFAULT '',
  region_id text NOT NULL DEFAULT '',
  zone_id text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('READY', 'PROCESSING', 'ABNORMAL', 'CANCELED', 'FINISHED')),
  attempt integer NOT NULL DEFAULT 0,
  -- Persisted before the command is sent, so a restarted engine can re-attach instead of running it twice.
  command_id text,
  exit_code integer,
  message text NOT NULL DEFAULT '',
  log text NOT NULL DEFAULT '',
  log_truncated boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX execution_instances_order_idx ON execution_instances (order_id, batch_index, id);
